import { resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import { catchError, concat, debounceTime, defer, from, mergeMap, NEVER, Observable, of, switchMap, takeWhile, tap } from 'rxjs';
import { isOffStatus } from '../data-sources/failure-status';
import type { DataSource, DataSourceContext, DataSourceEvent } from '../data-sources/data-source';
import { InvalidOptionError } from '../errors/invalid-option-error';
import { loadFlagFiles } from './flag-file-loader';
import type { FlagFileProblem } from './flag-file-problem';
import { FileVersionTracker } from './file-version-tracker';
import type { MergedFlagFiles } from './merge-flag-files';
import { watchFiles } from './watch-files';

/** Options of {@link fileDataSource}. */
export interface FileDataSourceOptions {
  /**
   * The flag files, in LaunchDarkly's file format (`flags`, `flagValues`, `segments`). Files
   * ending in `.yml`/`.yaml` are read as YAML, all others as JSON. Required, at least one; a path
   * may not be listed twice. Relative paths are resolved against the working directory when
   * `fileDataSource` is called; messages show the resolved paths.
   */
  readonly paths: readonly string[];
  /** Reload every file when any of them changes (or appears, or is replaced). @default false */
  readonly watch?: boolean;
  /** With `watch`: how long to wait after the last change before reloading, in ms. @default 100 */
  readonly debounce?: number;
  /** The largest file accepted, in bytes; a larger file is an error. @default 67108864 (64 MiB) */
  readonly maxFileBytes?: number;
}

/** Default of {@link FileDataSourceOptions.debounce}, in milliseconds. */
export const DEFAULT_FILE_DEBOUNCE = 100;
/** Default of {@link FileDataSourceOptions.maxFileBytes}: 64 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A data source that serves flags and segments from local JSON or YAML files, optionally
 * reloading them when they change. Useful for tests, local development and air-gapped services.
 *
 * On connect every file is loaded and merged: the source emits `put` with the whole data set,
 * then `status VALID`. Loading is all or nothing: a missing or unreadable file (`UNKNOWN`), bad
 * JSON/YAML, a schema violation or a key defined twice (`INVALID_DATA`) means nothing is served;
 * the source emits `status INTERRUPTED` whose `error.message` starts with the file's path, e.g.
 * `/etc/flags.json: flags.checkout.variations: expected Array<unknown> or null, got 5`.
 * Without `watch` nothing can fix the files, so that status is `OFF` (final: the source completes
 * and `waitForInitialization` rejects at once with the file problem); with `watch` it is
 * `INTERRUPTED` (the client stays `INITIALIZING` until a good load). Every problem is also logged.
 *
 * With `watch`, the files' directories are watched; after `debounce` ms of quiet every file is
 * reloaded. Changed data ⇒ a new `put` (the client replaces everything) and `status VALID`;
 * identical data ⇒ no `put`. A broken file ⇒ `status INTERRUPTED` and the last good data stays
 * in force; fixing it ⇒ `put` (if the data differs) and `status VALID` again.
 *
 * Versions: each item is served with the version its file declares (1 when left out); an item
 * whose content changed on a reload gets `max(declared, previous + 1)`, so versions only go up.
 *
 * Each `connect()` is independent; unsubscribing closes every watcher and timer.
 *
 * ## Example
 * ```ts
 * const client = createClient({ sdkKey: 'unused', dataSource: fileDataSource({ paths: ['flags.yaml'], watch: true }) });
 * ```
 *
 * @param options the files and how to watch them
 * @returns a {@link DataSource}
 * @throws InvalidOptionError when `paths` is missing, empty or holds a non-string or a duplicate,
 *   or another option has the wrong type
 */
export function fileDataSource(options: FileDataSourceOptions): DataSource {
  const settings = validateOptions(options);
  return { connect: (context) => connectFiles(settings, context) };
}

type Settings = Required<FileDataSourceOptions>;

function connectFiles(settings: Settings, context: DataSourceContext): Observable<DataSourceEvent> {
  const { paths, watch, debounce, maxFileBytes } = settings;
  const { logger, scheduler } = context;
  return defer(() => {
    const tracker = new FileVersionTracker();
    let state: 'INITIALIZING' | 'VALID' | 'INTERRUPTED' = 'INITIALIZING';

    const onProblems = (problems: readonly FlagFileProblem[]): DataSourceEvent[] => {
      for (const problem of problems) logger.error(`flag files not loaded: ${problem.message}`);
      state = 'INTERRUPTED';
      const [first] = problems;
      const error = { kind: first.kind, message: first.message, time: scheduler.now() };
      // Unwatched files are read once: nothing will ever fix them, so the failure is final.
      return [{ type: 'status', state: watch ? 'INTERRUPTED' : 'OFF', error }];
    };
    const onLoaded = (merged: MergedFlagFiles): DataSourceEvent[] => {
      for (const skipped of merged.skipped ?? []) logger.warn(`flag file item not loaded: ${skipped}`);
      const { data, changed } = tracker.assign(merged);
      const events: DataSourceEvent[] = [];
      if (changed) {
        logger.info(`flag files loaded: ${merged.flags.size} flags, ${merged.segments.size} segments`);
        events.push({ type: 'put', data });
      }
      if (changed || state !== 'VALID') events.push({ type: 'status', state: 'VALID' });
      state = 'VALID';
      return events;
    };

    // Loading never rejects and the steps after it should not throw; if anything does anyway,
    // it becomes a status event, never an Observable error.
    const unexpected = (error: unknown): Observable<DataSourceEvent> =>
      from(onProblems([{ kind: 'UNKNOWN', message: `${paths.join(', ')}: could not load the flag files (${String(error)})` }]));
    const load = (): Observable<DataSourceEvent> =>
      from(loadFlagFiles(paths, { maxFileBytes })).pipe(mergeMap(E.match(onProblems, onLoaded)), catchError(unexpected));
    const changes$ = watch
      ? watchFiles(paths, { scheduler }).pipe(
          tap((path) => logger.debug(`flag file changed: ${path}`)),
          debounceTime(debounce, scheduler),
        )
      : NEVER;
    return concat(of('initial load'), changes$).pipe(switchMap(load), takeWhile((event) => !isOffStatus(event), true));
  });
}

function validateOptions(options: FileDataSourceOptions): Settings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('fileDataSource', 'expected an options object such as { paths: ["flags.json"] }');
  }
  const { paths, watch = false, debounce = DEFAULT_FILE_DEBOUNCE, maxFileBytes = DEFAULT_MAX_FILE_BYTES } = options;
  if (!Array.isArray(paths) || paths.length === 0) {
    throw new InvalidOptionError('fileDataSource.paths', 'expected a non-empty array of file paths');
  }
  const absolutePaths: string[] = [];
  paths.forEach((path: unknown, index) => {
    if (typeof path !== 'string' || path === '') {
      throw new InvalidOptionError(`fileDataSource.paths[${index}]`, `expected a non-empty string, got ${path === '' ? 'an empty string' : typeof path}`);
    }
    const absolute = resolve(path);
    if (absolutePaths.includes(absolute)) {
      throw new InvalidOptionError(`fileDataSource.paths[${index}]`, `${path} is listed twice`);
    }
    absolutePaths.push(absolute);
  });
  if (typeof watch !== 'boolean') throw new InvalidOptionError('fileDataSource.watch', 'expected true or false');
  if (typeof debounce !== 'number' || !Number.isFinite(debounce) || debounce < 0) {
    throw new InvalidOptionError('fileDataSource.debounce', 'expected a number of milliseconds, 0 or more');
  }
  if (typeof maxFileBytes !== 'number' || !Number.isSafeInteger(maxFileBytes) || maxFileBytes < 1) {
    throw new InvalidOptionError('fileDataSource.maxFileBytes', 'expected a whole number of bytes, 1 or more');
  }
  return { paths: absolutePaths, watch, debounce, maxFileBytes };
}
