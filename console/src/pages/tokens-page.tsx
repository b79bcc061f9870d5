import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table';
import { ErrorText } from '../components/error-text';
import { OneTimeSecret } from '../components/one-time-secret';
import { SelectField } from '../components/select-field';
import { useAction } from '../components/use-action';
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

const ROLES = [
  { value: 'reader', label: 'reader: sees everything, changes nothing' },
  { value: 'writer', label: 'writer: edits flags and segments' },
  { value: 'admin', label: 'admin: also keys and tokens' },
];

const time = (value: string | number | undefined) => (value === undefined ? '' : new Date(value).toLocaleString());

/** Named API tokens (admins only): list, create (the secret is shown once), revoke. */
export function TokensPage() {
  const { api, session, environments } = useConsole();
  const list = useAsync((signal) => api.get<{ items: TokenView[] }>('/api/tokens', signal), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reader');
  const [scope, setScope] = useState<string[]>([]);
  const [created, setCreated] = useState<{ name: string; secret: string } | undefined>();
  const [revoking, setRevoking] = useState<TokenView | undefined>();
  const create = useAction(async () => {
    const response = await api.request<{ token: TokenView; secret: string }>('POST', '/api/tokens', { body: { name, role, ...(scope.length > 0 ? { environments: scope } : {}) } });
    setCreated({ name: response.body.token.name, secret: response.body.secret });
    setName('');
    list.reload();
  });
  const revoke = useAction(async (token: TokenView) => {
    await api.request('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`);
    setRevoking(undefined);
    list.reload();
  });
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
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">Tokens</h1>
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          void create.run();
        }}
        aria-labelledby="new-token-title"
      >
        <h2 id="new-token-title">New token</h2>
        <div class="row">
          <label>
            <span>Name (shown in the history)</span>
            <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required />
          </label>
          <SelectField label="Role" value={role} options={ROLES} onChange={(value) => setRole(value as Role)} />
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
        <ErrorText error={create.error} />
        <div class="buttons left">
          <button type="submit" class="primary" disabled={name.trim() === '' || create.busy}>
            Create token
          </button>
        </div>
      </form>
      {created && (
        <OneTimeSecret
          message={
            <>
              The secret of <strong>{created.name}</strong>, shown this once (only its hash is kept):
            </>
          }
          label="Secret"
          value={created.secret}
          onDismiss={() => setCreated(undefined)}
        />
      )}
      <ErrorText error={list.error} />
      <DataTable columns={['Name', 'Role', 'Environments', { label: 'Created', class: 'hide-narrow' }, 'State', ACTIONS_COLUMN]}>
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
      </DataTable>
      {revoking && (
        <ConfirmDialog
          title={`Revoke token ${revoking.name}?`}
          tone="danger"
          confirmLabel="Revoke"
          disabled={revoke.busy}
          error={revoke.error}
          onConfirm={() => void revoke.run(revoking)}
          onCancel={() => setRevoking(undefined)}
        >
          <p>Every request with it is refused from now on; this cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
