import { type AttributeRef, attributeRefFromLiteral, KEY_REF, parseAttributeRef } from '../../context/attribute-ref';
import { USER_KIND } from '../../context/context-kind';
import type { EvaluationContext } from '../../context/evaluation-context';
import type { Flag } from '../../model/flag';
import type { Rollout, VariationOrRollout } from '../../model/rollout';
import { bucketableValue, bucketContext, bucketPrefix } from '../bucketing';
import type { EvaluationLookup } from '../evaluation-lookup';
import type { EvaluationDetail, EvaluationReason } from '../evaluation-reason';
import {
  MALFORMED_FLAG,
  offDetail,
  prerequisiteFailedReason,
  REASON_FALLTHROUGH,
  REASON_OFF,
  REASON_TARGET_MATCH,
  ruleMatchReason,
  variationDetail,
  withBigSegmentsStatus,
  withInExperiment,
} from '../evaluation-results';
import type { PreparedFlag } from '../prepared-flag';
import { type ExplainState, explainClauses } from './explain-clauses';
import type { FlagTrace, PrerequisiteTrace, RuleTrace, ServeTrace, TargetTrace } from './flag-trace';

/**
 * Explains an evaluation: walks the flag as LaunchDarkly's SDK (and flagstream's evaluator)
 * does, and records every step (each prerequisite with its own trace, each individual target
 * checked, each rule and clause tested with the context's value, each segment consulted with the
 * rule that decided, the bucket of a rollout). It arrives at the same value, variation and reason
 * as `evaluate` (a spec checks this on generated flags and contexts), but it is a separate,
 * slower path: it allocates a trace and never touches the evaluator's hot path or its state. Use
 * it to answer "why does this context get that", not to serve values.
 *
 * @param flag the prepared flag (its `flag` JSON is walked; operators are compiled as the evaluator compiles them)
 * @param context a valid context
 * @param lookup prerequisite flags and segments (the same lookup the evaluator uses)
 */
export function explainFlag(flag: PreparedFlag, context: EvaluationContext, lookup: EvaluationLookup): FlagTrace {
  const state: ExplainState = { lookup, bigSegmentConsulted: false };
  const trace = explain(flag.flag, context, state, []);
  if (!state.bigSegmentConsulted) return trace;
  const { value, variationIndex, reason } = trace.result;
  return { ...trace, result: { value, variationIndex, reason: withBigSegmentsStatus(reason, 'NOT_CONFIGURED') } };
}

type Draft = { -readonly [K in keyof FlagTrace]?: FlagTrace[K] };

function explain(flag: Flag, context: EvaluationContext, state: ExplainState, chain: string[]): FlagTrace {
  const variations = flag.variations ?? [];
  const on = flag.on === true;
  const draft: Draft = { key: flag.key, version: flag.version, on };
  const done = (decidedBy: FlagTrace['decidedBy'], result: EvaluationDetail): FlagTrace =>
    ({ ...draft, decidedBy: result.reason.kind === 'ERROR' ? 'error' : decidedBy, result }) as FlagTrace;
  if (!on) return done('off', offDetail(variations, flag.offVariation, REASON_OFF));

  const prerequisites = flag.prerequisites ?? [];
  if (prerequisites.length > 0) {
    const traces: PrerequisiteTrace[] = [];
    draft.prerequisites = traces;
    let cycle = false;
    for (const prerequisite of prerequisites) {
      const failed = () => offDetail(variations, flag.offVariation, prerequisiteFailedReason(prerequisite.key));
      if (chain.includes(prerequisite.key)) {
        traces.push({ key: prerequisite.key, variation: prerequisite.variation, found: true, cycle: true, met: false });
        cycle = true; // as in the SDK: an error, unless a later prerequisite is not met
        continue;
      }
      const found = state.lookup.getFlag(prerequisite.key);
      if (found === undefined || found.flag.deleted) {
        traces.push({ key: prerequisite.key, variation: prerequisite.variation, found: false, met: false });
        return done('prerequisite', failed());
      }
      chain.push(prerequisite.key);
      const inner = explain(found.flag, context, state, chain);
      chain.pop();
      const kind = inner.result.reason.kind;
      const met = kind !== 'ERROR' && kind !== 'OFF' && inner.result.variationIndex === prerequisite.variation;
      traces.push({ key: prerequisite.key, variation: prerequisite.variation, found: true, met, trace: inner });
      if (kind === 'ERROR') return done('prerequisite', inner.result);
      if (!met) return done('prerequisite', failed());
    }
    if (cycle) return done('prerequisite', MALFORMED_FLAG);
  }

  const targets: TargetTrace[] = [];
  for (const entry of targetEntries(flag)) {
    const part = context.individual(entry.kind);
    const matched = part !== undefined && entry.values.includes(part.key);
    targets.push({ contextKind: entry.kind, variation: entry.variation, ...(part ? { contextKey: part.key } : {}), matched });
    if (matched) {
      draft.targets = targets;
      return done('target', variationDetail(variations, entry.variation, REASON_TARGET_MATCH));
    }
  }
  if (targets.length > 0) draft.targets = targets;

  const rules: RuleTrace[] = [];
  draft.rules = rules;
  const flagRules = flag.rules ?? [];
  for (let index = 0; index < flagRules.length; index++) {
    const rule = flagRules[index];
    const id = rule.id ?? undefined;
    const head = { index, ...(id !== undefined ? { id } : {}) };
    if (!rule.clauses) {
      rules.push({ ...head, clauses: [], matched: false });
      continue;
    }
    const { matched, traces } = explainClauses(rule.clauses, context, state, []);
    if (matched === false) {
      rules.push({ ...head, clauses: traces, matched });
      continue;
    }
    if (matched === 'error') {
      rules.push({ ...head, clauses: traces, matched });
      return done('error', MALFORMED_FLAG);
    }
    const served = serve(flag, rule, ruleMatchReason(id, index), context);
    rules.push({ ...head, clauses: traces, matched, serve: served.trace });
    return done('rule', served.result);
  }
  if (rules.length === 0) delete draft.rules;
  const served = serve(flag, flag.fallthrough, REASON_FALLTHROUGH, context);
  draft.fallthrough = served.trace;
  return done('fallthrough', served.result);
}

