import type { DataKind, ItemRef } from '../model/data-kind';

/** A node id: `f` or `s` (the kind) followed by the key. Unambiguous since the prefix is one character. */
type NodeId = string;

function nodeId(kind: DataKind, key: string): NodeId {
  return kind === 'flags' ? `f${key}` : `s${key}`;
}

function refOf(id: NodeId): ItemRef {
  return { kind: id.charCodeAt(0) === 102 /* f */ ? 'flags' : 'segments', key: id.slice(1) };
}

/** Shared by every item without dependencies; never mutated. */
const NO_EDGES: ReadonlySet<NodeId> = new Set();

/**
 * Which flags and segments depend on which (docs/evaluation.md, "Change propagation"), in both directions, so that a change
 * to one item yields every flag whose result may have changed.
 *
 * Edges point from an item to what it uses: flag → prerequisite flag, flag → segment (via a
 * `segmentMatch` clause), segment → segment. An edge may name an item that is not (yet) stored:
 * when that item arrives, its dependents are found through the edge.
 *
 * Every operation costs O(the edges it touches), never O(all items), so a patch of one flag in a
 * large store stays cheap. Cycles are allowed and never cause a loop.
 *
 * ## Example
 * ```ts
 * const graph = new DependencyGraph();
 * graph.setDependencies('flags', 'checkout', [{ kind: 'flags', key: 'new-ui' }]);
 * graph.setDependencies('flags', 'new-ui', [{ kind: 'segments', key: 'beta' }]);
 * graph.affectedFlags([{ kind: 'segments', key: 'beta' }]); // Set { 'new-ui', 'checkout' }
 * ```
 */
export class DependencyGraph {
  /** item → what it depends on (forward edges). */
  private readonly uses = new Map<NodeId, ReadonlySet<NodeId>>();
  /** item → what depends on it (reverse edges). */
  private readonly usedBy = new Map<NodeId, Set<NodeId>>();

  /**
   * Replaces the dependencies of one item (its forward edges) and updates the reverse edges.
   * Duplicates in `dependencies` count once. Costs O(old edges + new edges of this item); edges
   * that stay are not touched, so re-sending an item with the same dependencies changes no map key.
   */
  setDependencies(kind: DataKind, key: string, dependencies: Iterable<ItemRef>): void {
    const from = nodeId(kind, key);
    const previous = this.uses.get(from);
    let next: Set<NodeId> | undefined; // built only if there is a dependency: most flags have none
    for (const dependency of dependencies) (next ??= new Set()).add(nodeId(dependency.kind, dependency.key));
    if (previous !== undefined) {
      for (const to of previous) {
        if (next === undefined || !next.has(to)) this.unlink(from, to);
      }
    }
    if (next !== undefined) {
      for (const to of next) {
        if (previous === undefined || !previous.has(to)) this.link(from, to);
      }
      this.uses.set(from, next);
    } else if (previous !== undefined && previous !== NO_EDGES) {
      // Never delete a key here (see unlink); an item that lost all its edges keeps a shared empty set.
      this.uses.set(from, NO_EDGES);
    }
  }

  /**
   * Forgets what an item depends on (it was deleted). Edges from other items to it stay: they
   * still name it, and must find their way back if it is recreated.
   */
  removeItem(kind: DataKind, key: string): void {
    this.setDependencies(kind, key, []);
  }

  /** Removes every edge. */
  clear(): void {
    this.uses.clear();
    this.usedBy.clear();
  }

  /** What one item directly depends on (its prerequisites and segments), in no particular order. */
  dependenciesOf(kind: DataKind, key: string): ItemRef[] {
    return [...(this.uses.get(nodeId(kind, key)) ?? [])].map(refOf);
  }

  /** What directly depends on one item (one step of the reverse edges), in no particular order. */
  dependentsOf(kind: DataKind, key: string): ItemRef[] {
    return [...(this.usedBy.get(nodeId(kind, key)) ?? [])].map(refOf);
  }

  /**
   * The keys of every flag whose result may change when the given items change: each changed
   * flag itself, plus every flag that depends on a changed item, transitively (through
   * prerequisites, segments and nested segments). Each item is visited once, so cycles terminate.
   * Costs O(affected items + their reverse edges).
   */
  affectedFlags(changed: Iterable<ItemRef>): Set<string> {
    const flags = new Set<string>();
    const visited = new Set<NodeId>();
    const pending: NodeId[] = [];
    for (const ref of changed) {
      const id = nodeId(ref.kind, ref.key);
      if (!visited.has(id)) {
        visited.add(id);
        pending.push(id);
      }
    }
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (id.charCodeAt(0) === 102 /* f */) flags.add(id.slice(1));
      const dependents = this.usedBy.get(id);
      if (dependents === undefined) continue;
      for (const dependent of dependents) {
        if (visited.has(dependent)) continue;
        visited.add(dependent);
        pending.push(dependent);
      }
    }
    return flags;
  }

  /**
   * {@link affectedFlags} of one changed item, for the common case of a patch: an item nothing
   * depends on costs one lookup (the result is the key itself for a flag, nothing for a segment).
   */
  affectedFlagsOf(kind: DataKind, key: string): Set<string> {
    const dependents = this.usedBy.get(nodeId(kind, key));
    if (dependents !== undefined && dependents.size > 0) return this.affectedFlags([{ kind, key }]);
    const flags = new Set<string>();
    if (kind === 'flags') flags.add(key);
    return flags;
  }

  private link(from: NodeId, to: NodeId): void {
    const sources = this.usedBy.get(to);
    if (sources === undefined) this.usedBy.set(to, new Set([from]));
    else sources.add(from);
  }

  private unlink(from: NodeId, to: NodeId): void {
    const sources = this.usedBy.get(to);
    if (sources === undefined) return;
    // An emptied set stays in the map: deleting and re-adding keys of a large Map can make V8
    // rehash all of it again and again (measured: patches 30x slower at 100,000 flags). Empty
    // sets go at the next clear(), which the store calls on every init.
    sources.delete(from);
  }
}
