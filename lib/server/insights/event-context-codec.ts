import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { refined } from './refined';

/** One kind of a context and its key. */
export interface ContextPart {
  readonly kind: string;
  readonly key: string;
}

/**
 * A context as the insights count it: its kinds with their keys (sorted by kind) and its
 * canonical key (docs/evaluation.md, "Contexts": `key` for a user, `kind:key` for another single kind,
 * `k1:key1:k2:key2` for a multi-kind context, `%` and `:` escaped in keys).
 */
export interface SeenContext {
  readonly canonicalKey: string;
  readonly parts: readonly ContextPart[];
}

/** A context kind: only `A-Z a-z 0-9 . _ -`, not `kind` nor `multi`. */
export const ContextKindName = refined(
  t.string,
  (s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== 'kind' && s !== 'multi',
  'context kind (letters, digits, ".", "_", "-"; not "kind" or "multi")',
);

/** A context key: a non-empty string. */
export const ContextKey = refined(t.string, (s) => s !== '', 'non-empty string');

/**
 * A context inside an event (`context`): single-kind (`{kind, key, …}`), multi-kind
 * (`{kind: 'multi', user: {key, …}, org: {key, …}}`) or a legacy user (no `kind`; its key may be
 * `""`). Attributes other than kinds and keys are not checked (they may be redacted). Decodes to
 * a {@link SeenContext}.
 */
export const EventContext = new t.Type<SeenContext, SeenContext, unknown>(
  'Context',
  isSeenContext,
  (input, context) => {
    if (!isRecord(input)) return t.failure(input, context);
    const kind = input.kind;
    if (kind === undefined || kind === null) {
      return typeof input.key === 'string'
        ? t.success(seenContext([{ kind: 'user', key: input.key }]))
        : t.failure(input.key, t.appendContext(context, 'key', t.string, input.key));
    }
    if (kind !== 'multi') {
      const errors = [...check(ContextKindName, kind, context, 'kind'), ...check(ContextKey, input.key, context, 'key')];
      return errors.length > 0 ? t.failures(errors) : t.success(seenContext([{ kind: kind as string, key: input.key as string }]));
    }
    const parts: ContextPart[] = [];
    const errors: t.ValidationError[] = [];
    for (const [name, individual] of Object.entries(input)) {
      if (name === 'kind') continue;
      const nameErrors = check(ContextKindName, name, context, name);
      if (nameErrors.length > 0) {
        errors.push(...nameErrors);
        continue;
      }
      const inner = t.appendContext(context, name, IndividualContext, individual);
      if (!isRecord(individual)) {
        errors.push({ value: individual, context: inner, message: undefined });
        continue;
      }
      const keyErrors = check(ContextKey, individual.key, inner, 'key');
      if (keyErrors.length > 0) errors.push(...keyErrors);
      else parts.push({ kind: name, key: individual.key as string });
    }
    if (errors.length > 0) return t.failures(errors);
    if (parts.length === 0) return t.failure(input, context, 'a multi-kind context needs at least one kind');
    return t.success(seenContext(parts));
  },
  t.identity,
);

/**
 * The older event schema's `contextKeys`: `{ <kind>: <key>, … }` instead of an inline context.
 * Decodes to a {@link SeenContext}.
 */
export const EventContextKeys = new t.Type<SeenContext, SeenContext, unknown>(
  'ContextKeys',
  isSeenContext,
  (input, context) => {
    if (!isRecord(input)) return t.failure(input, context);
    const parts: ContextPart[] = [];
    const errors: t.ValidationError[] = [];
    for (const [kind, key] of Object.entries(input)) {
      const found = [...check(ContextKindName, kind, context, kind), ...check(ContextKey, key, context, kind)];
      if (found.length > 0) errors.push(...found);
      else parts.push({ kind, key: key as string });
    }
    if (errors.length > 0) return t.failures(errors);
    if (parts.length === 0) return t.failure(input, context);
    return t.success(seenContext(parts));
  },
  t.identity,
);

/** Only for the name in reports: an individual context of a multi-kind context. */
const IndividualContext = new t.Type<Record<string, unknown>, Record<string, unknown>, unknown>(
  'individual context (an object with a key)',
  isRecord,
  (u, c) => (isRecord(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** The canonical key of a context with these parts (docs/evaluation.md, "Contexts"). */
export function canonicalKey(parts: readonly ContextPart[]): string {
  if (parts.length === 1) return parts[0].kind === 'user' ? parts[0].key : `${parts[0].kind}:${escapeKey(parts[0].key)}`;
  return parts.map((part) => `${part.kind}:${escapeKey(part.key)}`).join(':');
}

function seenContext(parts: ContextPart[]): SeenContext {
  const sorted = parts.length > 1 ? parts.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)) : parts;
  return { canonicalKey: canonicalKey(sorted), parts: sorted };
}

function escapeKey(key: string): string {
  return key.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/** The errors of `codec` for `value` found at `parent.key` (none when it is valid). */
function check(codec: t.Type<string, string, unknown>, value: unknown, parent: t.Context, key: string): t.Errors {
  const result = codec.validate(value, t.appendContext(parent, key, codec, value));
  return E.isLeft(result) ? result.left : [];
}

function isRecord(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

function isSeenContext(u: unknown): u is SeenContext {
  return isRecord(u) && typeof u.canonicalKey === 'string' && Array.isArray(u.parts);
}
