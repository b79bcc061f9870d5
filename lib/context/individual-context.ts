import type { AttributeRef } from './attribute-ref';

/**
 * One kind's part of an evaluation context: the whole of a single-kind context or a legacy user,
 * or one member of a multi-kind context.
 *
 * Attribute values are read lazily from the object the application passed in: nothing is copied
 * when a context is parsed. Treat everything returned here as read-only.
 */
export interface IndividualContext {
  /** The context kind, e.g. `user` or `org`. */
  readonly kind: string;
  /** The context key (for a legacy user, its `key` converted with `String()`; may be `""`). */
  readonly key: string;
  /**
   * True when the context's `anonymous` attribute is exactly `true` (what analytics events use to
   * decide whether an anonymous context's attributes are redacted). Evaluation reads `anonymous`
   * through {@link get}, as a boolean (`!!anonymous`).
   */
  readonly anonymous: boolean;
  /**
   * The attributes the context itself marks private (`_meta.privateAttributes`, parsed as
   * attribute references, or a legacy user's `privateAttributeNames`, taken as literal names).
   * Parsed on first use; an entry that is not a valid reference is kept (with `valid === false`).
   */
  readonly privateAttributes: readonly AttributeRef[];
  /**
   * Reads an attribute exactly as LaunchDarkly evaluation does: path components go through JSON
   * objects only (never arrays), `anonymous` at the top level reads as a boolean, `kind` reads as
   * this context's kind, `undefined` when absent or when `ref` is invalid.
   *
   * @param ref a parsed attribute reference
   */
  get(ref: AttributeRef): unknown;
  /** The names of the top-level attributes of {@link toObject} (including `kind` and `key`). */
  attributeNames(): readonly string[];
  /**
   * This context's attributes as a plain object in context form: `{ kind, key, …attributes,
   * _meta? }`. For a single-kind context this is the object the application passed in (not a
   * copy, do not modify it); a legacy user is converted (custom attributes at top level) once, on
   * first call.
   */
  toObject(): Readonly<Record<string, unknown>>;
}
