import { useEffect, useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api/api-error';
import { ErrorText } from '../components/error-text';
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
  const [keys, setKeys] = useState<readonly SdkKeyRow[]>([]);
  const [error, setError] = useState<ApiError | string | undefined>();
  const [created, setCreated] = useState<NewKey | undefined>();
  const [graceMinutes, setGraceMinutes] = useState('60');
  const load = async () => {
    try {
      setKeys((await api.get<{ items: SdkKeyRow[] }>(envPath(env, 'sdk-keys'))).items);
      setError(undefined);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  useEffect(() => void load(), [env]);
  /** `id` and `verb` are appended after `sdk-keys` (envPath encodes its last argument as one segment). */
  const act = async (method: string, id?: string, verb?: string, body?: unknown) => {
    const path = [envPath(env, 'sdk-keys'), ...(id ? [encodeURIComponent(id)] : []), ...(verb ? [verb] : [])].join('/');
    try {
      const response = await api.request<NewKey>(method, path, body === undefined ? {} : { body });
      if (method === 'POST') setCreated(response.body);
      await load();
      await reloadEnvironments();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const rotate = (id: string) => {
    const minutes = Number(graceMinutes);
    if (!Number.isFinite(minutes) || minutes < 0) {
      setError(`The old key's grace period must be a number of minutes (0 or more), not "${graceMinutes}"`);
      return;
    }
    void act('POST', id, 'rotate', minutes > 0 ? { expiresAt: new Date(Date.now() + minutes * 60_000).toISOString() } : {});
  };
  return (
    <section class="card" aria-labelledby="sdk-keys-title">
      <h2 id="sdk-keys-title">SDK keys of {env}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">State</th>
            <th scope="col">Expires</th>
            {manage && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
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
                    <button type="button" class="danger" onClick={() => void act('DELETE', key.id)} aria-label={`Revoke key#${key.id}`}>
                      Revoke
                    </button>
                  )}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {manage && (
        <div class="row">
          <button type="button" onClick={() => void act('POST')}>
            Add an SDK key
          </button>
          <label>
            <span>Old key keeps working for (minutes) after a rotation</span>
            <input type="number" min="0" value={graceMinutes} onInput={(e) => setGraceMinutes((e.target as HTMLInputElement).value)} />
          </label>
        </div>
      )}
      {created && (
        <div class="notice" role="status">
          <p>New SDK key key#{created.id}{created.replaces ? ` (replaces key#${created.replaces})` : ''}. Copy it now: it is not shown again.</p>
          <label>
            <span>New SDK key</span>
            <input readOnly value={created.sdkKey} />
          </label>
          <button type="button" onClick={() => setCreated(undefined)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorText error={error} />
    </section>
  );
}
