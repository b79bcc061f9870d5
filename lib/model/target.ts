import * as t from 'io-ts';

/** Legacy user-kind individual targets of a flag. */
export const Target = t.type({ values: t.array(t.string), variation: t.number }, 'Target');
export type Target = t.TypeOf<typeof Target>;

/** Individual targets for one context kind (a `user` entry with no values is a placeholder). */
export const ContextTarget = t.intersection(
  [t.type({ values: t.array(t.string), variation: t.number }), t.partial({ contextKind: t.union([t.string, t.null]) })],
  'ContextTarget',
);
export type ContextTarget = t.TypeOf<typeof ContextTarget>;
