import type { AttributeRef } from './attribute-ref';
import * as contextKind from './context-kind';
import type { IndividualContext } from './individual-context';
import * as legacyUserContext from './legacy-user-context';
import * as multiKindContext from './multi-kind-context';
import * as privateAttributes from './private-attributes';
import * as singleKindContext from './single-kind-context';

// Local copies of imported values used per evaluation: on this file's path they measurably pay
// (docs/evaluation.md, "Speed"); elsewhere imports are used as they are.
const { describe, kindError, MULTI_KIND } = contextKind;
const { SingleKindContext } = singleKindContext;
const { LegacyUserContext } = legacyUserContext;
const { MultiKindContext } = multiKindContext;
const { privateAttributesError } = privateAttributes;
type SingleKindContext = singleKindContext.SingleKindContext;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A validated context to evaluate flags for: single-kind, multi-kind or a legacy user
 * (docs/evaluation.md, "Contexts"). Produced by {@link parseContext}; it wraps the application's object without
 * copying it, so it must not be modified while in use.
 */
export interface EvaluationContext {
  readonly valid: true;
  /** The kinds present (one for a single-kind context or a legacy user). */
  readonly kinds: readonly string[];
  /** True for a multi-kind context with two or more kinds. */
  readonly isMulti: boolean;
  /** True when the context was given as a legacy user object. */
  readonly legacy: boolean;
  /**
   * The fully-qualified key: the key for a `user` context, `kind:key` for another single kind,
   * `k1:key1:k2:key2` (kinds sorted) for a multi-kind context; `%` and `:` in keys are escaped
   * as `%25`/`%3A` (except for the bare user key). Computed on first use.
   */
  readonly canonicalKey: string;
  /**
   * The part of the context of one kind, or `undefined` when that kind is absent.
   *
   * @param kind a context kind
   */
  individual(kind: string): IndividualContext | undefined;
  /** Every part of the context, one per kind. */
  individuals(): readonly IndividualContext[];
  /**
   * Reads an attribute of the part of kind `kind` (LaunchDarkly's `valueForKind`): a reference
   * to `kind` yields the list of kinds; an absent kind yields `undefined`.
   *
   * @param ref a parsed attribute reference
   * @param kind the context kind (default `user`)
   */
  getValue(ref: AttributeRef, kind?: string): unknown;
  /** The context in LaunchDarkly's JSON form (legacy users converted to a `user` context). */
  toJSON(): unknown;
}

/** The result of {@link parseContext} for input that is not a valid context. */
export interface InvalidContext {
  readonly valid: false;
  /** What is wrong, e.g. `context kind 'b@d' contains invalid characters`. */
  readonly message: string;
}

/**
 * Validates a context given by the application, in place and without copying: a single-kind
 * context `{ kind, key, … }`, a multi-kind context `{ kind: 'multi', user: {…}, org: {…} }` or a
 * legacy user `{ key, name, …, custom: {…} }` (no `kind`). Never throws.
 *
 * Rules (the Node SDK's): a kind is a non-empty string of letters, digits, `_`, `.`, `-`, not
 * `kind` (nor `multi` for a single kind); a key is a non-empty string, except that a legacy user
 * may have any non-null key (converted with `String()`, `""` allowed); `_meta.privateAttributes`
 * / `privateAttributeNames`, when set, are arrays of strings. An already parsed context is returned
 * as is.
 *
 * @example
 * parseContext({ kind: 'org', key: 'acme' });       // valid, canonicalKey 'org:acme'
 * parseContext({ kind: 'multi' });                  // { valid: false, message: "context kind 'multi' has no kinds" }
 * parseContext({ key: 7, custom: { plan: 'pro' } }); // legacy user with key '7' and attribute plan
 *
 * @param input anything
 */
export function parseContext(input: unknown): EvaluationContext | InvalidContext {
  if (isEvaluationContext(input)) return input;
  if (typeof input !== 'object' || input === null) {
    return invalid(input === undefined || input === null ? 'no context given' : `context must be an object, got ${describe(input)}`);
  }
  const context = input as Record<string, unknown>;
  const kind = context.kind;
  if (kind === undefined || kind === null) return parseLegacyUser(context);
  if (kind === MULTI_KIND) return parseMultiKind(context);
  const error = kindError(kind) ?? keyError(context.key, undefined) ?? metaError(context, kind as string);
  if (error !== undefined) return invalid(error);
  return new SingleKindContext(context, kind as string, context.key as string, false);
}

/**
 * True when `value` is a context produced by {@link parseContext}.
 *
 * @param value anything
 */
export function isEvaluationContext(value: unknown): value is EvaluationContext {
  return (
    (value as { valid?: unknown } | null)?.valid === true &&
    (value instanceof SingleKindContext || value instanceof MultiKindContext || value instanceof LegacyUserContext)
  );
}

function parseMultiKind(context: Record<string, unknown>): EvaluationContext | InvalidContext {
  const kinds: string[] = [];
  for (const name in context) if (name !== 'kind' && hasOwn.call(context, name)) kinds.push(name);
  if (kinds.length === 0) return invalid("context kind 'multi' has no kinds");
  const members: SingleKindContext[] = [];
  for (const kind of kinds) {
    const error = kindError(kind);
    if (error !== undefined) return invalid(error);
    const member = context[kind];
    if (typeof member !== 'object' || member === null || Array.isArray(member)) {
      return invalid(`context of kind '${kind}' in a multi-kind context must be an object, got ${describe(member)}`);
    }
    const part = member as Record<string, unknown>;
    const partError = keyError(part.key, kind) ?? metaError(part, kind);
    if (partError !== undefined) return invalid(partError);
    members.push(new SingleKindContext(part, kind, part.key as string, kinds.length === 1));
  }
  if (kinds.length === 1) return members[0];
  return new MultiKindContext(context, kinds, members);
}

function parseLegacyUser(user: Record<string, unknown>): EvaluationContext | InvalidContext {
  const key = user.key;
  if (key === undefined || key === null) return invalid('context key must be a non-empty string');
  let keyText: string;
  if (typeof key === 'string') {
    keyText = key;
  } else {
    try {
      keyText = String(key);
    } catch {
      return invalid(`legacy user key cannot be converted to a string (got ${describe(key)})`);
    }
  }
  const error = privateAttributesError(user.privateAttributeNames, 'privateAttributeNames');
  if (error !== undefined) return invalid(error);
  return new LegacyUserContext(user, keyText);
}

function keyError(key: unknown, kind: string | undefined): string | undefined {
  if (typeof key === 'string' && key !== '') return undefined;
  const of = kind === undefined ? 'context key' : `context key of kind '${kind}'`;
  return `${of} must be a non-empty string, got ${describe(key)}`;
}

function metaError(context: Record<string, unknown>, kind: string): string | undefined {
  const meta = context._meta;
  if (meta === undefined || meta === null) return undefined;
  return privateAttributesError((meta as { privateAttributes?: unknown }).privateAttributes, `_meta.privateAttributes of kind '${kind}'`);
}

function invalid(message: string): InvalidContext {
  return { valid: false, message };
}
