import { useState } from 'preact/hooks';
import { DataTable } from '../components/data-table';
import { ErrorText } from '../components/error-text';
import { OneTimeSecret } from '../components/one-time-secret';
import { useAction } from '../components/use-action';
import { useAsync } from '../components/use-async';
import { envPath, useConsole } from '../state/console-context';

/** One SDK key as the server lists it: never the key, only its id (8 hex digits of its SHA-256). */
interface SdkKeyRow {
  readonly id: string;
  readonly state: string;
  readonly expiresAt?: string | number;
}

/** A key the server has just made: shown once, here, and never again. */
interface NewKey {
  readonly id: string;
  readonly sdkKey: string;
  readonly replaces?: string;
}

/**
 * The SDK keys of one environment (`GET|POST /api/environments/:env/sdk-keys`): an admin adds a
 * key, rotates one (the old key keeps working until the chosen expiry, so a fleet can move over)
 * or revokes one at once (its streams close, its polls and events are refused). Others only see
 * the list.
 */
export function SdkKeysPanel({ env, manage }: { env: string; manage: boolean }) {
  const { api, reloadEnvironments } = useConsole();
  const keys = useAsync((signal) => api.get<{ items: SdkKeyRow[] }>(envPath(env, 'sdk-keys'), signal), [env]);
  const [created, setCreated] = useState<NewKey | undefined>();
  const [graceMinutes, setGraceMinutes] = useState('60');
  /** `id` and `verb` are appended after `sdk-keys` (envPath encodes its last argument as one segment). */
  const act = useAction(async (method: string, id?: string, verb?: string, body?: unknown) => {
    const path = [envPath(env, 'sdk-keys'), ...(id ? [encodeURIComponent(id)] : []), ...(verb ? [verb] : [])].join('/');
    const response = await api.request<NewKey>(method, path, body === undefined ? {} : { body });
    if (method === 'POST') setCreated(response.body);
    keys.reload();
    await reloadEnvironments();
  });
  const rotate = (id: string) => {
    const minutes = Number(graceMinutes);
    if (!Number.isFinite(minutes) || minutes < 0) {
      act.fail(`The old key's grace period must be a number of minutes (0 or more), not "${graceMinutes}"`);
      return;
    }
    void act.run('POST', id, 'rotate', minutes > 0 ? { expiresAt: new Date(Date.now() + minutes * 60_000).toISOString() } : {});
  };
  return (
    <section class="card" aria-labelledby="sdk-keys-title">
      <h2 id="sdk-keys-title">SDK keys of {env}</h2>
      <DataTable columns={['Key', 'State', 'Expires', manage && 'Actions']} wrap={false}>
        {(keys.value?.items ?? []).map((key) => (
          <tr key={key.id}>
            <td>key#{key.id}</td>
            <td>{key.state}</td>
            <td>{key.expiresAt === undefined ? '—' : new Date(key.expiresAt).toLocaleString()}</td>
            {manage && (
              <td>
                <div class="row">
                  {key.state === 'active' && (
                    <button type="button" onClick={() => rotate(key.id)} aria-label={`Rotate key#${key.id}`}>
                      Rotate
                    </button>
                  )}
                  {key.state !== 'revoked' && (
                    <button type="button" class="danger" onClick={() => void act.run('DELETE', key.id)} aria-label={`Revoke key#${key.id}`}>
                      Revoke
                    </button>
                  )}
                </div>
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      {manage && (
        <div class="row">
          <button type="button" onClick={() => void act.run('POST')}>
            Add an SDK key
          </button>
          <label>
            <span>Old key keeps working for (minutes) after a rotation</span>
            <input type="number" min="0" value={graceMinutes} onInput={(e) => setGraceMinutes((e.target as HTMLInputElement).value)} />
          </label>
        </div>
      )}
      {created && (
        <OneTimeSecret
          message={`New SDK key key#${created.id}${created.replaces ? ` (replaces key#${created.replaces})` : ''}. Copy it now: it is not shown again.`}
          label="New SDK key"
          value={created.sdkKey}
          onDismiss={() => setCreated(undefined)}
        />
      )}
      <ErrorText error={keys.error} />
      <ErrorText error={act.error} />
    </section>
  );
}
