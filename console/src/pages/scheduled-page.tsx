import { useState } from 'preact/hooks';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table';
import { ErrorText } from '../components/error-text';
import { SelectField } from '../components/select-field';
import { useAction } from '../components/use-action';
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

/** The states a scheduled change can be listed by ('' for all). */
const STATES = ['pending', 'done', 'failed', 'cancelled', { value: '', label: 'all' }];

/** Scheduled changes of the environment: list (by state), schedule a semantic patch, cancel. */
export function ScheduledPage() {
  const { api, route, session, data } = useConsole();
  const env = route.env!;
  const { flags, revision } = useStore(data);
  const [state, setState] = useState('pending');
  const list = useAsync((signal) => api.get<{ items: ScheduledChange[] }>(`${envPath(env, 'scheduled-changes')}${state ? `?state=${state}` : ''}`, signal), [env, state], [revision]);
  const [key, setKey] = useState('');
  const [action, setAction] = useState('on');
  const [custom, setCustom] = useState('[{"kind": "turnFlagOn"}]');
  const [when, setWhen] = useState('');
  const [comment, setComment] = useState('');
  const [cancelling, setCancelling] = useState<string | undefined>();
  const flagKeys = [...flags.keys()].sort();
  const flagKey = key || flagKeys[0] || '';
  const schedule = useAction(async (instructions: unknown[], at: Date) => {
    await api.request('POST', envPath(env, 'scheduled-changes'), { body: { kind: 'flags', key: flagKey, instructions, at: at.toISOString(), ...(comment.trim() ? { comment: comment.trim() } : {}) } });
    setComment('');
    list.reload();
  });
  const cancel = useAction(async (id: string) => {
    setCancelling(id);
    await api.request('DELETE', `${envPath(env, 'scheduled-changes', id)}`);
    list.reload();
  });
  if (list.error && isMissingEndpoint(list.error)) return <Unavailable what="Scheduled changes" error={list.error} />;

  const submit = (event: Event) => {
    event.preventDefault();
    let instructions = ACTIONS[action].instructions;
    if (!instructions) {
      try {
        instructions = JSON.parse(custom) as unknown[];
      } catch (caught) {
        schedule.fail(`The instructions are not valid JSON: ${(caught as Error).message}`);
        return;
      }
    }
    const at = new Date(when);
    if (Number.isNaN(at.getTime())) {
      schedule.fail('Choose a date and time.');
      return;
    }
    void schedule.run(instructions, at);
  };

  return (
    <section aria-labelledby="scheduled-title">
      <h1 id="scheduled-title">Scheduled changes</h1>
      {canEdit(session) && (
        <form class="card" onSubmit={submit} aria-labelledby="schedule-title">
          <h2 id="schedule-title">Schedule a change</h2>
          <div class="row">
            <SelectField label="Flag" value={flagKey} options={flagKeys} onChange={setKey} />
            <SelectField label="Change" value={action} options={Object.entries(ACTIONS).map(([value, { label }]) => ({ value, label }))} onChange={setAction} />
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
          <ErrorText error={schedule.error} />
          <div class="buttons left">
            <button type="submit" class="primary" disabled={!flagKey || schedule.busy}>
              Schedule
            </button>
          </div>
        </form>
      )}
      <div class="toolbar">
        <SelectField label="Show" value={state} options={STATES} onChange={setState} />
      </div>
      <ErrorText error={list.error} />
      <DataTable columns={['When', 'Item', 'Change', 'By', 'State', canEdit(session) && ACTIONS_COLUMN]}>
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
                  <button type="button" class="link danger" onClick={() => void cancel.run(change.id)} aria-label={`Cancel the change of ${change.key} at ${new Date(change.at).toLocaleString()}`}>
                    Cancel
                  </button>
                )}
                {cancelling === change.id && <ErrorText error={cancel.error} />}
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      {list.value && list.value.items.length === 0 && <p class="muted">No {state} scheduled changes.</p>}
    </section>
  );
}
