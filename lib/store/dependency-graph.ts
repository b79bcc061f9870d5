import type { ItemKind, ItemRef } from './item-ref';

/** A node id: `f` or `s` (the kind) followed by the key. Unambiguous since the prefix is one character. */
type NodeId = string;

function nodeId(kind: ItemKind, key: string): NodeId {
  return kind === 'flags' ? `f${key}` : `s${key}`;
}

function refOf(id: NodeId): ItemRef {
  return { kind: id.charCodeAt(0) === 102 /* f */ ? 'flags' : 'segments', key: id.slice(1) };
}

/**
 * Which flags and segments depend on which (reference §4.4), in both directions, so that a change
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
  private readonly uses = new Map<NodeId, Set<NodeId>>();
  /** item → what depends on it (reverse edges). */
  private readonly usedBy = new Map<NodeId, Set<NodeId>>();

  /**
   * Replaces the dependencies of one item (its forward edges) and updates the reverse edges.
   * Duplicates in `dependencies` count once. Costs O(old edges + new edges of this item).
   */
  setDependencies(kind: ItemKind, key: string, dependencies: Iterable<ItemRef>): void {
    const from = nodeId(kind, key);
    this.dropEdgesFrom(from);
    let targets: Set<NodeId> | undefined;
    for (const dependency of dependencies) {
      const to = nodeId(dependency.kind, dependency.key);
      if (targets === undefined) targets = new Set();
      if (targets.has(to)) continue;
      targets.add(to);
      let sources = this.usedBy.get(to);
      if (sources === undefined) {
        sources = new Set();
        this.usedBy.set(to, sources);
      }
      sources.add(from);
    }
    if (targets !== undefined) this.uses.set(from, targets);
  }

  /**
   * Forgets what an item depends on (it was deleted). Edges from other items to it stay: they
   * still name it, and must find their way back if it is recreated.
   */
  removeItem(kind: ItemKind, key: string): void {
    this.dropEdgesFrom(nodeId(kind, key));
  }

  /** Removes every edge. */
  clear(): void {
    this.uses.clear();
    this.usedBy.clear();
  }

  /** What one item directly depends on (its prerequisites and segments), in no particular order. */
  dependenciesOf(kind: ItemKind, key: string): ItemRef[] {
    return [...(this.uses.get(nodeId(kind, key)) ?? [])].map(refOf);
  }

  /** What directly depends on one item (one step of the reverse edges), in no particular order. */
  dependentsOf(kind: ItemKind, key: string): ItemRef[] {
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

  private dropEdgesFrom(from: NodeId): void {
    const targets = this.uses.get(from);
    if (targets === undefined) return;
    this.uses.delete(from);
    for (const to of targets) {
      const sources = this.usedBy.get(to);
      if (sources === undefined) continue;
      sources.delete(from);
      if (sources.size === 0) this.usedBy.delete(to);
    }
  }
}
