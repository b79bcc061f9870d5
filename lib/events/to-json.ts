/** Nesting deeper than this is cut off when a value has to be sanitized. */
const MAX_DEPTH = 100;

/**
 * Serializes an event (or any value from the application) to JSON without ever throwing. The
 * common case is one `JSON.stringify`; when that throws (a cycle, a `BigInt`, a throwing getter
 * or `toJSON`), the value is copied with the offending parts left out — a repeated object on the
 * current path, `BigInt`s, values whose reading throws, anything nested deeper than 100 levels —
 * and serialized again.
 *
 * @example
 * const a: Record<string, unknown> = { x: 1 }; a.self = a;
 * toJson(a);            // '{"x":1}'
 * toJson({ n: 1n });    // '{}'
 *
 * @param value anything
 * @returns the JSON text, or `undefined` when `value` has no JSON form (e.g. `undefined`)
 */
export function toJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    try {
      return JSON.stringify(sanitize(value, [], 0));
    } catch {
      return undefined;
    }
  }
}

/** A JSON-safe copy of `value`; `undefined` stands for "leave it out". */
function sanitize(value: unknown, path: object[], depth: number): unknown {
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH || path.includes(value)) return undefined;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let converted: unknown;
    try {
      converted = toJSON.call(value);
    } catch {
      return undefined;
    }
    if (converted !== value) return sanitize(converted, path, depth + 1);
  }
  path.push(value);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) out.push(sanitize(read(value, i), path, depth + 1) ?? null);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = sanitize(read(value, key), path, depth + 1);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    path.pop();
  }
}

/** Reads a property, treating a throwing getter as absent. */
function read(target: object, key: string | number): unknown {
  try {
    return (target as Record<string | number, unknown>)[key];
  } catch {
    return undefined;
  }
}
