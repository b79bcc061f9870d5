import assert from 'node:assert/strict';
import { of } from 'rxjs';
import { createClient } from '../../lib/client/create-client';
import type { DataSource } from '../../lib/data-sources/data-source';
import type { Logger } from '../../lib/logging/logger';
import type { Flag } from '../../lib/model/flag';

/** A logger that keeps `warn` lines. */
function warnings(): Logger & { warned: string[] } {
  const warned: string[] = [];
  const ignore = () => undefined;
  return { warned, debug: ignore, info: ignore, error: ignore, warn: (message: string) => void warned.push(message) };
}

const flag = (key: string, pattern: string): Flag => ({
  key, version: 1, on: true, variations: [false, true], offVariation: 0, fallthrough: { variation: 0 },
  rules: [{ id: 'r', variation: 1, clauses: [{ attribute: 'email', op: 'matches', values: [pattern] }] }],
});

describe('client: what preparing a flag finds is logged', () => {
  it('warns once, naming the flag and the clause, about a pattern the regex rule never matches', async () => {
    const logger = warnings();
    const put = { type: 'put', data: { flags: { backref: flag('backref', '(\\w)\\1'), nested: flag('nested', '^(\\d+\\.)+\\d+$') }, segments: {} } } as const;
    const source: DataSource = { connect: () => of(put, { type: 'status', state: 'VALID' } as const, put) };
    const client = createClient({ dataSource: source, sendEvents: false, logger });
    try {
      await client.waitForInitialization({ timeout: 1000 });
      assert.deepEqual(logger.warned.filter((line) => line.includes('regular expression')), [
        "flag 'backref': rules[0].clauses[0]: regular expression '(\\w)\\1' refused: it uses a back-reference, which no linear-time engine runs; it never matches",
      ]);
      assert.equal(client.variation('backref', { key: 'u', email: 'aa' }, 'default'), false);
      assert.equal(client.variation('nested', { key: 'u', email: '1.2.3' }, 'default'), true);
    } finally {
      await client.close();
    }
  });
});
