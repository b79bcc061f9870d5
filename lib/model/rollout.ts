import * as t from 'io-ts';
import { orNull } from './optional';

/** A variation index and its weight in a rollout (weights are in 1/100,000 units). */
export const WeightedVariation = t.intersection(
  [t.type({ variation: t.number, weight: t.number }), t.partial({ untracked: orNull(t.boolean) })],
  'WeightedVariation',
);
export type WeightedVariation = t.TypeOf<typeof WeightedVariation>;

/** A percentage rollout or experiment: which context attribute is hashed, and the weights. */
export const Rollout = t.intersection(
  [
    t.type({ variations: t.array(WeightedVariation) }),
    t.partial({
      kind: orNull(t.string),
      contextKind: orNull(t.string),
      bucketBy: orNull(t.string),
      seed: orNull(t.number),
    }),
  ],
  'Rollout',
);
export type Rollout = t.TypeOf<typeof Rollout>;

/** Either a fixed variation index or a rollout (fallthrough and rules). */
export const VariationOrRollout = t.partial(
  { variation: orNull(t.number), rollout: orNull(Rollout) },
  'VariationOrRollout',
);
export type VariationOrRollout = t.TypeOf<typeof VariationOrRollout>;
