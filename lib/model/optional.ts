import * as t from 'io-ts';

/**
 * An optional field that may also be `null` (LaunchDarkly treats a null property as absent, e.g.
 * `"offVariation": null`). Used inside `t.partial`.
 */
export function orNull<C extends t.Mixed>(codec: C): t.UnionC<[C, t.NullC]> {
  return t.union([codec, t.null]);
}

/** Any JSON value (variations, clause values, flag values). Checked no further. */
export const JsonValue = t.unknown;
