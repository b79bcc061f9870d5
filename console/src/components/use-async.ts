import { useEffect, useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api/api-error';

/** The state of a request a page makes: its result or its error in words. */
export interface AsyncState<T> {
  /** The answer for the current `deps`; `undefined` until it has come. */
  readonly value: T | undefined;
  readonly error: ApiError | undefined;
  /** `true` while a request is under way (a refresh keeps the last answer meanwhile). */
  readonly loading: boolean;
}

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

/**
 * Runs `load` whenever `deps` or `refreshOn` change, and on `reload()`; an older answer never
 * replaces a newer one. `deps` say what is asked (an environment, a filter): when they change,
 * the last answer is dropped at once, so that a list is never shown under a question it does
 * not answer. `refreshOn` (default none) only asks again (the environment changed, a timer): the
 * last answer stays on screen until the new one comes.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], refreshOn: readonly unknown[] = []): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T> & { deps?: readonly unknown[] }>({ value: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (value) => !controller.signal.aborted && setState({ value, error: undefined, loading: false, deps }),
      (error) => !controller.signal.aborted && setState({ value: undefined, error: asApiError(error), loading: false, deps }),
    );
    return () => controller.abort();
  }, [...deps, ...refreshOn, tick]);
  const current = state.deps !== undefined && sameDeps(state.deps, deps);
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: !current || state.loading,
    reload: () => setTick((n) => n + 1),
  };
}
