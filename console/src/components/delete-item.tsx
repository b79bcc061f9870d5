import { useMemo, useState } from 'preact/hooks';
import { findDependents } from '../../../lib/server/validation/find-dependents';
import { changeHeaders } from '../api/change-request';
import { envPath, useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { lookupOf } from '../util/item-lookup';
import { useStore } from '../util/store';
import { ConfirmDialog } from './confirm-dialog';
import { useAction } from './use-action';

/**
 * Delete a flag or segment, after confirmation. When other items depend on it (a flag that is a
 * prerequisite, a segment used in rules) they are named and the delete is not offered; the
 * server refuses it too, and its answer would be shown the same way.
 */
export function DeleteItemButton({ kind, itemKey, version, compact, onDeleted }: { kind: 'flags' | 'segments'; itemKey: string; version: number; compact?: boolean; onDeleted?: () => void }) {
  const { api, route, data, session } = useConsole();
  const state = useStore(data);
  const [open, setOpen] = useState(false);
  const dependents = useMemo(() => (open ? findDependents(kind, itemKey, lookupOf(state)) : []), [open, state.revision]);
  const remove = useAction(async () => {
    await api.request('DELETE', envPath(route.env!, kind, itemKey), { headers: changeHeaders(version, undefined) });
    data.put(kind, undefined, itemKey);
    setOpen(false);
    onDeleted?.();
  });
  if (!canEdit(session)) return null;
  const noun = kind === 'flags' ? 'flag' : 'segment';
  return (
    <>
      <button type="button" class={compact ? 'link danger' : 'danger'} onClick={() => setOpen(true)} aria-label={`Delete ${noun} ${itemKey}`}>
        Delete
      </button>
      {open && (
        <ConfirmDialog
          title={`Delete ${noun} ${itemKey}?`}
          tone="danger"
          confirmLabel={`Delete ${noun}`}
          disabled={remove.busy || dependents.length > 0}
          error={remove.error}
          onConfirm={() => void remove.run()}
          onCancel={() => setOpen(false)}
        >
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
        </ConfirmDialog>
      )}
    </>
  );
}
