import assert from 'node:assert/strict';
import { silentLogger } from '../../../lib/logging/logger';
import { BOOTSTRAP_PRINCIPAL, tokenDigest } from '../../../lib/server/http/admin-auth';
import { Management } from '../../../lib/server/management/management';
import type { AuditEntry, ManagementStore, TokenRecord } from '../../../lib/server/management/management-store';

/**
 * A token table whose reads answer what was stored when the read began, after a delay chosen per
 * read: the way two queries on two pooled connections can finish in the other order.
 */
function slowTokenTable() {
  let rows: TokenRecord[] = [];
  const delays: number[] = [];
  const store = {
    async listTokens() {
      const snapshot = rows.map((row) => ({ ...row }));
      await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
      return snapshot;
    },
    async putToken(token: TokenRecord) {
      rows = [...rows.filter((row) => row.id !== token.id), token];
    },
    async appendAudit(entry: Omit<AuditEntry, 'id'>) {
      return { id: '1', ...entry };
    },
    async transaction<T>(work: (tx: unknown) => Promise<T>) {
      return work(undefined);
    },
    async close() {},
  };
  return {
    store: store as unknown as ManagementStore,
    /** The next reads' delays, ms. */
    delays,
    /** Another replica's change: the row as stored. */
    write(token: TokenRecord) {
      rows = [...rows.filter((row) => row.id !== token.id), token];
    },
  };
}

const SECRET = 'fst_other-replica-secret';
const TOKEN: TokenRecord = { id: 't1', name: 'ops', role: 'writer', digest: tokenDigest(SECRET), hint: 'fst_othe…', createdAt: 1, createdBy: 'bootstrap' };

describe('Management: the token cache across reloads', () => {
  it('ends with the newest read when an older reload finishes last (a revoked token stays revoked)', async () => {
    const table = slowTokenTable();
    table.write(TOKEN);
    const management = await Management.open(table.store, () => 2, silentLogger);
    assert.equal(management.resolveToken(TOKEN.digest)?.name, 'ops');

    table.delays.push(40, 0); // the first reload's read is slow, the next one fast
    const first = management.reloadTokens(); // reads "valid"
    table.write({ ...TOKEN, revokedAt: 2 }); // revoked on another replica; its notification:
    const second = management.reloadTokens();
    await Promise.all([first, second]);
    assert.equal(management.resolveToken(TOKEN.digest), undefined);
  });

  it('keeps a token this server created while a reload begun before was in flight', async () => {
    const table = slowTokenTable();
    const management = await Management.open(table.store, () => 2, silentLogger);
    table.delays.push(40);
    const inFlight = management.reloadTokens(); // reads the table without the new token
    const { secret } = await management.createToken({ name: 'ci', role: 'reader' }, BOOTSTRAP_PRINCIPAL);
    await inFlight;
    assert.equal(management.resolveToken(tokenDigest(secret))?.name, 'ci');
  });
});
