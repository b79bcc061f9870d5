import { FSWatcher, watch as fsWatch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { merge, Observable, SchedulerLike, Subscription } from 'rxjs';

/** Options of {@link watchFiles}. */
export interface WatchFilesOptions {
  /** Scheduler for the retry timer. */
  readonly scheduler: SchedulerLike;
  /**
   * How long to wait before trying again to watch a directory that does not exist (yet) or whose
   * watcher failed, in milliseconds.
   * @default 1000
   */
  readonly retryInterval?: number;
  /** The `fs.watch` to use (tests inject failures). @default fs.watch */
  readonly watch?: typeof fsWatch;
}

/** Default of {@link WatchFilesOptions.retryInterval}, in milliseconds. */
export const DEFAULT_WATCH_RETRY_INTERVAL = 1000;

/**
 * Watches files for changes: emits a path each time one of them may have changed (written,
 * created, deleted, or replaced by a rename). Emissions are not debounced and may be spurious.
 *
 * The containing directory of each file is watched rather than the file itself, so that files
 * replaced by a rename (as many editors and deploy tools save) and files that do not exist yet
 * are seen. Entries whose name starts with `..` also count as changes of the directory's files:
 * Kubernetes ConfigMap volumes update files by swapping a `..data` symlink.
 *
 * A directory that does not exist, or whose watcher fails, is retried every `retryInterval` ms;
 * when watching it succeeds again, a change is emitted (its files may have appeared meanwhile).
 * Never errors. Unsubscribing closes every watcher and cancels every retry.
 *
 * @param paths the files to watch
 * @returns a cold Observable of paths that may have changed
 */
export function watchFiles(paths: readonly string[], options: WatchFilesOptions): Observable<string> {
  const byDirectory = new Map<string, Set<string>>();
  for (const path of paths) {
    const absolute = resolve(path);
    const directory = dirname(absolute);
    const names = byDirectory.get(directory) ?? new Set<string>();
    names.add(basename(absolute));
    byDirectory.set(directory, names);
  }
  return merge(...[...byDirectory].map(([directory, names]) => watchDirectory(directory, names, options)));
}

function watchDirectory(directory: string, names: ReadonlySet<string>, options: WatchFilesOptions): Observable<string> {
  const watch = options.watch ?? fsWatch;
  const retryInterval = options.retryInterval ?? DEFAULT_WATCH_RETRY_INTERVAL;
  const isRelevant = (name: string | null): boolean => name === null || names.has(name) || name.startsWith('..');

  return new Observable<string>((subscriber) => {
    let watcher: FSWatcher | undefined;
    let retry: Subscription | undefined;

    const stopWatcher = (): void => {
      watcher?.close();
      watcher = undefined;
    };
    const scheduleRetry = (): void => {
      if (subscriber.closed || retry) return;
      retry = options.scheduler.schedule(() => {
        retry = undefined;
        if (startWatcher()) subscriber.next(directory);
      }, retryInterval);
    };
    const startWatcher = (): boolean => {
      try {
        const current = watch(directory, (_event, name) => {
          if (watcher === current && isRelevant(name)) subscriber.next(name === null ? directory : join(directory, name));
        });
        // Keeps a late 'error' from ever being unhandled, even after close.
        current.on('error', () => {
          if (watcher !== current) return;
          stopWatcher();
          subscriber.next(directory);
          scheduleRetry();
        });
        watcher = current;
        return true;
      } catch {
        scheduleRetry();
        return false;
      }
    };

    startWatcher();
    return () => {
      retry?.unsubscribe();
      retry = undefined;
      stopWatcher();
    };
  });
}
