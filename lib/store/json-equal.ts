/**
 * Deep equality of two JSON values (what decoded flags and segments are made of): same primitives,
 * arrays of equal length with equal elements in order, objects with the same keys (in any order)
 * and equal values. A property whose value is `undefined` counts as absent, as in JSON.
 *
 * Iterative, so a hostile, deeply nested value cannot overflow the stack; also safe on cyclic
 * objects (not JSON, but possible from programmatic sources). Objects other than plain objects and
 * arrays are compared by their own enumerable properties only.
 *
 * ## Example
 * ```ts
 * jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }); // true
 * jsonEqual({ a: 1 }, { a: 1, b: 2 });                   // false
 * ```
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: unknown[] = [a, b];
  let seen: Map<object, Set<object>> | undefined;
  while (pending.length > 0) {
    const y = pending.pop();
    const x = pending.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (seen === undefined) seen = new Map();
    let partners = seen.get(x);
    if (partners === undefined) {
      partners = new Set();
      seen.set(x, partners);
    } else if (partners.has(y)) {
      continue; // this pair is already being compared (a cycle or a shared sub-object)
    }
    partners.add(y);
    const isArray = Array.isArray(x);
    if (isArray !== Array.isArray(y)) return false;
    if (isArray) {
      const xs = x as unknown[];
      const ys = y as unknown[];
      if (xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) pending.push(xs[i], ys[i]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    let xCount = 0;
    for (const key of Object.keys(xo)) {
      const value = xo[key];
      if (value === undefined) continue;
      if (!Object.prototype.hasOwnProperty.call(yo, key)) return false;
      xCount++;
      pending.push(value, yo[key]);
    }
    let yCount = 0;
    for (const key of Object.keys(yo)) {
      if (yo[key] !== undefined) yCount++;
    }
    if (xCount !== yCount) return false;
  }
  return true;
}
