import { type AttributeRef, attributeRefFromLiteral, KEY_REF, parseAttributeRef } from '../../context/attribute-ref';
import { USER_KIND } from '../../context/context-kind';
import type { EvaluationContext } from '../../context/evaluation-context';
import type { Clause } from '../../model/clause';
import type { Segment, SegmentRule } from '../../model/segment';
import { bucketContext, bucketPrefix } from '../bucketing';
import { compileOperator, type ValueTest } from '../clause-operators';
import type { EvaluationLookup } from '../evaluation-lookup';
import type { ClauseTrace, SegmentRuleTrace, SegmentTrace, TraceMatch } from './flag-trace';

/** What one explained evaluation carries along (the explaining twin of the evaluator's state). */
export interface ExplainState {
  readonly lookup: EvaluationLookup;
  /** Set when an unbounded (Big) segment was consulted. */
  bigSegmentConsulted: boolean;
}

/** Operators compiled once per clause object (clauses of stored flags are immutable). */
const compiledTests = new WeakMap<Clause, ValueTest>();

function testOf(clause: Clause): ValueTest {
  let test = compiledTests.get(clause);
  if (test === undefined) {
    test = compileOperator(clause.op, clause.values ?? [], () => undefined);
    compiledTests.set(clause, test);
  }
  return test;
}

/** The clause's attribute as the evaluator reads it: a path with `contextKind`, else a literal. */
function clauseRef(clause: Clause): AttributeRef {
  if (!clause.attribute) return parseAttributeRef('');
  return clause.contextKind ? parseAttributeRef(clause.attribute) : attributeRefFromLiteral(clause.attribute);
}

/**
 * Tests clauses in order as LaunchDarkly's SDK does (AND, stopping at the first non-match; an
 * error counts only if it is the last clause tested), recording each one tested.
 *
 * @param chain keys of the segments being evaluated on this path (a flag rule starts a new one)
 */
export function explainClauses(
  clauses: readonly Clause[],
  context: EvaluationContext,
  state: ExplainState,
  chain: string[],
): { matched: TraceMatch; traces: ClauseTrace[] } {
  const traces: ClauseTrace[] = [];
  let lastWasError = false;
  for (const clause of clauses) {
    const trace = explainClause(clause, context, state, chain);
    traces.push(trace);
    if (trace.matched === false) return { matched: false, traces };
    lastWasError = trace.matched === 'error';
  }
  return { matched: lastWasError ? 'error' : true, traces };
}

function explainClause(clause: Clause, context: EvaluationContext, state: ExplainState, chain: string[]): ClauseTrace {
  const negate = clause.negate === true;
  const values = clause.values ?? [];
  const contextKind = clause.contextKind ?? USER_KIND;
  const base = { ...(clause.attribute ? { attribute: clause.attribute } : {}), contextKind, op: clause.op, values, negate };
  if (clause.op === 'segmentMatch') {
    const segments: SegmentTrace[] = [];
    let result: TraceMatch = false;
    for (const value of values) {
      const key = typeof value === 'string' ? value : String(value);
      const segment = state.lookup.getSegment(key)?.segment;
      if (segment === undefined || segment.deleted) {
        segments.push({ key, found: false });
        continue;
      }
      if (chain.includes(key)) {
        segments.push({ key, found: true, member: 'error', decidedBy: 'cycle' });
        result = 'error';
        break;
      }
      chain.push(key);
      const trace = explainSegment(segment, context, state, chain);
      chain.pop();
      segments.push(trace);
      if (trace.member !== false) {
        result = trace.member!;
        break;
      }
    }
    const matched: TraceMatch = result === 'error' ? 'error' : result !== negate;
    return { ...base, kindPresent: true, matched, segments };
  }
  const ref = clauseRef(clause);
  if (!ref.valid) return { ...base, kindPresent: context.individual(contextKind) !== undefined, matched: 'error', note: ref.error };
  const test = testOf(clause);
  if (ref.isKind) return { ...base, kindPresent: true, contextValue: context.kinds, matched: matchValue(context.kinds, test, negate) };
  const part = context.individual(contextKind);
  if (part === undefined) return { ...base, kindPresent: false, matched: false, note: `the context has no "${contextKind}" part` };
  const value = part.get(ref);
  const trace = { ...base, kindPresent: true, ...(value === undefined ? {} : { contextValue: value }) };
  if (value === null || value === undefined) return { ...trace, matched: false, note: 'the attribute is not set (a clause never matches then, even negated)' };
  return { ...trace, matched: matchValue(value, test, negate) };
}

