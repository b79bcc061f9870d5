import { useMemo, useState } from 'preact/hooks';
import { findDependents } from '../../../lib/server/validation/find-dependents';
import { type ApiError, asApiError } from '../api/api-error';
import { changeHeaders } from '../api/change-request';
import { envPath, useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { lookupOf } from '../util/item-lookup';
import { useStore } from '../util/store';
import { ErrorText } from './error-text';
import { Modal } from './modal';

/**
 * Delete a flag or segment, after confirmation. When other items depend on it (a flag that is a
 * prerequisite, a segment used in rules) they are named and the delete is not offered; the
 * server refuses it too, and its answer would be shown the same way.
 */
export function DeleteItemButton({ kind, itemKey, version, compact, onDeleted }: { kind: 'flags' | 'segments'; itemKey: string; version: number; compact?: boolean; onDeleted?: () => void }) {
  const { api, route, data, session } = useConsole();
  const state = useStore(data);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const dependents = useMemo(() => (open ? findDependents(kind, itemKey, lookupOf(state)) : []), [open, state.revision]);
  if (!canEdit(session)) return null;
  const noun = kind === 'flags' ? 'flag' : 'segment';
  const remove = async () => {
    setBusy(true);
    try {
      await api.request('DELETE', envPath(route.env!, kind, itemKey), { headers: changeHeaders(version, undefined) });
      data.put(kind, undefined, itemKey);
      setOpen(false);
      onDeleted?.();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class={compact ? 'link danger' : 'danger'} onClick={() => setOpen(true)} aria-label={`Delete ${noun} ${itemKey}`}>
        Delete
      </button>
      {open && (
        <Modal title={`Delete ${noun} ${itemKey}?`} onClose={() => setOpen(false)}>
          {dependents.length > 0 ? (
            <div class="error" role="alert">
              <p>
                {itemKey} cannot be deleted: it is still used by {dependents.join(', ')}. Remove {kind === 'flags' ? 'the prerequisite' : 'the segment from their rules'} first.
              </p>
            </div>
          ) : (
            <p>
              Every SDK connected to <strong>{route.env}</strong> loses it at once; evaluations then return the application's default.
            </p>
          )}
          <ErrorText error={error} />
          <div class="buttons">
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" class="danger" disabled={busy || dependents.length > 0} onClick={remove}>
              Delete {noun}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
