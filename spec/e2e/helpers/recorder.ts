import type { Observable, Subscription } from 'rxjs';
import { Condition } from './wait-until';

/** Every value an Observable emitted so far, and a way to wait for one. */
export interface Recorder<T> {
  readonly values: readonly T[];
  /** True once the Observable completed. */
  readonly completed: boolean;
  /** Resolves once some value matches (values already recorded count), else rejects after `timeoutMs`. */
  waitFor(predicate: (value: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
  /** Resolves once the Observable has completed. */
  waitForComplete(what: string, timeoutMs?: number): Promise<void>;
  /** Stops recording. */
  stop(): void;
}

/** Subscribes to `source$` and records everything it emits (an error is recorded as a failure of every wait). */
export function record<T>(source$: Observable<T>): Recorder<T> {
  const values: T[] = [];
  const condition = new Condition();
  let completed = false;
  let failure: unknown;
  const subscription: Subscription = source$.subscribe({
    next: (value) => {
      values.push(value);
      condition.notify();
    },
    error: (error: unknown) => {
      failure = error;
      condition.notify();
    },
    complete: () => {
      completed = true;
      condition.notify();
    },
  });
  const failIfErrored = (): void => {
    if (failure !== undefined) throw new Error(`the observable errored: ${String(failure)}`);
  };
  return {
    values,
    get completed() {
      return completed;
    },
    async waitFor(predicate, what, timeoutMs) {
      let found: T | undefined;
      const match = (): boolean => {
        failIfErrored();
        const index = values.findIndex(predicate);
        if (index === -1) return false;
        found = values[index];
        return true;
      };
      await condition.until(() => failure !== undefined || match(), what, timeoutMs);
      failIfErrored();
      return found as T;
    },
    async waitForComplete(what, timeoutMs) {
      await condition.until(() => completed || failure !== undefined, what, timeoutMs);
      failIfErrored();
    },
    stop: () => subscription.unsubscribe(),
  };
}

/** The recorders one spec opened, stopped together in its `afterEach`. */
export class Recorders {
  private readonly open: Array<Recorder<unknown>> = [];

  /** Keeps `recorder` to be stopped by {@link stopAll}, and returns it. */
  readonly watch = <T>(recorder: Recorder<T>): Recorder<T> => {
    this.open.push(recorder as Recorder<unknown>);
    return recorder;
  };

  /** Stops every recorder kept so far and forgets them. */
  stopAll(): void {
    for (const recorder of this.open.splice(0)) recorder.stop();
  }
}