function matchValue(value: unknown, test: ValueTest, negate: boolean): boolean {
  if (Array.isArray(value)) return value.some((element) => test(element)) !== negate;
  return test(value) !== negate;
}

/** Explains whether the context is in `segment` (its key already on `chain`). */
function explainSegment(segment: Segment, context: EvaluationContext, state: ExplainState, chain: string[]): SegmentTrace {
  const key = segment.key;
  if (segment.unbounded) {
    const part = context.individual(segment.unboundedContextKind || USER_KIND);
    if (part === undefined || part.key === '') return { key, found: true, member: false, decidedBy: 'unbounded' };
    state.bigSegmentConsulted = true;
    if (!segment.generation) return { key, found: true, member: false, decidedBy: 'unbounded' };
    return explainSegmentRules(segment, context, state, chain);
  }
  if (listed(context, segment.included, segment.includedContexts)) return { key, found: true, member: true, decidedBy: 'included' };
  if (listed(context, segment.excluded, segment.excludedContexts)) return { key, found: true, member: false, decidedBy: 'excluded' };
  return explainSegmentRules(segment, context, state, chain);
}

function explainSegmentRules(segment: Segment, context: EvaluationContext, state: ExplainState, chain: string[]): SegmentTrace {
  const rules: SegmentRuleTrace[] = [];
  const all = segment.rules ?? [];
  for (let index = 0; index < all.length; index++) {
    const trace = explainSegmentRule(segment, all[index], index, context, state, chain);
    rules.push(trace);
    if (trace.matched !== false) return { key: segment.key, found: true, member: trace.matched, decidedBy: 'rule', decidingRule: index, rules };
  }
  return { key: segment.key, found: true, member: false, decidedBy: 'no rule matched', rules };
}

function explainSegmentRule(
  segment: Segment,
  rule: SegmentRule,
  index: number,
  context: EvaluationContext,
  state: ExplainState,
  chain: string[],
): SegmentRuleTrace {
  const id = rule.id ?? undefined;
  const head = { index, ...(id !== undefined ? { id } : {}) };
  if (!rule.clauses) return { ...head, clauses: [], clausesMatched: false, matched: false };
  const { matched, traces } = explainClauses(rule.clauses, context, state, chain);
  const weight = rule.weight ?? undefined;
  if (weight === undefined || matched !== true) return { ...head, clauses: traces, clausesMatched: matched, ...(weight !== undefined ? { weight } : {}), matched };
  const ref = !rule.bucketBy ? KEY_REF : rule.rolloutContextKind ? parseAttributeRef(rule.bucketBy) : attributeRefFromLiteral(rule.bucketBy);
  if (!ref.valid) return { ...head, clauses: traces, clausesMatched: matched, weight, matched: 'error' };
  const bucket = bucketContext(context, rule.rolloutContextKind ?? USER_KIND, ref, bucketPrefix(segment.key, segment.salt));
  return { ...head, clauses: traces, clausesMatched: matched, weight, bucket, matched: bucket < weight / 100000 };
}

function listed(context: EvaluationContext, userKeys: readonly string[] | null | undefined, targets: Segment['includedContexts']): boolean {
  const has = (kind: string, keys: readonly string[]) => {
    const part = context.individual(kind);
    return part !== undefined && part.key !== '' && keys.includes(part.key);
  };
  if (userKeys && has(USER_KIND, userKeys)) return true;
  return (targets ?? []).some((target) => has(target.contextKind, target.values));
}
