import { useState } from 'preact/hooks';
import type { Flag } from '../../../lib/model/flag';
import { changeHeaders } from '../api/change-request';
import { envPath, useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { CommentField } from './comment-field';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorText } from './error-text';
import { useAction } from './use-action';

/**
 * The on/off switch of a flag. Turning it asks first (with a comment for the history), then sends
 * `turnFlagOn`/`turnFlagOff` with `If-Match`; a refusal is shown in words next to the switch.
 * A reader sees the state only.
 */
export function FlagToggle({ flag }: { flag: Flag }) {
  const { api, session, route, data } = useConsole();
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const on = flag.on === true;
  const env = route.env!;
  const turn = useAction(async () => {
    const response = await api.request<Flag>('PATCH', envPath(env, 'flags', flag.key), {
      body: { instructions: [{ kind: on ? 'turnFlagOff' : 'turnFlagOn' }], ...(comment.trim() ? { comment: comment.trim() } : {}) },
      headers: changeHeaders(flag.version, comment),
    });
    data.put('flags', response.body, flag.key);
    setComment('');
  });
  if (!canEdit(session)) return <span class={on ? 'state on' : 'state off'}>{on ? 'On' : 'Off'}</span>;
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
      <ErrorText error={turn.error} />
      {asking && (
        <ConfirmDialog
          title={`Turn ${flag.key} ${on ? 'off' : 'on'}?`}
          confirmLabel={`Turn ${on ? 'off' : 'on'}`}
          disabled={turn.busy}
          onConfirm={async () => {
            await turn.run(); // refused or not, the answer is shown next to the switch
            setAsking(false);
          }}
          onCancel={() => setAsking(false)}
        >
          <p>
            In environment <strong>{env}</strong>, every connected SDK will {on ? 'serve the off variation' : 'evaluate the targeting rules'} within a second.
          </p>
          <CommentField id="toggle-comment" value={comment} onChange={setComment} />
        </ConfirmDialog>
      )}
    </span>
  );
}
