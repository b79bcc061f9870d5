import { type AttributeRef, attributeRefFromLiteral, parseAttributeRef } from '../context/attribute-ref';
import type { EvaluationContext } from '../context/evaluation-context';
import type { IndividualContext } from '../context/individual-context';
import { LEGACY_BUILT_IN_ATTRIBUTES } from '../context/legacy-user-context';

const hasOwn = Object.prototype.hasOwnProperty;

/** Top-level attributes that are never redacted (docs/evaluation.md, "Private attributes"). */
const PROTECTED = new Set(['key', 'kind', '_meta', 'anonymous']);

/** Options of {@link ContextFilter}. */
export interface ContextFilterOptions {
  /** Redact every attribute except `key`, `kind` and `anonymous`. @default false */
  readonly allAttributesPrivate?: boolean;
  /**
   * Attribute references (path syntax: `email`, `/address/city`) redacted from every context of
   * every kind. Invalid references are ignored and listed in {@link ContextFilter.invalid}.
   * @default []
   */
  readonly privateAttributes?: readonly string[];
}

/**
 * Turns a context into the "inline context" object of analytics events, with private attributes
 * removed (docs/evaluation.md, "Event output" and "Private attributes", LaunchDarkly's `ContextFilter`):
 * - a single-kind context keeps its `kind`; a multi-kind context becomes `{ kind: 'multi',
 *   <kind>: {…}, … }` (members without `kind`); a legacy user becomes `{ kind: 'user', key, … }`
 *   with its built-in attributes (`name`, `email`, …) as strings;
 * - removed: the configured private attributes, the context's own (`_meta.privateAttributes`,
 *   a legacy user's `privateAttributeNames`, applying to that context only), every attribute when
 *   `allAttributesPrivate`, and every attribute of an anonymous context when `redactAnonymous`;
 *   a nested reference (`/address/city`) removes just that property; `key`, `kind`, `anonymous`
 *   and `_meta` are never removed;
 * - each removed attribute is listed (sorted, once) in `_meta.redactedAttributes`;
 *   `_meta.privateAttributes` is never output, and `_meta` only when it has something.
 *
 * The application's objects are never modified; parts of them that need no change may be shared
 * with the result, so serialize the result before the application can change them.
 *
 * @example
 * new ContextFilter({ privateAttributes: ['/address/city'] })
 *   .filter(parseContext({ kind: 'user', key: 'u', address: { city: 'Oslo', zip: '0150' } }), false);
 * // { kind: 'user', key: 'u', address: { zip: '0150' }, _meta: { redactedAttributes: ['/address/city'] } }
 */
export class ContextFilter {
  /** The configured references that are not valid (ignored), with the reason. */
  readonly invalid: readonly string[];
  private readonly allPrivate: boolean;
  private readonly globalRefs: readonly AttributeRef[];

  constructor(options: ContextFilterOptions = {}) {
    this.allPrivate = options.allAttributesPrivate === true;
    const refs = (options.privateAttributes ?? []).map(parseAttributeRef);
    this.invalid = refs.filter((ref) => !ref.valid).map((ref) => ref.error!);
    this.globalRefs = redactable(refs);
  }

  /**
   * The event form of `context`.
   *
   * @param context a valid context
   * @param redactAnonymous true for `feature` events: an anonymous context loses every attribute
   */
  filter(context: EvaluationContext, redactAnonymous: boolean): Record<string, unknown> {
    if (!context.isMulti) return this.filterIndividual(context.individuals()[0], context.legacy, redactAnonymous);
    const out: Record<string, unknown> = { kind: 'multi' };
    for (const individual of context.individuals()) out[individual.kind] = this.filterIndividual(individual, false, redactAnonymous);
    return out;
  }

  private filterIndividual(individual: IndividualContext, legacy: boolean, redactAnonymous: boolean): Record<string, unknown> {
    const source = individual.toObject();
    const redactAll = this.allPrivate || (redactAnonymous && individual.anonymous);
    const refs = redactAll ? [] : this.refsFor(individual);
    if (!redactAll && refs.length === 0 && !legacy && !hasOwn.call(source, '_meta')) return source as Record<string, unknown>;
    const redacted: string[] = [];
    const out = redactAll ? redactAllAttributes(source, redacted) : redactRefs(source, refs, 0, redacted);
    if (legacy) {
      for (const name of LEGACY_BUILT_IN_ATTRIBUTES) if (hasOwn.call(out, name)) out[name] = String(out[name]);
    }
    const meta = metaOf(source);
    delete out._meta;
    if (redacted.length > 0) meta.redactedAttributes = [...new Set(redacted)].sort();
    if (Object.keys(meta).length > 0) out._meta = meta;
    return out;
  }

  private refsFor(individual: IndividualContext): readonly AttributeRef[] {
    const own = individual.privateAttributes;
    if (own.length === 0) return this.globalRefs;
    return [...this.globalRefs, ...redactable(own)];
  }
}

/** The valid references that may be redacted (not `key`, `kind`, `_meta`, `anonymous`). */
function redactable(refs: readonly AttributeRef[]): AttributeRef[] {
  return refs.filter((ref) => ref.valid && !(ref.depth === 1 && PROTECTED.has(ref.first)));
}

/** Every top-level attribute except the protected ones, listed by its literal reference name. */
function redactAllAttributes(source: Readonly<Record<string, unknown>>, redacted: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(source)) {
    if (PROTECTED.has(name)) out[name] = source[name];
    else redacted.push(attributeRefFromLiteral(name).redactionName);
  }
  return out;
}

/**
 * A copy of `source` (at nesting `level`) without the attributes `refs` name; `refs` all match
 * the path leading to `source`. Objects are descended only where some reference goes deeper;
 * arrays are never descended (references do not index arrays).
 */
function redactRefs(source: Readonly<Record<string, unknown>>, refs: readonly AttributeRef[], level: number, redacted: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(source)) {
    let removedBy: AttributeRef | undefined;
    let deeper = false;
    for (const ref of refs) {
      if (ref.components[level] !== name) continue;
      if (ref.depth === level + 1) {
        removedBy = ref;
        break;
      }
      deeper = true;
    }
    if (removedBy !== undefined) {
      redacted.push(removedBy.redactionName);
      continue;
    }
    const value = source[name];
    if (deeper && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const inner = refs.filter((ref) => ref.depth > level + 1 && ref.components[level] === name);
      out[name] = redactRefs(value as Record<string, unknown>, inner, level + 1, redacted);
    } else {
      out[name] = value;
    }
  }
  return out;
}

/** A copy of the context's `_meta` without `privateAttributes` (and any `redactedAttributes`). */
function metaOf(source: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const meta = source._meta;
  const out: Record<string, unknown> = {};
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return out;
  for (const name of Object.keys(meta)) {
    if (name !== 'privateAttributes' && name !== 'redactedAttributes') out[name] = (meta as Record<string, unknown>)[name];
  }
  return out;
}
