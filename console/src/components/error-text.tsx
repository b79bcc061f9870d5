import type { ApiError } from '../api/api-error';

/**
 * A server error in words, shown next to what caused it: the message, then each issue. It is a
 * live region, so screen readers announce it when it appears.
 */
export function ErrorText({ error, issues, id }: { error: ApiError | string | undefined; issues?: readonly string[]; id?: string }) {
  if (error === undefined && (issues === undefined || issues.length === 0)) return null;
  const message = typeof error === 'string' ? error : error?.message;
  const lines = issues ?? (typeof error === 'object' ? error.issues : []);
  const action = typeof error === 'object' && error.action ? error.action : '';
  return (
    <div class="error" role="alert" id={id}>
      {message && (
        <p>
          {message}
          {action && <span class="muted"> ({action})</span>}
        </p>
      )}
      {lines.length > 0 && (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Warnings that are not errors (the server accepts them), e.g. a clause value that never matches. */
export function WarningText({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <ul class="warning" role="status">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
