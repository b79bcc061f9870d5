import { useEffect, useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api/api-error';

/** The state of a request a page makes: its result or its error in words. */
export interface AsyncState<T> {
  readonly value: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
}

/** Runs `load` whenever `deps` change; an older answer never replaces a newer one. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ value: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (value) => !controller.signal.aborted && setState({ value, error: undefined, loading: false }),
      (error) => !controller.signal.aborted && setState({ value: undefined, error: asApiError(error), loading: false }),
    );
    return () => controller.abort();
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}
