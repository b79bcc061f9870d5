/**
 * Looks for a path from `start` back to `start` in a directed graph given by `edges`, and returns
 * it as a list of keys (`['a', 'b', 'a']`), or `undefined` when `start` is on no cycle.
 * Each node is visited once, so the cost is linear in the reachable part of the graph.
 *
 * @param start the node that just changed
 * @param edges the nodes a node points to (prerequisite keys, referenced segment keys)
 */
export function findCycle(start: string, edges: (key: string) => readonly string[]): string[] | undefined {
  const visited = new Set<string>();
  const path: string[] = [start];

  const visit = (key: string): boolean => {
    for (const next of edges(key)) {
      if (next === start) {
        path.push(next);
        return true;
      }
      if (visited.has(next)) continue;
      visited.add(next);
      path.push(next);
      if (visit(next)) return true;
      path.pop();
    }
    return false;
  };

  return visit(start) ? path : undefined;
}
