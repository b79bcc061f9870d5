import type { Observable, Subscription } from 'rxjs';

/** Subscribes to `source$` and records everything it does. */
export class Collector<T> {
  readonly values: T[] = [];
  completed = false;
  error: unknown;
  readonly subscription: Subscription;

  constructor(source$: Observable<T>) {
    this.subscription = source$.subscribe({
      next: (value) => this.values.push(value),
      error: (error: unknown) => {
        this.error = error;
      },
      complete: () => {
        this.completed = true;
      },
    });
  }

  /** Resolves once `predicate(values)` holds (checked every 5 ms), rejects after `timeout` ms. */
  async until(predicate: (values: readonly T[]) => boolean, timeout = 3000, what = 'events'): Promise<void> {
    const start = Date.now();
    while (!predicate(this.values)) {
      if (this.error !== undefined) throw new Error(`source errored while waiting for ${what}: ${String(this.error)}`);
      if (Date.now() - start > timeout) {
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.values).slice(0, 600)}`);
      }
      await sleep(5);
    }
  }

  /** Stops the subscription. */
  stop(): void {
    this.subscription.unsubscribe();
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
