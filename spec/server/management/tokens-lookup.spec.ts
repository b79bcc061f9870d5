import assert from 'node:assert/strict';
import { silentLogger } from '../../../lib/logging/logger';
import { tokenDigest } from '../../../lib/server/http/admin-auth';
import { Management } from '../../../lib/server/management/management';
import type { ManagementStore, TokenRecord } from '../../../lib/server/management/management-store';

/**
 * A token table shared with "other replicas" (`write`), whose reads by digest answer what was
 * stored when the read began, after `readDelayMs`, and are counted.
 */
function tokenTable() {
  let rows: TokenRecord[] = [];
  const table = {
    reads: 0,
    readDelayMs: 0,
    store: {
      async listTokens() {
        return rows.map((row) => ({ ...row }));
      },
      async findToken(digest: string) {
        table.reads++;
        const row = rows.find((candidate) => candidate.digest === digest);
        await new Promise((resolve) => setTimeout(resolve, table.readDelayMs));
        return row && { ...row };
      },
      async close() {},
    } as unknown as ManagementStore,
    write(token: TokenRecord) {
      rows = [...rows.filter((row) => row.id !== token.id), token];
    },
  };
  return table;
}

const SECRET = 'fst_made-on-another-replica';
const DIGEST = tokenDigest(SECRET);
const TOKEN: TokenRecord = { id: 't1', name: 'ops', role: 'writer', environments: ['staging'], digest: DIGEST, hint: 'fst_made…', createdAt: 1, createdBy: 'bootstrap' };

describe('Management: a token not in memory is read from the store', () => {
  it('finds a token another replica created, and keeps it in memory', async () => {
    const table = tokenTable();
    const management = await Management.open(table.store, () => 10, silentLogger);
    table.write(TOKEN); // its notification has not arrived
    assert.equal(management.resolveToken(DIGEST), undefined, 'from memory only, without readStore');
    assert.equal(table.reads, 0);
    assert.deepEqual(await management.resolveToken(DIGEST, true), { name: 'ops', role: 'writer', tokenId: 't1', environments: ['staging'] });
    assert.equal(management.resolveToken(DIGEST)?.name, 'ops', 'now from memory');
    assert.equal(table.reads, 1);
  });

  it('refuses a revoked token found in the store', async () => {
    const table = tokenTable();
    const management = await Management.open(table.store, () => 10, silentLogger);
    table.write({ ...TOKEN, revokedAt: 5 });
    assert.equal(await management.resolveToken(DIGEST, true), undefined);
  });

  it('does not trust a read during which a revocation was heard: it reads again', async () => {
    const table = tokenTable();
    const management = await Management.open(table.store, () => 10, silentLogger);
    table.write(TOKEN);
    table.readDelayMs = 40;
    const reading = management.resolveToken(DIGEST, true); // begins while the token is valid
    table.write({ ...TOKEN, revokedAt: 5 }); // revoked on another replica; its notification:
    await management.reloadTokens();
    assert.equal(await reading, undefined);
    assert.equal(management.resolveToken(DIGEST), undefined, 'not brought back into memory');
    assert.equal(table.reads, 2);
  });

  it('reads a digest once for concurrent requests, and remembers a miss for 30 s', async () => {
    const table = tokenTable();
    let now = 1_000;
    const management = await Management.open(table.store, () => now, silentLogger);
    table.readDelayMs = 10;
    const wrong = tokenDigest('fst_wrong');
    assert.deepEqual(await Promise.all([1, 2, 3].map(() => management.resolveToken(wrong, true))), [undefined, undefined, undefined]);
    assert.equal(table.reads, 1, 'one read for three requests');
    now += 29_999;
    assert.equal(management.resolveToken(wrong, true), undefined, 'answered from memory, synchronously');
    assert.equal(table.reads, 1);
    now += 1;
    assert.equal(await management.resolveToken(wrong, true), undefined);
    assert.equal(table.reads, 2, 'read again after 30 s');
  });
});
