/**
 * RFC 3339 date-time as the Node SDK accepts it: date, `T`, time, optional fraction, and a zone
 * (`Z` or `±hh`/`±hh:mm`). Anchored at the start only, like the Node SDK's check; `Date.parse`
 * then decides (and yields NaN for what it cannot read).
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[-+]\d{2}(:\d{2})?)/;

/**
 * The instant a value stands for in the `before`/`after` operators, in Unix milliseconds: a
 * number as is, a string in RFC 3339 form through `Date.parse` (possibly NaN, which compares
 * false with everything); `undefined` for anything else (a date without time or zone, a numeric
 * string, null, booleans, objects).
 *
 * @param value any JSON value
 */
export function parseDateValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DATE_TIME.test(value)) return Date.parse(value);
  return undefined;
}
