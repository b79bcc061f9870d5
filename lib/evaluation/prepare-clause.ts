import { AttributeRef, attributeRefFromLiteral, parseAttributeRef } from '../context/attribute-ref';
import { USER_KIND } from '../context/context-kind';
import type { EvaluationContext } from '../context/evaluation-context';
import type { Clause } from '../model/clause';
import { compileOperator, SEGMENT_MATCH, ValueTest } from './clause-operators';
import type { EvaluationLookup } from './evaluation-lookup';
import { ERROR, evaluationState, MATCH, type MatchResult, NO_MATCH } from './evaluation-state';

/** A compiled clause: {@link MATCH}, {@link NO_MATCH} or {@link ERROR} for a context. */
export type ClauseMatcher = (context: EvaluationContext, lookup: EvaluationLookup) => MatchResult;

/**
 * Compiles a clause (docs/evaluation.md, "Clauses"). Evaluation then follows the Node SDK:
 * - `segmentMatch`: each value names a segment (non-strings are converted with `String()`, as the
 *   Node SDK's store lookup does); missing segments are skipped; any member ⇒ match; a segment
 *   cycle ⇒ error; then `negate`. `attribute` is ignored.
 * - otherwise an unset or invalid attribute reference ⇒ error (`MALFORMED_FLAG`), whatever the
 *   context;
 * - the attribute `kind` reads the context's kinds; any other attribute is read from the part of
 *   kind `contextKind` (default `user`): absent part or null/missing value ⇒ non-match,
 *   *regardless of `negate`*;
 * - an array value matches when any element matches; then `negate` applies.
 *
 * `attribute` is a path reference when the clause has a `contextKind`, else a literal name.
 *
 * @param clause the clause
 * @param where its path in the flag/segment, for warnings (e.g. `rules[0].clauses[2]`)
 * @param warnings receives warnings (refused regexes, bad attribute references)
 * @param inSegmentRule true for a clause of a segment rule (continues the segment chain of the
 *   enclosing segment), false for a flag rule's clause (starts a fresh chain)
 */
export function prepareClause(clause: Clause, where: string, warnings: string[], inSegmentRule: boolean): ClauseMatcher {
  const negate = clause.negate === true;
  const values = clause.values ?? undefined;
  if (clause.op === SEGMENT_MATCH) return segmentMatchClause(values, negate, !inSegmentRule);
  const ref = clauseAttributeRef(clause);
  if (!ref.valid) {
    warnings.push(`${where}: ${ref.error}; evaluating it is an error (MALFORMED_FLAG)`);
    return () => ERROR;
  }
  const test = compileOperator(clause.op, values ?? [], (message) => warnings.push(`${where}: ${message}`));
  if (ref.isKind) return (context) => matchValue(context.kinds, test, negate);
  const kind = clause.contextKind ?? USER_KIND;
  return (context) => {
    const part = context.individual(kind);
    if (part === undefined) return NO_MATCH;
    return matchValue(part.get(ref), test, negate);
  };
}

/**
 * ANDs compiled clauses, reproducing the Node SDK exactly: an erroring clause does not stop the
 * rule, and only an error in the *last clause evaluated* makes the result an error (an error
 * followed by a matching clause counts as a match; followed by a non-matching one, as a
 * non-match). An empty list matches.
 *
 * @param clauses compiled clauses
 * @param context the context
 * @param lookup the data lookup
 */
export function matchAllClauses(clauses: readonly ClauseMatcher[], context: EvaluationContext, lookup: EvaluationLookup): MatchResult {
  let lastWasError = false;
  for (let i = 0; i < clauses.length; i++) {
    const result = clauses[i](context, lookup);
    if (result === NO_MATCH) return NO_MATCH;
    lastWasError = result === ERROR;
  }
  return lastWasError ? ERROR : MATCH;
}

/** The clause's attribute: a path when `contextKind` is set, else a literal; unset ⇒ invalid. */
function clauseAttributeRef(clause: Clause): AttributeRef {
  const attribute = clause.attribute;
  if (!attribute) return parseAttributeRef('');
  return clause.contextKind ? parseAttributeRef(attribute) : attributeRefFromLiteral(attribute);
}

function matchValue(value: unknown, test: ValueTest, negate: boolean): MatchResult {
  if (value === null || value === undefined) return NO_MATCH;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (test(value[i])) return negate ? NO_MATCH : MATCH;
    }
    return negate ? MATCH : NO_MATCH;
  }
  return test(value) !== negate ? MATCH : NO_MATCH;
}

function segmentMatchClause(values: readonly unknown[] | undefined, negate: boolean, startsChain: boolean): ClauseMatcher {
  const keys = (values ?? []).map((value) => (typeof value === 'string' ? value : String(value)));
  return (context, lookup) => {
    const state = evaluationState;
    const chain = state.segmentChain;
    const savedBase = state.segmentBase;
    if (startsChain) state.segmentBase = chain.length;
    let result: MatchResult = NO_MATCH;
    for (let i = 0; i < keys.length; i++) {
      const segment = lookup.getSegment(keys[i]);
      if (segment === undefined || segment.segment.deleted) continue;
      if (chain.indexOf(segment.key, state.segmentBase) !== -1) {
        result = ERROR; // a segment that (indirectly) refers to itself
        break;
      }
      chain.push(segment.key);
      const membership = segment.matchContext(context, lookup);
      chain.pop();
      if (membership !== NO_MATCH) {
        result = membership;
        break;
      }
    }
    state.segmentBase = savedBase;
    if (result === ERROR) return ERROR;
    return (result === MATCH) !== negate ? MATCH : NO_MATCH;
  };
}
