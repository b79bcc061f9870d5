import * as t from 'io-ts';
import { Clause } from './clause';
import { JsonValue, orNull } from './optional';
import { Rollout, VariationOrRollout } from './rollout';
import { ContextTarget, Target } from './target';

/** A flag that must serve `variation` for the dependent flag to proceed. */
export const Prerequisite = t.type({ key: t.string, variation: t.number }, 'Prerequisite');
export type Prerequisite = t.TypeOf<typeof Prerequisite>;

/** A targeting rule: all clauses must match, then it serves a variation or rollout. */
export const FlagRule = t.partial(
  {
    id: orNull(t.string),
    clauses: orNull(t.array(Clause)),
    variation: orNull(t.number),
    rollout: orNull(Rollout),
    trackEvents: orNull(t.boolean),
  },
  'FlagRule',
);
export type FlagRule = t.TypeOf<typeof FlagRule>;

/** Which client-side SDKs may see a flag. */
export const ClientSideAvailability = t.partial(
  { usingMobileKey: orNull(t.boolean), usingEnvironmentId: orNull(t.boolean) },
  'ClientSideAvailability',
);
export type ClientSideAvailability = t.TypeOf<typeof ClientSideAvailability>;

/** Every field of a flag except its identity (`key`, `version`). All optional. */
export const FlagBody = t.partial(
  {
    on: orNull(t.boolean),
    prerequisites: orNull(t.array(Prerequisite)),
    salt: orNull(t.string),
    targets: orNull(t.array(Target)),
    contextTargets: orNull(t.array(ContextTarget)),
    rules: orNull(t.array(FlagRule)),
    fallthrough: orNull(VariationOrRollout),
    offVariation: orNull(t.number),
    variations: orNull(t.array(JsonValue)),
    clientSide: orNull(t.boolean),
    clientSideAvailability: orNull(ClientSideAvailability),
    trackEvents: orNull(t.boolean),
    trackEventsFallthrough: orNull(t.boolean),
    debugEventsUntilDate: orNull(t.number),
    deleted: orNull(t.boolean),
    excludeFromSummaries: orNull(t.boolean),
    samplingRatio: orNull(t.number),
    migration: orNull(t.partial({ checkRatio: orNull(t.number) })),
  },
  'FlagBody',
);

/**
 * A feature flag in LaunchDarkly's server-side schema (docs/evaluation.md, "Flags"). Unknown extra fields are
 * tolerated (a newer server may send them); wrong types are rejected.
 */
export const Flag = t.intersection([t.type({ key: t.string, version: t.number }), FlagBody], 'Flag');
export type Flag = t.TypeOf<typeof Flag>;
