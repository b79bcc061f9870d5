import { useState } from 'preact/hooks';
import type { Flag } from '../../../lib/model/flag';
import { type ApiError, asApiError } from '../api/api-error';
import { envPath, useConsole } from '../state/console-context';
import { newFlag } from '../util/flag-summary';
import { ErrorText } from './error-text';
import { Modal } from './modal';

const KEY_PATTERN = /^[A-Za-z0-9._-]{1,256}$/;

/** "New flag": asks for a key and a type, creates the flag (off) with `POST`, then opens it. */
export function CreateFlagButton({ onCreated }: { onCreated: (key: string) => void }) {
  const { api, route, data } = useConsole();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [type, setType] = useState<'boolean' | 'string' | 'number' | 'json'>('boolean');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const keyProblem = key !== '' && !KEY_PATTERN.test(key) ? 'A key is 1 to 256 letters, digits, ".", "_" or "-".' : undefined;
  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const response = await api.request<Flag>('POST', envPath(route.env!, 'flags'), { body: newFlag(key, type) });
      data.put('flags', response.body, key);
      setOpen(false);
      onCreated(key);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="primary" onClick={() => setOpen(true)}>
        New flag
      </button>
      {open && (
        <Modal title="New flag" onClose={() => setOpen(false)}>
          <form onSubmit={create}>
            <label for="new-flag-key">Key</label>
            <input id="new-flag-key" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value.trim())} aria-describedby="new-flag-key-error" required autoFocus />
            <ErrorText error={keyProblem ?? error} id="new-flag-key-error" />
            <label for="new-flag-type">Type</label>
            <select id="new-flag-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as typeof type)}>
              <option value="boolean">boolean (true / false)</option>
              <option value="string">string</option>
              <option value="number">number</option>
              <option value="json">JSON</option>
            </select>
            <p class="muted small">The flag is created off; edit its variations and targeting next.</p>
            <div class="buttons">
              <button type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" class="primary" disabled={busy || key === '' || keyProblem !== undefined}>
                Create flag
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
