import { useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api/api-error';
import { ErrorText } from '../components/error-text';
import { useAsync } from '../components/use-async';
import { isMissingEndpoint, Unavailable } from '../components/unavailable';
import { hrefOf } from '../router';
import { envPath, useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { useStore } from '../util/store';

/** A scheduled change as `GET …/scheduled-changes` lists it. */
interface ScheduledChange {
  readonly id: string;
  readonly kind: 'flags' | 'segments';
  readonly key: string;
  readonly instructions: readonly { readonly kind: string }[];
  readonly at: string;
  readonly comment?: string;
  readonly createdBy: string;
  readonly state: 'pending' | 'done' | 'failed' | 'cancelled';
  readonly executedAt?: string;
  readonly error?: string;
}

const ACTIONS: Record<string, { label: string; instructions: unknown[] | undefined }> = {
  on: { label: 'turn the flag on', instructions: [{ kind: 'turnFlagOn' }] },
  off: { label: 'turn the flag off', instructions: [{ kind: 'turnFlagOff' }] },
  custom: { label: 'other instructions (JSON)', instructions: undefined },
};

/** Scheduled changes of the environment: list (by state), schedule a semantic patch, cancel. */
export function ScheduledPage() {
  const { api, route, session, data } = useConsole();
  const env = route.env!;
  const { flags, revision } = useStore(data);
  const [state, setState] = useState('pending');
  const [tick, setTick] = useState(0);
  const list = useAsync((signal) => api.get<{ items: ScheduledChange[] }>(`${envPath(env, 'scheduled-changes')}${state ? `?state=${state}` : ''}`, signal), [env, state, tick, revision]);
  const [key, setKey] = useState('');
  const [action, setAction] = useState('on');
  const [custom, setCustom] = useState('[{"kind": "turnFlagOn"}]');
  const [when, setWhen] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | string | undefined>();
  const [cancelError, setCancelError] = useState<{ id: string; error: ApiError } | undefined>();
  if (list.error && isMissingEndpoint(list.error)) return <Unavailable what="Scheduled changes" error={list.error} />;
  const flagKey = key || [...flags.keys()].sort()[0] || '';

  const schedule = async (event: Event) => {
    event.preventDefault();
    let instructions = ACTIONS[action].instructions;
    if (!instructions) {
      try {
        instructions = JSON.parse(custom) as unknown[];
      } catch (caught) {
        setError(`The instructions are not valid JSON: ${(caught as Error).message}`);
        return;
      }
    }
    const at = new Date(when);
    if (Number.isNaN(at.getTime())) {
      setError('Choose a date and time.');
      return;
    }
    try {
      await api.request('POST', envPath(env, 'scheduled-changes'), { body: { kind: 'flags', key: flagKey, instructions, at: at.toISOString(), ...(comment.trim() ? { comment: comment.trim() } : {}) } });
      setError(undefined);
      setComment('');
      setTick((n) => n + 1);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const cancel = async (id: string) => {
    try {
      await api.request('DELETE', `${envPath(env, 'scheduled-changes', id)}`);
      setCancelError(undefined);
      setTick((n) => n + 1);
    } catch (caught) {
      setCancelError({ id, error: asApiError(caught) });
    }
  };

  return (
    <section aria-labelledby="scheduled-title">
      <h1 id="scheduled-title">Scheduled changes</h1>
      {canEdit(session) && (
        <form class="card" onSubmit={schedule} aria-labelledby="schedule-title">
          <h2 id="schedule-title">Schedule a change</h2>
          <div class="row">
            <label>
              <span>Flag</span>
              <select value={flagKey} onChange={(e) => setKey((e.target as HTMLSelectElement).value)}>
                {[...flags.keys()].sort().map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Change</span>
              <select value={action} onChange={(e) => setAction((e.target as HTMLSelectElement).value)}>
                {Object.entries(ACTIONS).map(([value, { label }]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>When (your time zone)</span>
              <input type="datetime-local" step={1} value={when} onInput={(e) => setWhen((e.target as HTMLInputElement).value)} required />
            </label>
          </div>
          {action === 'custom' && (
            <label>
              <span>Semantic patch instructions (as for PATCH)</span>
              <textarea rows={3} value={custom} onInput={(e) => setCustom((e.target as HTMLTextAreaElement).value)} />
            </label>
          )}
          <label>
            <span>Comment (kept in the history)</span>
            <input value={comment} onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
          </label>
          <ErrorText error={error} />
          <div class="buttons left">
            <button type="submit" class="primary" disabled={!flagKey}>
              Schedule
            </button>
          </div>
        </form>
      )}
      <div class="toolbar">
        <label>
          <span>Show</span>
          <select value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
            <option value="pending">pending</option>
            <option value="done">done</option>
            <option value="failed">failed</option>
            <option value="cancelled">cancelled</option>
            <option value="">all</option>
          </select>
        </label>
      </div>
      <ErrorText error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Item</th>
              <th scope="col">Change</th>
              <th scope="col">By</th>
              <th scope="col">State</th>
              {canEdit(session) && <th scope="col"><span class="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {(list.value?.items ?? []).map((change) => (
              <tr key={change.id}>
                <td>
                  <time dateTime={change.at}>{new Date(change.at).toLocaleString()}</time>
                </td>
                <td>
                  <a href={hrefOf({ env, page: change.kind, key: change.key })}>{change.key}</a>
                </td>
                <td class="small">
                  {change.instructions.map((i) => i.kind).join(', ')}
                  {change.comment && <div class="muted">“{change.comment}”</div>}
                </td>
                <td>{change.createdBy}</td>
                <td>
                  {change.state}
                  {change.error && <div class="error small">{change.error}</div>}
                </td>
                {canEdit(session) && (
                  <td>
                    {change.state === 'pending' && (
                      <button type="button" class="link danger" onClick={() => cancel(change.id)} aria-label={`Cancel the change of ${change.key} at ${new Date(change.at).toLocaleString()}`}>
                        Cancel
                      </button>
                    )}
                    {cancelError?.id === change.id && <ErrorText error={cancelError.error} />}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.value && list.value.items.length === 0 && <p class="muted">No {state} scheduled changes.</p>}
    </section>
  );
}
