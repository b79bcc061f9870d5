import * as t from 'io-ts';
import { Clause } from './clause';
import { orNull } from './optional';

/** Keys of one context kind included in or excluded from a segment. */
export const SegmentTarget = t.type({ contextKind: t.string, values: t.array(t.string) }, 'SegmentTarget');
export type SegmentTarget = t.TypeOf<typeof SegmentTarget>;

/** A segment rule: all clauses match, then (with `weight`) a percentage of those contexts is in. */
export const SegmentRule = t.partial(
  {
    id: orNull(t.string),
    clauses: orNull(t.array(Clause)),
    weight: orNull(t.number),
    bucketBy: orNull(t.string),
    rolloutContextKind: orNull(t.string),
  },
  'SegmentRule',
);
export type SegmentRule = t.TypeOf<typeof SegmentRule>;

/** Every field of a segment except its identity (`key`, `version`). All optional. */
export const SegmentBody = t.partial(
  {
    included: orNull(t.array(t.string)),
    excluded: orNull(t.array(t.string)),
    includedContexts: orNull(t.array(SegmentTarget)),
    excludedContexts: orNull(t.array(SegmentTarget)),
    rules: orNull(t.array(SegmentRule)),
    salt: orNull(t.string),
    unbounded: orNull(t.boolean),
    unboundedContextKind: orNull(t.string),
    generation: orNull(t.number),
    deleted: orNull(t.boolean),
  },
  'SegmentBody',
);

/** A segment in LaunchDarkly's server-side schema (docs/evaluation.md, "Segments"). */
export const Segment = t.intersection([t.type({ key: t.string, version: t.number }), SegmentBody], 'Segment');
export type Segment = t.TypeOf<typeof Segment>;
