/** One live subscription's callbacks. */
export interface FlagWatcher {
  /** The configuration of the watched flag may have changed: re-evaluate. */
  readonly changed: () => void;
  /** The client closed: complete. */
  readonly closed: () => void;
}

/**
 * Fans a store change out to exactly the watchers of the affected flag keys: an update to one
 * flag costs one Map lookup per affected key, however many other flags are being watched, and
 * a plain callback per affected watcher (no per-subscription operator chain).
 */
export class FlagWatchers {
  private readonly byKey = new Map<string, Set<FlagWatcher>>();
  private isClosed = false;

  /**
   * Registers `watcher` for `key` and returns the function that removes it (the last removal
   * forgets the key). After close, `watcher.closed` is called at once and nothing is registered.
   */
  watch(key: string, watcher: FlagWatcher): () => void {
    if (this.isClosed) {
      watcher.closed();
      return () => undefined;
    }
    let watchers = this.byKey.get(key);
    if (!watchers) {
      watchers = new Set();
      this.byKey.set(key, watchers);
    }
    const owned = watchers;
    owned.add(watcher);
    return () => {
      owned.delete(watcher);
      if (owned.size === 0 && this.byKey.get(key) === owned) this.byKey.delete(key);
    };
  }

  /** Number of flag keys with at least one watcher. */
  get watchedKeys(): number {
    return this.byKey.size;
  }

  /** Notifies the watchers of each affected key. */
  notify(keys: Iterable<string>): void {
    for (const key of keys) {
      const watchers = this.byKey.get(key);
      if (watchers) for (const watcher of [...watchers]) watcher.changed();
    }
  }

  /** Notifies every watcher (the first data set, when results change from not-ready). */
  notifyAll(): void {
    for (const watchers of [...this.byKey.values()]) for (const watcher of [...watchers]) watcher.changed();
  }

  /** Tells every watcher the client closed, and forgets them. */
  close(): void {
    this.isClosed = true;
    const all = [...this.byKey.values()];
    this.byKey.clear();
    for (const watchers of all) for (const watcher of watchers) watcher.closed();
  }
}
