import { useState } from 'preact/hooks';
import type { ApiError } from '../api/api-error';
import { ErrorText } from '../components/error-text';

/** Sign in with an API token (kept in this tab's session storage only). */
export function SignInPage({ onSignIn, error }: { onSignIn: (token: string) => Promise<void>; error: ApiError | undefined }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <main class="sign-in" id="main">
      <h1>flagstream console</h1>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          await onSignIn(token.trim());
          setBusy(false);
        }}
      >
        <label for="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          aria-describedby="token-help token-error"
          required
          autoFocus
        />
        <p id="token-help" class="muted">
          An admin token (<code>FLAGSTREAM_ADMIN_TOKEN</code>) or a named token. It stays in this tab only.
        </p>
        <ErrorText error={error} id="token-error" />
        <button type="submit" class="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
