import * as t from 'io-ts';
import { FlagBody } from './flag';
import { JsonValue, orNull } from './optional';
import { SegmentBody } from './segment';

/** A flag in a flag file: `key` defaults to its map key and `version` to 1. */
export const FileFlag = t.intersection(
  [t.partial({ key: orNull(t.string), version: orNull(t.number) }), FlagBody],
  'FileFlag',
);
export type FileFlag = t.TypeOf<typeof FileFlag>;

/** A segment in a flag file: `key` defaults to its map key and `version` to 1. */
export const FileSegment = t.intersection(
  [t.partial({ key: orNull(t.string), version: orNull(t.number) }), SegmentBody],
  'FileSegment',
);
export type FileSegment = t.TypeOf<typeof FileSegment>;

/**
 * LaunchDarkly's flag file format (JSON or YAML): full `flags`, simple `flagValues`
 * (key → value, served to everyone), and `segments`. Any subset may be present.
 */
export const FlagFile = t.partial(
  {
    flags: orNull(t.record(t.string, FileFlag, 'Record<string, FileFlag>')),
    flagValues: orNull(t.record(t.string, JsonValue, 'Record<string, unknown>')),
    segments: orNull(t.record(t.string, FileSegment, 'Record<string, FileSegment>')),
  },
  'FlagFile',
);
export type FlagFile = t.TypeOf<typeof FlagFile>;
