import assert from 'node:assert/strict';
import { DependencyGraph } from '../../lib/store/dependency-graph';
import type { DataKind, ItemRef } from '../../lib/model/data-kind';
import { sorted } from './store-fixtures';

const f = (key: string): ItemRef => ({ kind: 'flags', key });
const s = (key: string): ItemRef => ({ kind: 'segments', key });
const show = (refs: ItemRef[]): string[] => refs.map((r) => `${r.kind}:${r.key}`).sort();

describe('DependencyGraph', () => {
  it('keeps forward and reverse edges', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'a', [f('b'), s('x'), s('x')]);
    graph.setDependencies('segments', 'x', [s('y')]);
    assert.deepEqual(show(graph.dependenciesOf('flags', 'a')), ['flags:b', 'segments:x']);
    assert.deepEqual(show(graph.dependentsOf('flags', 'b')), ['flags:a']);
    assert.deepEqual(show(graph.dependentsOf('segments', 'x')), ['flags:a']);
    assert.deepEqual(show(graph.dependentsOf('segments', 'y')), ['segments:x']);
    assert.deepEqual(graph.dependentsOf('flags', 'a'), []);
  });

  it('keeps a flag and a segment with the same key apart', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'a', [s('same')]);
    graph.setDependencies('flags', 'b', [f('same')]);
    assert.deepEqual(sorted(graph.affectedFlags([s('same')])), ['a']);
    assert.deepEqual(sorted(graph.affectedFlags([f('same')])), ['b', 'same']);
  });

  it('replaces the old edges of an item', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'a', [f('b')]);
    graph.setDependencies('flags', 'a', [f('c')]);
    assert.deepEqual(graph.dependentsOf('flags', 'b'), []);
    assert.deepEqual(show(graph.dependentsOf('flags', 'c')), ['flags:a']);
    assert.deepEqual(sorted(graph.affectedFlags([f('b')])), ['b']);
    graph.setDependencies('flags', 'a', [f('b')]);
    assert.deepEqual(sorted(graph.affectedFlags([f('b')])), ['a', 'b']);
    assert.deepEqual(sorted(graph.affectedFlags([f('c')])), ['c']);
  });

  it('forgets what a removed item used but keeps edges that point at it', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'a', [f('b')]);
    graph.setDependencies('flags', 'b', [s('x')]);
    graph.removeItem('flags', 'b');
    assert.deepEqual(graph.dependenciesOf('flags', 'b'), []);
    assert.deepEqual(graph.dependentsOf('segments', 'x'), []);
    assert.deepEqual(sorted(graph.affectedFlags([f('b')])), ['a', 'b']);
  });

  it('propagates through a prerequisite of a prerequisite', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'top', [f('middle')]);
    graph.setDependencies('flags', 'middle', [f('bottom')]);
    graph.setDependencies('flags', 'other', []);
    assert.deepEqual(sorted(graph.affectedFlags([f('bottom')])), ['bottom', 'middle', 'top']);
  });

  it('propagates from a segment inside a segment to the flags using the outer one', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('segments', 'outer', [s('inner')]);
    graph.setDependencies('flags', 'uses-outer', [s('outer')]);
    graph.setDependencies('flags', 'depends-on-it', [f('uses-outer')]);
    assert.deepEqual(sorted(graph.affectedFlags([s('inner')])), ['depends-on-it', 'uses-outer']);
  });

  it('terminates on cycles and reports every flag in them', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'a', [f('b')]);
    graph.setDependencies('flags', 'b', [f('c')]);
    graph.setDependencies('flags', 'c', [f('a')]);
    graph.setDependencies('segments', 'x', [s('y')]);
    graph.setDependencies('segments', 'y', [s('x')]);
    graph.setDependencies('segments', 'self', [s('self')]);
    graph.setDependencies('flags', 'd', [s('x'), s('self')]);
    assert.deepEqual(sorted(graph.affectedFlags([f('a')])), ['a', 'b', 'c']);
    assert.deepEqual(sorted(graph.affectedFlags([s('y')])), ['d']);
    assert.deepEqual(sorted(graph.affectedFlags([s('self')])), ['d']);
  });

  it('affectedFlagsOf gives what affectedFlags gives for one item, with and without dependents', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'uses-seg', [s('seg')]);
    graph.setDependencies('flags', 'uses-prereq', [f('prereq')]);
    graph.setDependencies('flags', 'gone', [f('lonely')]);
    graph.removeItem('flags', 'gone'); // leaves an emptied reverse-edge set behind
    const cases: [DataKind, string][] = [['flags', 'prereq'], ['flags', 'lonely'], ['flags', 'unknown'], ['segments', 'seg'], ['segments', 'unused']];
    for (const [kind, key] of cases) {
      assert.deepEqual(sorted(graph.affectedFlagsOf(kind, key)), sorted(graph.affectedFlags([{ kind, key }])), `${kind} ${key}`);
    }
    assert.deepEqual(sorted(graph.affectedFlagsOf('flags', 'lonely')), ['lonely']);
    assert.deepEqual(sorted(graph.affectedFlagsOf('segments', 'seg')), ['uses-seg']);
    assert.deepEqual(sorted(graph.affectedFlagsOf('segments', 'unused')), []);
  });

  it('an item that loses its last dependency keeps none, and can gain new ones', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'a', [f('b'), s('x')]);
    graph.setDependencies('flags', 'a', []);
    assert.deepEqual(graph.dependenciesOf('flags', 'a'), []);
    assert.deepEqual(sorted(graph.affectedFlags([f('b')])), ['b']);
    graph.setDependencies('flags', 'a', []);
    graph.setDependencies('flags', 'a', [s('x')]);
    assert.deepEqual(graph.dependenciesOf('flags', 'a'), [s('x')]);
    assert.deepEqual(sorted(graph.affectedFlags([s('x')])), ['a']);
  });

  it('clear removes every edge', () => {
    const graph = new DependencyGraph();
    graph.setDependencies('flags', 'a', [f('b')]);
    graph.clear();
    assert.deepEqual(sorted(graph.affectedFlags([f('b')])), ['b']);
  });
});
