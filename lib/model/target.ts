import * as t from 'io-ts';
import { orNull } from './optional';

/** Legacy user-kind individual targets of a flag. */
export const Target = t.type({ values: t.array(t.string), variation: t.number }, 'Target');
export type Target = t.TypeOf<typeof Target>;

/**
 * Individual targets for one context kind. A `user` entry is a placeholder that fixes where the
 * flag's user `targets` of its variation are checked; LaunchDarkly never reads its `values` and
 * often leaves them out (so does its own test data), so `values` is optional: absent or `null`
 * means no keys. (For an entry of another kind without `values`, LaunchDarkly's Node SDK 9.x throws
 * an uncaught TypeError when a context of that kind is evaluated; flagstream reads it as no keys.)
 */
export const ContextTarget = t.intersection(
  [t.type({ variation: t.number }), t.partial({ values: orNull(t.array(t.string)), contextKind: orNull(t.string) })],
  'ContextTarget',
);
export type ContextTarget = t.TypeOf<typeof ContextTarget>;
