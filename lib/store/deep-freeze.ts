/**
 * Freezes a value and every object and array reachable from it, so that data held by the store
 * (and shared with every snapshot and the evaluator) can never be changed afterwards.
 *
 * Iterative, so a deeply nested value cannot overflow the stack; each object is visited once, so
 * shared sub-objects and cycles are fine. Primitives are returned as they are.
 *
 * @returns `value` itself, now frozen
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const visited = new Set<object>();
  const pending: object[] = [value as object];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (visited.has(current)) continue;
    visited.add(current);
    Object.freeze(current);
    for (const key of Object.keys(current)) {
      const child: unknown = (current as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object' && !visited.has(child)) pending.push(child);
    }
  }
  return value;
}
