import { Observable, Subject } from 'rxjs';

/**
 * Fans a store change out to exactly the watchers of the affected flag keys: an update to one
 * flag costs one Map lookup per affected key, however many other flags are being watched.
 */
export class FlagWatchers {
  private readonly byKey = new Map<string, Subject<void>>();
  private closed = false;

  /**
   * Emits (nothing, `void`) each time the configuration of `key` may have changed; completes
   * when the client closes. Lazy: nothing is registered until subscribed, and the last
   * unsubscribe removes the key's entry.
   */
  changesOf(key: string): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      let subject = this.byKey.get(key);
      if (!subject) {
        subject = new Subject<void>();
        this.byKey.set(key, subject);
      }
      const owned = subject;
      const subscription = owned.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        if (!owned.observed && this.byKey.get(key) === owned) this.byKey.delete(key);
      };
    });
  }

  /** Number of flag keys with at least one watcher. */
  get watchedKeys(): number {
    return this.byKey.size;
  }

  /** Notifies the watchers of each affected key. */
  notify(keys: Iterable<string>): void {
    for (const key of keys) this.byKey.get(key)?.next();
  }

  /** Notifies every watcher (the first data set, when results change from not-ready). */
  notifyAll(): void {
    for (const subject of [...this.byKey.values()]) subject.next();
  }

  /** Completes every watcher. */
  close(): void {
    this.closed = true;
    for (const subject of this.byKey.values()) subject.complete();
    this.byKey.clear();
  }
}
