/**
 * Event-driven waiting for specs: a {@link Condition} is re-checked each time {@link Condition.notify}
 * is called (by whatever records events), never on a timer; only the deadline is a timer.
 */
export class Condition {
  private readonly waiters = new Set<() => void>();

  /** Re-checks every pending {@link until}; call it after recording anything. */
  notify(): void {
    for (const check of [...this.waiters]) check();
  }

  /**
   * Resolves as soon as `predicate()` holds (checked now and at every {@link notify}); rejects
   * with `timed out after <ms> ms waiting for <what>` otherwise.
   */
  until(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

export { pollUntil, quietPeriod } from '../../helpers/poll-until';
