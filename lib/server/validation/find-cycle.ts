/**
 * Looks for a path from `start` back to `start` in a directed graph given by `edges`, and returns
 * it as a list of keys (`['a', 'b', 'a']`), or `undefined` when `start` is on no cycle.
 * Each node is visited once, so the cost is linear in the reachable part of the graph. The
 * search keeps its own stack (a chain of prerequisites 100,000 long does not overflow the call
 * stack).
 *
 * @param start the node that just changed
 * @param edges the nodes a node points to (prerequisite keys, referenced segment keys)
 */
export function findCycle(start: string, edges: (key: string) => readonly string[]): string[] | undefined {
  const visited = new Set<string>();
  const path: string[] = [start];
  // One entry per node of `path`: the nodes it points to, and how many of them were searched.
  const stack: { readonly edges: readonly string[]; searched: number }[] = [{ edges: edges(start), searched: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.searched === top.edges.length) {
      stack.pop();
      path.pop();
      continue;
    }
    const next = top.edges[top.searched++];
    if (next === start) {
      path.push(next);
      return path;
    }
    if (visited.has(next)) continue;
    visited.add(next);
    path.push(next);
    stack.push({ edges: edges(next), searched: 0 });
  }
  return undefined;
}
