import { AttributeRef, attributeRefFromLiteral, KEY_REF, parseAttributeRef } from '../context/attribute-ref';
import { USER_KIND } from '../context/context-kind';
import type { EvaluationContext } from '../context/evaluation-context';
import type { Segment, SegmentRule } from '../model/segment';
import { bucketContext, bucketPrefix } from './bucketing';
import type { EvaluationLookup } from './evaluation-lookup';
import { ERROR, evaluationState, MATCH, type MatchResult, NO_MATCH } from './evaluation-state';
import { type ClauseMatcher, matchAllClauses, prepareClause } from './prepare-clause';


/**
 * A segment compiled for evaluation by {@link prepareSegment}. Immutable; build a new one when
 * the segment changes.
 */
export interface PreparedSegment {
  /** The segment as received (for events, the store and serialization). */
  readonly segment: Segment;
  /** The segment key. */
  readonly key: string;
  /** Problems found while preparing (refused regexes, bad attribute references). */
  readonly warnings: readonly string[];
  /**
   * Whether `context` is in the segment (docs/evaluation.md, "Segment membership"): {@link MATCH}, {@link NO_MATCH} or
   * {@link ERROR} (a nested segment cycle or a malformed rule).
   * @internal called by `segmentMatch` clauses
   */
  readonly matchContext: (context: EvaluationContext, lookup: EvaluationLookup) => MatchResult;
}

/**
 * Compiles a segment once, at load time: included/excluded keys of every kind merged into one Set
 * per kind, rule clauses compiled, bucketing prefixes and thresholds precomputed.
 *
 * Membership follows the Node SDK:
 * - a regular segment: key in an included list (`included` for users, `includedContexts` for any
 *   kind; an empty key never matches) ⇒ in; else key in an excluded list ⇒ out; else the rules in
 *   order: all clauses match (see `matchAllClauses`), then with a `weight` the context is in when
 *   its bucket (segment key and salt, `bucketBy` of kind `rolloutContextKind`, never a seed) is
 *   below `weight / 100000` — a context without that kind has bucket 0, so it is in;
 * - an `unbounded` (Big) segment: flagstream has no Big Segment store, so it behaves as the Node
 *   SDK does without one: no key of `unboundedContextKind` ⇒ out; otherwise the reason reports
 *   `bigSegmentsStatus: 'NOT_CONFIGURED'`, and without a `generation` the context is out, with one
 *   only the rules decide (the lists are ignored).
 *
 * @param segment a decoded segment
 */
export function prepareSegment(segment: Segment): PreparedSegment {
  const warnings: string[] = [];
  const rules = (segment.rules ?? []).map((rule, i) => prepareSegmentRule(segment, rule, `segment ${segment.key}: rules[${i}]`, warnings));
  const matchRules = (context: EvaluationContext, lookup: EvaluationLookup): MatchResult => {
    for (let i = 0; i < rules.length; i++) {
      const result = rules[i](context, lookup);
      if (result !== NO_MATCH) return result;
    }
    return NO_MATCH;
  };
  let matchContext: PreparedSegment['matchContext'];
  if (segment.unbounded) {
    const kind = segment.unboundedContextKind || USER_KIND;
    const hasGeneration = !!segment.generation;
    matchContext = (context, lookup) => {
      const part = context.individual(kind);
      if (part === undefined || part.key === '') return NO_MATCH;
      evaluationState.bigSegmentsStatus = 'NOT_CONFIGURED';
      return hasGeneration ? matchRules(context, lookup) : NO_MATCH;
    };
  } else {
    const included = keysByKind(segment.included, segment.includedContexts);
    const excluded = keysByKind(segment.excluded, segment.excludedContexts);
    matchContext = (context, lookup) => {
      if (included !== undefined && included.contains(context)) return MATCH;
      if (excluded !== undefined && excluded.contains(context)) return NO_MATCH;
      return matchRules(context, lookup);
    };
  }
  return Object.freeze({ segment, key: segment.key, warnings: Object.freeze(warnings), matchContext });
}

type SegmentRuleMatcher = (context: EvaluationContext, lookup: EvaluationLookup) => MatchResult;

function prepareSegmentRule(segment: Segment, rule: SegmentRule, where: string, warnings: string[]): SegmentRuleMatcher {
  if (!rule.clauses) return () => NO_MATCH; // absent clauses never match (Node SDK)
  const clauses: ClauseMatcher[] = rule.clauses.map((clause, i) => prepareClause(clause, `${where}.clauses[${i}]`, warnings, true));
  const weight = rule.weight ?? undefined;
  if (weight === undefined) return (context, lookup) => matchAllClauses(clauses, context, lookup);
  const ref = bucketByRef(rule);
  if (!ref.valid) warnings.push(`${where}.bucketBy: ${ref.error}; a match is an error (MALFORMED_FLAG)`);
  const kind = rule.rolloutContextKind ?? USER_KIND;
  const prefix = bucketPrefix(segment.key, segment.salt);
  const threshold = weight / 100000;
  return (context, lookup) => {
    const result = matchAllClauses(clauses, context, lookup);
    if (result !== MATCH) return result;
    if (!ref.valid) return ERROR;
    return bucketContext(context, kind, ref, prefix) < threshold ? MATCH : NO_MATCH;
  };
}

function bucketByRef(rule: SegmentRule): AttributeRef {
  if (!rule.bucketBy) return KEY_REF;
  return rule.rolloutContextKind ? parseAttributeRef(rule.bucketBy) : attributeRefFromLiteral(rule.bucketBy);
}

/** Target keys per context kind; `contains` is true when a part of the context has a listed key. */
class KeysByKind {
  constructor(
    private readonly kinds: readonly string[],
    private readonly keys: readonly ReadonlySet<string>[],
  ) {}

  contains(context: EvaluationContext): boolean {
    for (let i = 0; i < this.kinds.length; i++) {
      const part = context.individual(this.kinds[i]);
      if (part !== undefined && part.key !== '' && this.keys[i].has(part.key)) return true;
    }
    return false;
  }
}

function keysByKind(userKeys: readonly string[] | null | undefined, targets: Segment['includedContexts']): KeysByKind | undefined {
  const byKind = new Map<string, Set<string>>();
  const add = (kind: string, keys: readonly string[]) => {
    if (keys.length === 0) return;
    let set = byKind.get(kind);
    if (set === undefined) byKind.set(kind, (set = new Set()));
    for (const key of keys) set.add(key);
  };
  for (const target of targets ?? []) add(target.contextKind, target.values);
  add(USER_KIND, userKeys ?? []);
  if (byKind.size === 0) return undefined;
  return new KeysByKind([...byKind.keys()], [...byKind.values()]);
}
