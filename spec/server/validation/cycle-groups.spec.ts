import assert from 'node:assert/strict';
import { cycleGroups } from '../../../lib/server/validation/cycle-groups';

const graph = (edges: Record<string, string[]>) => (key: string) => edges[key] ?? [];

describe('cycleGroups', () => {
  it('finds each group of nodes on a cycle once, self-loops included, and nothing for a DAG', () => {
    const edges = { a: ['b'], b: ['c', 'x'], c: ['a'], d: ['d'], e: ['a'], x: [], y: ['z'], z: ['y'] };
    assert.deepEqual(cycleGroups(Object.keys(edges), graph(edges)), [['a', 'b', 'c'], ['d'], ['y', 'z']]);
    assert.deepEqual(cycleGroups(['a', 'b', 'c', 'd'], graph({ a: ['b', 'c'], b: ['d'], c: ['d'] })), []);
    assert.deepEqual(cycleGroups(['a', 'b'], graph({ a: ['b', 'missing'], b: ['a'] })), [['a', 'b']], 'nodes not listed are ignored');
  });

  it('walks a chain of 200,000 without overflowing the stack, calling edges once per node', () => {
    const n = 200_000;
    let calls = 0;
    const keys = Array.from({ length: n }, (_, i) => `n${i}`);
    const chain = (key: string) => (calls++, [`n${(Number(key.slice(1)) + 1) % n}`]);
    assert.deepEqual(cycleGroups(keys, chain).map((group) => group.length), [n]);
    assert.equal(calls, n);
  });
});
