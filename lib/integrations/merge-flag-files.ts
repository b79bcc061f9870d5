import * as E from 'fp-ts/Either';
import type { Flag } from '../model/flag';
import type { FileFlag, FileSegment, FlagFile } from '../model/flag-file';
import type { Segment } from '../model/segment';
import { FlagFileProblem, invalidData } from './flag-file-problem';

/** One decoded flag file and where it came from. */
export interface LoadedFlagFile {
  readonly path: string;
  readonly file: FlagFile;
  /** Items of the file left out because they do not decode (one line each). Default: none. */
  readonly skipped?: readonly string[];
}

/**
 * Every flag and segment of a set of flag files, in file order. Each item carries the version
 * its file declared (1 when left out); see `FileVersionTracker` for the versions finally served.
 */
export interface MergedFlagFiles {
  readonly flags: ReadonlyMap<string, Flag>;
  readonly segments: ReadonlyMap<string, Segment>;
  /** Items left out of the files because they do not decode (one line each, path first). */
  readonly skipped?: readonly string[];
}

/** Which part of a file an item came from, for duplicate-key messages. */
type Section = 'flags' | 'flagValues' | 'segments';

/**
 * Merges decoded flag files into one data set.
 *
 * - `flags` and `segments` entries get `key` from their map key and `version` 1 when left out;
 *   an explicit `key` that differs from the map key is an error.
 * - a `flagValues` entry `key: value` becomes the flag
 *   `{ key, version: 1, on: true, fallthrough: { variation: 0 }, variations: [value] }`.
 * - a flag key defined twice (in two files, or in `flags` and `flagValues` of one file) or a
 *   segment key defined twice is an error naming the key and both places; nothing is merged.
 *
 * Maps are used throughout, so hostile keys such as `__proto__` are plain keys.
 *
 * @returns the merged data, or the first problem found (message prefixed with the file's path)
 */
export function mergeFlagFiles(files: readonly LoadedFlagFile[]): E.Either<FlagFileProblem, MergedFlagFiles> {
  const flags = new Map<string, Flag>();
  const segments = new Map<string, Segment>();
  const flagOrigins = new Map<string, string>();
  const segmentOrigins = new Map<string, string>();

  for (const { path, file } of files) {
    for (const [key, item] of entriesOf(file.flags)) {
      const problem = claim(flagOrigins, 'flag', key, path, 'flags') ?? checkKey(path, 'flags', key, item);
      if (problem) return E.left(problem);
      flags.set(key, withIdentity(key, item) as Flag);
    }
    for (const [key, value] of entriesOf(file.flagValues)) {
      const problem = claim(flagOrigins, 'flag', key, path, 'flagValues');
      if (problem) return E.left(problem);
      flags.set(key, flagForValue(key, value));
    }
    for (const [key, item] of entriesOf(file.segments)) {
      const problem = claim(segmentOrigins, 'segment', key, path, 'segments') ?? checkKey(path, 'segments', key, item);
      if (problem) return E.left(problem);
      segments.set(key, withIdentity(key, item) as Segment);
    }
  }
  return E.right({ flags, segments });
}

/** The flag a `flagValues` entry stands for: on, one variation, served to everyone. */
export function flagForValue(key: string, value: unknown): Flag {
  return { key, version: 1, on: true, fallthrough: { variation: 0 }, variations: [value] };
}

function entriesOf<T>(record: Readonly<Record<string, T>> | null | undefined): Array<[string, T]> {
  return record ? Object.entries(record) : [];
}

/** Records where `key` was defined, or reports the earlier definition. */
function claim(
  origins: Map<string, string>,
  what: 'flag' | 'segment',
  key: string,
  path: string,
  section: Section,
): FlagFileProblem | undefined {
  const here = `${path} (${section})`;
  const earlier = origins.get(key);
  if (earlier !== undefined) {
    return invalidData(path, `${what} key ${JSON.stringify(key)} is defined twice: in ${earlier} and in ${here}`);
  }
  origins.set(key, here);
  return undefined;
}

function checkKey(path: string, section: Section, key: string, item: FileFlag | FileSegment): FlagFileProblem | undefined {
  if (item.key === undefined || item.key === null || item.key === key) return undefined;
  return invalidData(
    path,
    `${section}.${key}.key: ${JSON.stringify(item.key)} does not match its map key ${JSON.stringify(key)}`,
  );
}

function withIdentity(key: string, item: FileFlag | FileSegment): FileFlag & { key: string; version: number } {
  return { ...item, key, version: typeof item.version === 'number' ? item.version : 1 };
}