/** The individual-target entries in the order LaunchDarkly checks them. */
function targetEntries(flag: Flag): { kind: string; values: readonly string[]; variation: number }[] {
  const targets = flag.targets ?? [];
  const contextTargets = flag.contextTargets ?? [];
  if (contextTargets.length === 0) return targets.map((t) => ({ kind: USER_KIND, values: t.values, variation: t.variation }));
  const entries: { kind: string; values: readonly string[]; variation: number }[] = [];
  for (const target of contextTargets) {
    if (!target.contextKind || target.contextKind === USER_KIND) {
      const user = targets.find((t) => t.variation === target.variation);
      if (user !== undefined) entries.push({ kind: USER_KIND, values: user.values, variation: user.variation });
    } else {
      entries.push({ kind: target.contextKind, values: target.values ?? [], variation: target.variation });
    }
  }
  return entries;
}

function serve(
  flag: Flag,
  target: VariationOrRollout | null | undefined,
  reason: EvaluationReason,
  context: EvaluationContext,
): { result: EvaluationDetail; trace: ServeTrace } {
  const variations = flag.variations ?? [];
  if (target === undefined || target === null) return { result: MALFORMED_FLAG, trace: {} };
  if (target.variation !== undefined && target.variation !== null) {
    return { result: variationDetail(variations, target.variation, reason), trace: { variation: target.variation } };
  }
  const rollout = target.rollout;
  if (!rollout || rollout.variations.length === 0) return { result: MALFORMED_FLAG, trace: {} };
  const experiment = rollout.kind === 'experiment';
  const ref = experiment ? KEY_REF : bucketByRef(rollout);
  if (!ref.valid) return { result: MALFORMED_FLAG, trace: {} };
  const kind = rollout.contextKind ?? USER_KIND;
  const bucket = bucketContext(context, kind, ref, bucketPrefix(flag.key, flag.salt, rollout.seed));
  const weighted = rollout.variations;
  let chosen = weighted.length - 1;
  let pastEnd = true;
  let sum = 0;
  for (let i = 0; i < weighted.length; i++) {
    sum += weighted[i].weight / 100000;
    if (bucket < sum) {
      chosen = i;
      pastEnd = false;
      break;
    }
  }
  const tracked = experiment && !weighted[chosen].untracked && (pastEnd || context.individual(kind) !== undefined);
  const result = variationDetail(variations, weighted[chosen].variation, tracked ? withInExperiment(reason) : reason);
  const hashed = ref.isKind ? context.kinds : context.individual(kind)?.get(ref);
  const bucketValue = bucketableValue(hashed);
  return {
    result,
    trace: {
      rollout: {
        kind: experiment ? 'experiment' : 'rollout',
        contextKind: kind,
        bucketBy: ref.raw || 'key',
        ...(bucketValue !== null ? { bucketValue } : {}),
        bucket,
        ...(rollout.seed ? { seed: rollout.seed } : {}),
        variations: weighted.map((wv) => ({ variation: wv.variation, weight: wv.weight, ...(wv.untracked ? { untracked: true } : {}) })),
        chosen,
        inExperiment: tracked && result.reason.kind !== 'ERROR',
      },
    },
  };
}

function bucketByRef(rollout: Rollout): AttributeRef {
  if (!rollout.bucketBy) return KEY_REF;
  return rollout.contextKind ? parseAttributeRef(rollout.bucketBy) : attributeRefFromLiteral(rollout.bucketBy);
}
