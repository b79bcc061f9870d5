import { useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api/api-error';
import { ErrorText } from '../components/error-text';
import { Modal } from '../components/modal';
import { useAsync } from '../components/use-async';
import { isMissingEndpoint, Unavailable } from '../components/unavailable';
import { useConsole } from '../state/console-context';
import { canManage, type Role } from '../state/session';

/** A token as `GET /api/tokens` lists it (never its secret). */
interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly environments?: readonly string[];
  readonly hint?: string;
  readonly createdAt?: string | number;
  readonly createdBy?: string;
  readonly revokedAt?: string | number;
}

const time = (value: string | number | undefined) => (value === undefined ? '' : new Date(value).toLocaleString());

/** Named API tokens (admins only): list, create (the secret is shown once), revoke. */
export function TokensPage() {
  const { api, session, environments } = useConsole();
  const [tick, setTick] = useState(0);
  const list = useAsync((signal) => api.get<{ items: TokenView[] }>('/api/tokens', signal), [tick]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reader');
  const [scope, setScope] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | undefined>();
  const [created, setCreated] = useState<{ name: string; secret: string } | undefined>();
  const [revoking, setRevoking] = useState<TokenView | undefined>();
  const [revokeError, setRevokeError] = useState<ApiError | undefined>();
  if (list.error && isMissingEndpoint(list.error)) return <Unavailable what="Named tokens" error={list.error} />;
  if (!canManage(session)) {
    return (
      <section>
        <h1>Tokens</h1>
        <p class="notice">
          You are signed in as <strong>{session.name}</strong> ({session.role}
          {session.environments ? `, environments ${session.environments.join(', ')}` : ''}). Only an admin token manages tokens.
        </p>
      </section>
    );
  }
  const create = async (event: Event) => {
    event.preventDefault();
    try {
      const response = await api.request<{ token: TokenView; secret: string }>('POST', '/api/tokens', { body: { name, role, ...(scope.length > 0 ? { environments: scope } : {}) } });
      setCreated({ name: response.body.token.name, secret: response.body.secret });
      setError(undefined);
      setName('');
      setTick((n) => n + 1);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const revoke = async (token: TokenView) => {
    try {
      await api.request('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`);
      setRevoking(undefined);
      setRevokeError(undefined);
      setTick((n) => n + 1);
    } catch (caught) {
      setRevokeError(asApiError(caught));
    }
  };
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">Tokens</h1>
      <form class="card" onSubmit={create} aria-labelledby="new-token-title">
        <h2 id="new-token-title">New token</h2>
        <div class="row">
          <label>
            <span>Name (shown in the history)</span>
            <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required />
          </label>
          <label>
            <span>Role</span>
            <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
              <option value="reader">reader: sees everything, changes nothing</option>
              <option value="writer">writer: edits flags and segments</option>
              <option value="admin">admin: also keys and tokens</option>
            </select>
          </label>
        </div>
        <fieldset>
          <legend>Environments (none checked: all)</legend>
          <div class="row">
            {environments.map((environment) => (
              <label class="check" key={environment.key}>
                <input
                  type="checkbox"
                  checked={scope.includes(environment.key)}
                  onChange={(e) => setScope((e.target as HTMLInputElement).checked ? [...scope, environment.key] : scope.filter((k) => k !== environment.key))}
                />
                <span>{environment.key}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <ErrorText error={error} />
        <div class="buttons left">
          <button type="submit" class="primary" disabled={name.trim() === ''}>
            Create token
          </button>
        </div>
      </form>
      {created && (
        <div class="notice" role="status">
          <p>
            The secret of <strong>{created.name}</strong>, shown this once (only its hash is kept):
          </p>
          <label>
            <span>Secret</span>
            <input readOnly value={created.secret} class="secret" onFocus={(e) => (e.target as HTMLInputElement).select()} />
          </label>
          <button type="button" class="link" onClick={() => setCreated(undefined)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorText error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Environments</th>
              <th scope="col" class="hide-narrow">Created</th>
              <th scope="col">State</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {(list.value?.items ?? []).map((token) => (
              <tr key={token.id}>
                <td>
                  {token.name} {token.hint && <code class="muted small">{token.hint}</code>}
                </td>
                <td>{token.role}</td>
                <td>{token.environments?.join(', ') ?? 'all'}</td>
                <td class="hide-narrow small">
                  {time(token.createdAt)} {token.createdBy && `by ${token.createdBy}`}
                </td>
                <td>{token.revokedAt !== undefined ? `revoked ${time(token.revokedAt)}` : 'valid'}</td>
                <td>
                  {token.revokedAt === undefined && (
                    <button type="button" class="link danger" onClick={() => setRevoking(token)} aria-label={`Revoke token ${token.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revoking && (
        <Modal title={`Revoke token ${revoking.name}?`} onClose={() => setRevoking(undefined)}>
          <p>Every request with it is refused from now on; this cannot be undone.</p>
          <ErrorText error={revokeError} />
          <div class="buttons">
            <button type="button" onClick={() => setRevoking(undefined)}>
              Cancel
            </button>
            <button type="button" class="danger" onClick={() => revoke(revoking)}>
              Revoke
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
