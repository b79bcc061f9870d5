/**
 * Applies a JSON merge patch (RFC 7396) to `target` without changing it: objects merge key by
 * key, `null` removes a key, anything else (arrays included) replaces the value.
 *
 * @param target the current document
 * @param patch the merge patch
 * @returns the patched document (shares untouched sub-values with `target`)
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = {};
  if (isObject(target)) for (const [key, value] of Object.entries(target)) define(result, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else define(result, key, applyMergePatch(result[key], value));
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain assignment would treat a `__proto__` key from JSON as the prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
