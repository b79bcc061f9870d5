/**
 * The groups of nodes that lie on cycles of a directed graph (its strongly connected components
 * with more than one node, or one node pointing to itself), each in the order its nodes were
 * reached from `keys`. One pass over the whole graph (Tarjan's algorithm with its own stack, so a
 * chain 100,000 long does not overflow the call stack): linear in nodes and edges, where asking
 * `findCycle` of every node costs the square of a long chain.
 *
 * @param keys every node, in the order groups should come in
 * @param edges the nodes a node points to; nodes not in `keys` are ignored
 */
export function cycleGroups(keys: Iterable<string>, edges: (key: string) => readonly string[]): string[][] {
  const nodes = new Set(keys);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    // The search path: each node with the nodes it points to and how many were searched.
    const path: { readonly key: string; readonly next: readonly string[]; searched: number; selfLoop: boolean }[] = [];
    const enter = (key: string) => {
      index.set(key, counter);
      low.set(key, counter++);
      stack.push(key);
      onStack.add(key);
      path.push({ key, next: edges(key).filter((next) => nodes.has(next)), searched: 0, selfLoop: false });
    };
    enter(root);
    while (path.length > 0) {
      const top = path[path.length - 1];
      if (top.searched < top.next.length) {
        const next = top.next[top.searched++];
        if (next === top.key) top.selfLoop = true;
        if (!index.has(next)) enter(next);
        else if (onStack.has(next)) low.set(top.key, Math.min(low.get(top.key)!, index.get(next)!));
        continue;
      }
      path.pop();
      if (path.length > 0) {
        const parent = path[path.length - 1].key;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.key)!));
      }
      if (low.get(top.key) !== index.get(top.key)) continue;
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== top.key);
      if (group.length > 1 || top.selfLoop) groups.push(group.reverse());
    }
  }
  return groups;
}
