import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { FlagFileProblem } from './flag-file-problem';
import { LoadedFlagFile, MergedFlagFiles, mergeFlagFiles } from './merge-flag-files';
import { parseFlagFile } from './parse-flag-file';
import { readFlagFile } from './read-flag-file';

/** Options of {@link loadFlagFiles}. */
export interface LoadFlagFilesOptions {
  /** The largest file accepted, in bytes. */
  readonly maxFileBytes: number;
}

/**
 * Reads, parses, decodes and merges a set of flag files, all or nothing. Never rejects.
 *
 * All files are read in parallel. If any file cannot be read, parsed or decoded, the result is
 * every such problem, in the order of `paths`; only when every file is good are they merged
 * (which may still fail on a duplicate key). Single flags or segments that do not decode are
 * left out and listed in the result's `skipped`.
 *
 * @param paths the files, in the order their items are merged
 * @returns the merged data, or a non-empty list of problems, each prefixed with its file's path
 */
export async function loadFlagFiles(
  paths: readonly string[],
  options: LoadFlagFilesOptions,
): Promise<E.Either<readonly FlagFileProblem[], MergedFlagFiles>> {
  const files = await Promise.all(paths.map((path) => loadOne(path, options.maxFileBytes)));
  const problems = files.filter(E.isLeft).map((file) => file.left);
  if (problems.length > 0) return E.left(problems);
  const loaded = files.filter(E.isRight).map((file) => file.right);
  const skipped = loaded.flatMap((file) => file.skipped ?? []);
  return pipe(
    mergeFlagFiles(loaded),
    E.mapLeft((problem) => [problem]),
    E.map((merged) => ({ ...merged, skipped })),
  );
}

async function loadOne(path: string, maxFileBytes: number): Promise<E.Either<FlagFileProblem, LoadedFlagFile>> {
  const text = await readFlagFile(path, maxFileBytes);
  return pipe(
    text,
    E.flatMap((contents) => parseFlagFile(path, contents)),
    E.map(({ file, skipped }) => ({ path, file, skipped })),
  );
}
