import { useState } from 'preact/hooks';
import { ApiError, asApiError } from '../api/api-error';

/** A change a control sends to the server: whether it is under way, and its refusal in words. */
export interface Action<A extends unknown[]> {
  /**
   * Runs the request. A success clears the error; a failure keeps it (as an {@link ApiError})
   * for an `ErrorText` next to the control. Resolves `true` on success, never rejects.
   */
  run(...args: A): Promise<boolean>;
  /** `true` while `run` is under way (the button that started it is disabled). */
  readonly busy: boolean;
  /** The last failure; `undefined` after a success or `clear()`. */
  readonly error: ApiError | undefined;
  /** Shows a problem found before sending anything (e.g. text that is not JSON). */
  fail(message: string): void;
  /** Forgets the last failure. */
  clear(): void;
}

/**
 * The busy flag and error of a request made by a button or a form, so that each control shows
 * its own refusal next to it and cannot be sent twice at once.
 */
export function useAction<A extends unknown[]>(perform: (...args: A) => Promise<unknown>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  return {
    busy,
    error,
    async run(...args: A) {
      setBusy(true);
      try {
        await perform(...args);
        setError(undefined);
        return true;
      } catch (caught) {
        setError(asApiError(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
    fail: (message) => setError(new ApiError(0, message)),
    clear: () => setError(undefined),
  };
}
