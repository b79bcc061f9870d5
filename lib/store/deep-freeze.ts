const hasOwn = Object.prototype.hasOwnProperty;

/** The work list, shared by every call (each uses the part above where it started), so a call allocates none. */
const pending: object[] = [];

/**
 * Freezes a value and every object and array reachable from it (through own enumerable
 * properties; array elements by index), so that data held by the store (and shared with every
 * snapshot and the evaluator) can never be changed afterwards.
 *
 * Iterative, so a deeply nested value cannot overflow the stack. Shared sub-objects, cycles and
 * objects that were frozen beforehand (whose children may not be) are fine: an object is frozen
 * as soon as it is reached, so being frozen marks it as seen, and an object found frozen already
 * is walked once more at most (tracked in a set created only then). A tree such as a decoded JSON
 * item, the usual input, is walked once and allocates nothing.
 * Primitives are returned as they are.
 *
 * @returns `value` itself, now frozen
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  let rewalked: Set<object> | undefined;
  if (Object.isFrozen(value)) rewalked = new Set([value]);
  else Object.freeze(value);
  const base = pending.length;
  pending.push(value);
  try {
    while (pending.length > base) {
      const current = pending.pop()!;
      if (Array.isArray(current)) {
        for (let i = 0; i < current.length; i++) rewalked = reach(current[i], rewalked);
      } else {
        // for-in with an own-property check: the own enumerable keys, without allocating a key list.
        for (const key in current) {
          if (hasOwn.call(current, key)) rewalked = reach((current as Record<string, unknown>)[key], rewalked);
        }
      }
    }
  } finally {
    pending.length = base; // also after a throw (e.g. a typed array cannot be frozen): keep nothing
  }
  return value;
}

/** Freezes and queues `child` if it is an object not seen yet; returns the (possibly created) set of re-walked objects. */
function reach(child: unknown, rewalked: Set<object> | undefined): Set<object> | undefined {
  if (child === null || typeof child !== 'object') return rewalked;
  if (!Object.isFrozen(child)) {
    Object.freeze(child);
    pending.push(child);
    return rewalked;
  }
  const seen = rewalked ?? new Set<object>();
  if (!seen.has(child)) {
    seen.add(child);
    pending.push(child);
  }
  return seen;
}
