/** The kind of a context that has none: legacy users, and the default of clauses and rollouts. */
export const USER_KIND = 'user';

/** The `kind` of a multi-kind context. */
export const MULTI_KIND = 'multi';

const KIND_CHARS = /^[A-Za-z0-9_.-]+$/;

/**
 * Why `kind` cannot be a context kind, or `undefined` when it can. A kind is a non-empty string of
 * ASCII letters, digits, `_`, `.` and `-`, and not the word `kind` (docs/evaluation.md, "Contexts"; `multi` is
 * rejected by the callers where it is not allowed).
 *
 * @param kind the candidate kind (any JSON value)
 */
export function kindError(kind: unknown): string | undefined {
  if (kind === USER_KIND) return undefined; // the common case, without a regex
  if (typeof kind !== 'string') return `context kind must be a string, got ${describe(kind)}`;
  if (kind === '') return 'context kind must be a non-empty string';
  if (kind === 'kind') return "context kind must not be 'kind'";
  if (!KIND_CHARS.test(kind)) return `context kind '${kind}' contains invalid characters`;
  return undefined;
}

/**
 * Escapes a context key for a fully-qualified (canonical) key: `%` ⇒ `%25`, `:` ⇒ `%3A`.
 *
 * @param key a context key
 */
export function escapeKeyForCanonical(key: string): string {
  if (!key.includes('%') && !key.includes(':')) return key;
  return key.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/**
 * A short description of a JSON value for error messages (type, and the value when short).
 *
 * @param value any value
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 40)}…'` : `'${value}'`;
  return `${typeof value} ${String(value)}`;
}
