import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/test-server';

const DATA = '/api/environments/production/data';
const flag = (key: string, prerequisite?: string) => ({
  key, version: 1, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 },
  ...(prerequisite ? { prerequisites: [{ key: prerequisite, variation: 0 }] } : {}),
});
/** Flags c0 → c1 → … → c(n-1), and back to c0 when `closed`. */
const chain = (n: number, closed: boolean) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, flag(`c${i}`, i + 1 < n ? `c${i + 1}` : closed ? 'c0' : undefined)]));

/** Imports of long prerequisite chains and cycles: one request must not cost the square of its size. */
describe('import of long prerequisite chains', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer({ limits: { maxBodyBytes: 4 * 1024 * 1024 } })));
  after(() => t.stop());

  it('takes a chain of 8,000 prerequisites (500 before: the cycle search overflowed the stack; then 21 s, checked once per flag)', async () => {
    const answer = await t.admin('PUT', DATA, { flags: chain(8000, false) });
    assert.equal(answer.status, 200, JSON.stringify(answer.json).slice(0, 300));
    assert.deepEqual(answer.json.warnings, []);
    assert.equal((await t.admin('GET', '/api/environments/production/flags/c7999')).status, 200);
  });

  it('copies that chain to another environment by its first flag, prerequisites first (500 before: the copy recursed once per link)', async () => {
    const answer = await t.admin('POST', '/api/environments/production/copy', { to: 'staging', flags: ['c0'] });
    assert.equal(answer.status, 200, JSON.stringify(answer.json).slice(0, 300));
    assert.equal(answer.json.flags.length, 8000);
    assert.deepEqual(answer.json.flags.slice(0, 2), ['c7999', 'c7998']);
    assert.equal(answer.json.flags.at(-1), 'c0');
    assert.equal((await t.admin('GET', '/api/environments/staging/flags/c0')).status, 200);
  });

  it('refuses a copy that closes a cycle of 8,000, naming it once', async () => {
    const closing = { ...flag('c7999', 'c0') };
    const answer = await t.admin('PUT', '/api/environments/staging/data', { flags: { ...chain(8000, false), c7999: closing } });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json.warnings, ['flags/c0: prerequisites: prerequisite cycle c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → c8 → c9 → … (8000 items) → c0']);
    const copied = await t.admin('POST', '/api/environments/staging/copy', { to: 'production' });
    assert.equal(copied.status, 400, JSON.stringify(copied.json).slice(0, 300));
    assert.equal(copied.json.issues.length, 1, JSON.stringify(copied.json).slice(0, 300));
    assert.match(copied.json.issues[0], /^flags\/(c\d+): prerequisites: prerequisite cycle \1 → (c\d+ → ){9}… \(8000 items\) → \1$/);
  });

  it('evaluates a flag at the top of that chain as EXCEPTION with the reason, as an SDK does (500 before: the call stack overflowed)', async () => {
    const answer = await t.admin('POST', '/api/environments/production/evaluate', { context: { kind: 'user', key: 'u' }, flags: ['c0', 'c7999'] });
    assert.equal(answer.status, 200, JSON.stringify(answer.json).slice(0, 300));
    const [top, bottom] = answer.json.items;
    assert.deepEqual([top.key, top.value, top.reason], ['c0', null, { kind: 'ERROR', errorKind: 'EXCEPTION' }]);
    assert.match(top.error, /^evaluating the flag failed: RangeError: Maximum call stack size exceeded/);
    assert.deepEqual([bottom.key, bottom.value, bottom.reason.kind, bottom.error], ['c7999', true, 'FALLTHROUGH', undefined]);
  });

  it('reports a cycle of 8,000 flags once, shortened (a 30 MB answer before: every flag listed the whole cycle)', async () => {
    const answer = await t.admin('PUT', DATA, { flags: chain(8000, true) });
    assert.equal(answer.status, 200, JSON.stringify(answer.json).slice(0, 300));
    assert.deepEqual(answer.json.warnings, ['flags/c0: prerequisites: prerequisite cycle c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → c8 → c9 → … (8000 items) → c0']);
  });

  it('still reports short flag and segment cycles in full, and a flag that is its own prerequisite', async () => {
    const answer = await t.admin('PUT', DATA, {
      flags: { a: flag('a', 'b'), b: flag('b', 'a'), self: flag('self', 'self') },
      segments: {
        s: { key: 's', version: 1, rules: [{ clauses: [{ attribute: '', op: 'segmentMatch', values: ['t'] }] }] },
        t: { key: 't', version: 1, rules: [{ clauses: [{ attribute: '', op: 'segmentMatch', values: ['s'] }] }] },
      },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.deepEqual(answer.json.warnings, [
      'flags/self: prerequisites[0].key: a flag cannot be its own prerequisite',
      'flags/a: prerequisites: prerequisite cycle a → b → a',
      'segments/s: rules: segment cycle s → t → s',
    ]);
  });
});
