import { useState } from 'preact/hooks';
import type { Flag } from '../../../lib/model/flag';
import { type ApiError, asApiError } from '../api/api-error';
import { changeHeaders } from '../api/change-request';
import { envPath, useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { ErrorText } from './error-text';
import { Modal } from './modal';

/**
 * The on/off switch of a flag. Turning it asks first (with a comment for the history), then sends
 * `turnFlagOn`/`turnFlagOff` with `If-Match`; a refusal is shown in words next to the switch.
 * A reader sees the state only.
 */
export function FlagToggle({ flag }: { flag: Flag }) {
  const { api, session, route, data } = useConsole();
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const on = flag.on === true;
  const env = route.env!;
  if (!canEdit(session)) return <span class={on ? 'state on' : 'state off'}>{on ? 'On' : 'Off'}</span>;
  const confirm = async () => {
    setBusy(true);
    try {
      const response = await api.request<Flag>('PATCH', envPath(env, 'flags', flag.key), {
        body: { instructions: [{ kind: on ? 'turnFlagOff' : 'turnFlagOn' }], ...(comment.trim() ? { comment: comment.trim() } : {}) },
        headers: changeHeaders(flag.version, comment),
      });
      data.put('flags', response.body, flag.key);
      setError(undefined);
      setAsking(false);
      setComment('');
    } catch (caught) {
      setError(asApiError(caught));
      setAsking(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="toggle-cell">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={`${flag.key} is ${on ? 'on' : 'off'}; turn it ${on ? 'off' : 'on'}`}
        class={on ? 'switch on' : 'switch'}
        onClick={() => setAsking(true)}
      >
        <span aria-hidden="true">{on ? 'On' : 'Off'}</span>
      </button>
      <ErrorText error={error} />
      {asking && (
        <Modal title={`Turn ${flag.key} ${on ? 'off' : 'on'}?`} onClose={() => setAsking(false)}>
          <p>
            In environment <strong>{env}</strong>, every connected SDK will {on ? 'serve the off variation' : 'evaluate the targeting rules'} within a second.
          </p>
          <label for="toggle-comment">Comment (kept in the history)</label>
          <textarea id="toggle-comment" rows={2} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          <div class="buttons">
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
            <button type="button" class="primary" disabled={busy} onClick={confirm}>
              Turn {on ? 'off' : 'on'}
            </button>
          </div>
        </Modal>
      )}
    </span>
  );
}
