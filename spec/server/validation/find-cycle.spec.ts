import assert from 'node:assert/strict';
import { findCycle } from '../../../lib/server/validation/find-cycle';

describe('findCycle', () => {
  const graph = (edges: Record<string, string[]>) => (key: string) => edges[key] ?? [];

  it('returns the path back to the start', () => {
    assert.deepEqual(findCycle('a', graph({ a: ['b'], b: ['c'], c: ['a'] })), ['a', 'b', 'c', 'a']);
    assert.deepEqual(findCycle('a', graph({ a: ['a'] })), ['a', 'a']);
  });

  it('ignores cycles that do not pass through the start, and terminates on them', () => {
    assert.equal(findCycle('a', graph({ a: ['b'], b: ['c'], c: ['b'] })), undefined);
    assert.equal(findCycle('a', graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] })), undefined);
  });

  it('stays linear on a wide diamond lattice', () => {
    const edges: Record<string, string[]> = {};
    let calls = 0;
    for (let level = 0; level < 30; level++) edges[`n${level}`] = [`n${level + 1}`, `m${level + 1}`];
    for (let level = 0; level < 30; level++) edges[`m${level}`] = [`n${level + 1}`, `m${level + 1}`];
    assert.equal(findCycle('n0', (key) => (calls++, edges[key] ?? [])), undefined);
    assert.ok(calls < 100, `${calls} edge lookups`);
  });
});
