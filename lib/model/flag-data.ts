import * as t from 'io-ts';
import { Flag } from './flag';
import { Segment } from './segment';

/**
 * A full data set: every flag and segment of an environment, keyed by flag/segment key.
 * This is the body of a stream `put`, of the polling endpoint and of a store `init`.
 */
export const FlagData = t.partial(
  { flags: t.record(t.string, Flag, 'Record<string, Flag>'), segments: t.record(t.string, Segment, 'Record<string, Segment>') },
  'FlagData',
);
export type FlagData = t.TypeOf<typeof FlagData>;

/** A full data set with both maps present (what the store works with). */
export interface FullFlagData {
  readonly flags: Readonly<Record<string, Flag>>;
  readonly segments: Readonly<Record<string, Segment>>;
}
