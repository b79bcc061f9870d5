/**
 * The first `limit` characters of `JSON.stringify(value)` (followed by `…` when there is more),
 * for error messages about untrusted input. Unlike `JSON.stringify`, it does only about `limit`
 * characters' worth of work and recursion, whatever the value: a 50 MB item or an array nested
 * 600,000 deep (which makes `JSON.stringify` and `String` throw `RangeError`) is cut after its
 * first `limit` characters. Values JSON has no text for are shown as `JSON.stringify` shows them
 * inside an array (`null`), or with `String` at the top (`undefined` is `undefined`).
 *
 * @param value any value, typically parsed JSON or YAML
 * @param limit characters kept before the `…` (default 60)
 */
export function jsonPreview(value: unknown, limit = 60): string {
  const out: string[] = [];
  let length = 0;
  const put = (piece: string): boolean => {
    out.push(piece);
    length += piece.length;
    return length <= limit;
  };
  const write = (item: unknown): boolean => {
    if (item !== null && typeof item === 'object' && typeof (item as { toJSON?: unknown }).toJSON === 'function') {
      item = (item as { toJSON(): unknown }).toJSON();
    }
    switch (typeof item) {
      case 'string':
        // Only the start of a long string is escaped: the rest would be cut anyway.
        return put(JSON.stringify(item.length > limit + 1 ? item.slice(0, limit + 1) : item));
      case 'number':
      case 'boolean':
        return put(JSON.stringify(item));
      case 'bigint':
        return put(String(item));
      case 'object':
        break;
      default:
        return put('null');
    }
    if (item === null) return put('null');
    if (Array.isArray(item)) {
      if (!put('[')) return false;
      for (let i = 0; i < item.length; i++) {
        if (i > 0 && !put(',')) return false;
        if (!write(item[i])) return false;
      }
      return put(']');
    }
    if (!put('{')) return false;
    let first = true;
    for (const key of Object.keys(item)) {
      const member = (item as Record<string, unknown>)[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      if (!first && !put(',')) return false;
      first = false;
      if (!put(`${JSON.stringify(key.length > limit + 1 ? key.slice(0, limit + 1) : key)}:`)) return false;
      if (!write(member)) return false;
    }
    return put('}');
  };
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  write(value);
  const text = out.join('');
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
