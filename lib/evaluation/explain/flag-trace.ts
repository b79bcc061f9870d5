import type { EvaluationDetail } from '../evaluation-reason';

/**
 * Whether a clause, rule or segment test matched: `true`, `false`, or `'error'` (it could not be
 * evaluated: an invalid attribute reference, a segment cycle…; the flag then evaluates as
 * `MALFORMED_FLAG` unless a later clause decides otherwise, as in LaunchDarkly's SDK).
 */
export type TraceMatch = boolean | 'error';

/** One clause as it was tested against the context. */
export interface ClauseTrace {
  /** The clause's attribute (ignored for `segmentMatch`). */
  readonly attribute?: string;
  /** The context kind the attribute is read from (default `user`). */
  readonly contextKind: string;
  readonly op: string;
  readonly values: readonly unknown[];
  readonly negate: boolean;
  /**
   * The context's value of the attribute (absent when the context has no such kind or value;
   * for `kind`, the context's kinds).
   */
  readonly contextValue?: unknown;
  /** Whether the context has a part of `contextKind`. */
  readonly kindPresent: boolean;
  readonly matched: TraceMatch;
  /** For `segmentMatch`: each segment consulted, in order, until one contained the context. */
  readonly segments?: readonly SegmentTrace[];
  /** Why the clause is an error or can never match (e.g. `attribute reference must not be empty`). */
  readonly note?: string;
}

/** One rule of a segment. */
export interface SegmentRuleTrace {
  readonly index: number;
  readonly id?: string;
  readonly clauses: readonly ClauseTrace[];
  /** Whether every clause matched (before the weight). */
  readonly clausesMatched: TraceMatch;
  /** The rule's weight (0-100000), when it has one. */
  readonly weight?: number;
  /** The context's bucket (0-1) for a weighted rule whose clauses matched; in when below `weight / 100000`. */
  readonly bucket?: number;
  readonly matched: TraceMatch;
}

/** How a segment decided whether the context is in it. */
export interface SegmentTrace {
  readonly key: string;
  /** False when the segment does not exist (it is skipped). */
  readonly found: boolean;
  /** Whether the context is in the segment. */
  readonly member?: TraceMatch;
  /**
   * What decided: `included` / `excluded` (the context's key is listed), `rule` (see
   * `decidingRule`), `no rule matched`, `cycle` (the segment refers to itself), `unbounded`
   * (a Big Segment: no store is configured).
   */
  readonly decidedBy?: 'included' | 'excluded' | 'rule' | 'no rule matched' | 'cycle' | 'unbounded';
  /** Index of the rule that decided (`decidedBy: 'rule'`). */
  readonly decidingRule?: number;
  readonly rules?: readonly SegmentRuleTrace[];
}

/** One individual-target entry checked, in LaunchDarkly's order. */
export interface TargetTrace {
  readonly contextKind: string;
  readonly variation: number;
  /** The context's key of that kind (absent when the context has no such kind). */
  readonly contextKey?: string;
  readonly matched: boolean;
}

/** A percentage rollout (or experiment) as applied to the context. */
export interface RolloutTrace {
  readonly kind: 'rollout' | 'experiment';
  readonly contextKind: string;
  /** The attribute hashed (default `key`). */
  readonly bucketBy: string;
  /** The hashed attribute's value, when it can be bucketed (a string or an integer). */
  readonly bucketValue?: string;
  /** The context's bucket, in [0, 1]: the first variation whose cumulative weight / 100000 exceeds it is served. */
  readonly bucket: number;
  readonly seed?: number;
  readonly variations: readonly { readonly variation: number; readonly weight: number; readonly untracked?: boolean }[];
  /** Position in `variations` of the served one. */
  readonly chosen: number;
  readonly inExperiment: boolean;
}

/** What a rule or the fallthrough served. */
export interface ServeTrace {
  /** A fixed variation. */
  readonly variation?: number;
  readonly rollout?: RolloutTrace;
}

/** One rule of a flag. */
export interface RuleTrace {
  readonly index: number;
  readonly id?: string;
  readonly clauses: readonly ClauseTrace[];
  readonly matched: TraceMatch;
  /** Set for the rule that matched. */
  readonly serve?: ServeTrace;
}

/** One prerequisite, evaluated. */
export interface PrerequisiteTrace {
  readonly key: string;
  /** The variation the prerequisite must serve. */
  readonly variation: number;
  /** False when the prerequisite flag does not exist (it then fails). */
  readonly found: boolean;
  /** True when the prerequisite is already being evaluated higher up (a cycle). */
  readonly cycle?: boolean;
  /** Whether the prerequisite was met. */
  readonly met: boolean;
  /** The prerequisite flag's own evaluation, with its trace (absent when not found or a cycle). */
  readonly trace?: FlagTrace;
}

/**
 * Why a flag evaluates as it does for one context: every step the evaluation took, in order,
 * ending where the result was decided. Steps after that are not listed (they were not tried).
 */
export interface FlagTrace {
  readonly key: string;
  readonly version: number;
  /** The result this trace arrives at (the same as the SDK's evaluator). */
  readonly result: EvaluationDetail;
  /** Which step decided: `off`, `prerequisite`, `target`, `rule`, `fallthrough` or `error`. */
  readonly decidedBy: 'off' | 'prerequisite' | 'target' | 'rule' | 'fallthrough' | 'error';
  readonly on: boolean;
  readonly prerequisites?: readonly PrerequisiteTrace[];
  readonly targets?: readonly TargetTrace[];
  readonly rules?: readonly RuleTrace[];
  readonly fallthrough?: ServeTrace;
}
