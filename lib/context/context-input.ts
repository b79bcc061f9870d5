/**
 * The shapes of context an application passes to the client (LaunchDarkly's JSON forms): a
 * single-kind context, a multi-kind context, or a legacy user object. These are the types of the
 * `context` parameters; anything else is rejected at run time (the evaluation returns the default
 * with error `USER_NOT_SPECIFIED`), so a value of another shape needs an explicit cast.
 */

/** `_meta` of a context: attributes to redact from analytics events. */
export interface ContextMeta {
  /** Attribute references (`name`, `/address/city`) never sent in events. @default none */
  readonly privateAttributes?: readonly string[];
}

/** The attributes of one kind of context: a `key` plus any JSON attributes. */
export interface ContextAttributes {
  /** Identifies the context within its kind; must not be empty. */
  readonly key: string;
  readonly name?: string;
  /** Anonymous contexts are left out of index events. @default false */
  readonly anonymous?: boolean;
  readonly _meta?: ContextMeta;
  readonly [attribute: string]: unknown;
}

/** A single-kind context: `{ kind: 'user', key: 'alice', … }`. */
export interface SingleKindContextInput extends ContextAttributes {
  /** The context kind (letters, digits, `.`, `_`, `-`; not `kind` or `multi`). */
  readonly kind: string;
}

/** A multi-kind context: `{ kind: 'multi', user: { key: 'alice' }, org: { key: 'acme' } }`. */
export interface MultiKindContextInput {
  readonly kind: 'multi';
  /** One entry per kind, each that kind's attributes. */
  readonly [kind: string]: ContextAttributes | 'multi';
}

/** A legacy (pre-context) user object, evaluated as a `user` context. */
export interface LegacyUser {
  readonly key: string;
  readonly secondary?: string;
  readonly name?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly avatar?: string;
  readonly ip?: string;
  readonly country?: string;
  readonly anonymous?: boolean;
  /** Further attributes, read by rules as top-level ones. */
  readonly custom?: { readonly [attribute: string]: unknown };
  /** Attribute names never sent in events. */
  readonly privateAttributeNames?: readonly string[];
}

/** Any context the client accepts. */
export type ContextInput = SingleKindContextInput | MultiKindContextInput | LegacyUser;
