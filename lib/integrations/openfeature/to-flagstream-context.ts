import type { EvaluationContext, EvaluationContextValue } from '@openfeature/server-sdk';
import type { ContextAttributes, ContextInput } from '../../context/context-input';

/** A mapped context, or why there is none. */
export type MappedContext = { readonly ok: true; readonly context: ContextInput } | { readonly ok: false; readonly message: string };

/**
 * Maps an OpenFeature evaluation context onto a flagstream (LaunchDarkly) context:
 * - `targetingKey` (or `key`) becomes `key`; a `kind` attribute sets the kind (default `user`);
 *   every other attribute is kept, `Date`s as ISO-8601 text; `privateAttributes` (a list of
 *   attribute names) becomes `_meta.privateAttributes`.
 * - `kind: 'multi'` makes a multi-kind context: each attribute whose value is an object is one
 *   kind, named by the attribute, keyed by its own `targetingKey` (or `key`).
 *
 * A context without a key (or a multi-kind part without one) is not mapped: the provider answers
 * `TARGETING_KEY_MISSING`.
 */
export function toFlagstreamContext(context: EvaluationContext): MappedContext {
  if (context.kind === 'multi') return multiKind(context);
  const single = attributes(context, 'the evaluation context');
  if (!single.ok) return single;
  const kind = typeof context.kind === 'string' && context.kind !== '' ? context.kind : 'user';
  return { ok: true, context: { ...single.attributes, kind } };
}

function multiKind(context: EvaluationContext): MappedContext {
  const parts: Record<string, ContextAttributes | 'multi'> = { kind: 'multi' };
  let count = 0;
  for (const [kind, value] of Object.entries(context)) {
    if (kind === 'kind' || !isRecord(value)) continue;
    const part = attributes(value, `the '${kind}' part of the multi-kind context`);
    if (!part.ok) return part;
    parts[kind] = part.attributes;
    count++;
  }
  if (count === 0) return { ok: false, message: "a multi-kind context (kind: 'multi') needs at least one nested object with a targetingKey" };
  return { ok: true, context: parts as ContextInput };
}

type Attributes = { readonly ok: true; readonly attributes: ContextAttributes } | { readonly ok: false; readonly message: string };

function attributes(source: Record<string, EvaluationContextValue | undefined>, where: string): Attributes {
  const key = source.targetingKey ?? source.key;
  if (typeof key !== 'string' || key === '') return { ok: false, message: `${where} has no targetingKey` };
  const out: Record<string, unknown> = { key };
  for (const [name, value] of Object.entries(source)) {
    if (name === 'targetingKey' || name === 'key' || name === 'kind' || value === undefined) continue;
    if (name === 'privateAttributes' && Array.isArray(value)) {
      out._meta = { privateAttributes: value.filter((entry): entry is string => typeof entry === 'string') };
      continue;
    }
    out[name] = plain(value);
  }
  return { ok: true, attributes: out as ContextAttributes };
}

/** A context value as JSON data: `Date`s as ISO-8601 text, nested values copied. */
function plain(value: EvaluationContextValue): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function isRecord(value: unknown): value is Record<string, EvaluationContextValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
