import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { KEY_PATTERN } from '../../../lib/server/data-file-schema';
import { ErrorText } from './error-text';
import { Modal } from './modal';
import { useAction } from './use-action';

/**
 * "New flag", "New segment": a button that opens a dialog asking for a key (checked as the
 * server checks keys while typing) and whatever else `children` add, then calls `create(key)`
 * and, when the server accepted it, `onCreated(key)`. A refusal is shown under the key.
 */
export function CreateItemButton({ noun, create, onCreated, children }: { noun: 'flag' | 'segment'; create: (key: string) => Promise<void>; onCreated: (key: string) => void; children?: ComponentChildren }) {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const action = useAction(async () => {
    await create(key);
    setOpen(false);
    onCreated(key);
  });
  const keyProblem = key !== '' && !KEY_PATTERN.test(key) ? 'A key is 1 to 256 letters, digits, ".", "_" or "-", starting with a letter or a digit.' : undefined;
  const id = `new-${noun}-key`;
  return (
    <>
      <button type="button" class="primary" onClick={() => setOpen(true)}>
        New {noun}
      </button>
      {open && (
        <Modal title={`New ${noun}`} onClose={() => setOpen(false)}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void action.run();
            }}
          >
            <label for={id}>Key</label>
            <input id={id} value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value.trim())} aria-describedby={`${id}-error`} required autoFocus />
            <ErrorText error={keyProblem ?? action.error} id={`${id}-error`} />
            {children}
            <div class="buttons">
              <button type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" class="primary" disabled={action.busy || key === '' || keyProblem !== undefined}>
                Create {noun}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
