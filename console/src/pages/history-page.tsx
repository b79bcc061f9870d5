import { useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api/api-error';
import { changeHeaders } from '../api/change-request';
import { ErrorText } from '../components/error-text';
import { Modal } from '../components/modal';
import { useAsync } from '../components/use-async';
import { isMissingEndpoint, Unavailable } from '../components/unavailable';
import { DiffView } from '../editor/review-dialog';
import { hrefOf } from '../router';
import { envPath, useConsole } from '../state/console-context';
import { type AuditEntry, type AuditPage, entryTime } from '../state/last-changes';
import { canEdit } from '../state/session';
import { diffItems } from '../util/json-diff';
import { useStore } from '../util/store';

/**
 * The audit history, of one flag or segment (`…/:key/history`) or of the environment
 * (`GET /api/audit?env=`, filtered by who, what and key): each change with its actor, time,
 * comment and diff, and for an item a one-click restore of any earlier version.
 */
export function HistoryPage({ kind, itemKey }: { kind?: 'flags' | 'segments'; itemKey?: string }) {
  const { api, route, data } = useConsole();
  const env = route.env!;
  const { revision } = useStore(data);
  const [actor, setActor] = useState('');
  const [target, setTarget] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const history = useAsync((signal) => {
    const query = new URLSearchParams({ limit: '50' });
    if (cursor) query.set('cursor', cursor);
    if (kind && itemKey) return api.get<AuditPage>(`${envPath(env, kind, itemKey, 'history')}?${query}`, signal);
    query.set('env', env);
    if (actor.trim()) query.set('actor', actor.trim());
    if (target) query.set('target', target);
    return api.get<AuditPage>(`/api/audit?${query}`, signal);
  }, [env, kind, itemKey, actor, target, cursor, revision]);

  if (history.error && isMissingEndpoint(history.error)) return <Unavailable what="The audit history" error={history.error} />;
  const current = kind && itemKey ? (data.value[kind] as ReadonlyMap<string, { version: number }>).get(itemKey) : undefined;
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">
        {kind && itemKey ? (
          <>
            <a class="crumb" href={hrefOf({ env, page: kind, key: itemKey })}>
              {itemKey}
            </a>{' '}
            / history
          </>
        ) : (
          `History of ${env}`
        )}
      </h1>
      {!itemKey && (
        <div class="toolbar">
          <label>
            <span>Who (token name)</span>
            <input value={actor} onChange={(e) => setActor((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            <span>What</span>
            <select value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
              <option value="">everything</option>
              <option value="flags">flags</option>
              <option value="segments">segments</option>
              <option value="scheduledChanges">scheduled changes</option>
              <option value="sdkKeys">SDK keys</option>
              <option value="environments">environments</option>
              <option value="data">imports</option>
            </select>
          </label>
        </div>
      )}
      <ErrorText error={history.error} />
      {history.value && history.value.items.length === 0 && <p class="muted">No recorded changes.</p>}
      <ol class="history">
        {(history.value?.items ?? []).map((entry, i, entries) => (
          <HistoryEntry
            key={entry.id}
            entry={entry}
            currentVersion={current?.version}
            showItem={!itemKey}
            offerBefore={itemKey !== undefined && !history.value?.nextCursor && i === entries.length - 1}
          />
        ))}
      </ol>
      <nav class="pager" aria-label="History pages">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button type="button" disabled={!history.value?.nextCursor} onClick={() => setCursors([...cursors, history.value!.nextCursor!])}>
          Older
        </button>
      </nav>
    </section>
  );
}

/**
 * One change. `offerBefore`: the oldest recorded change of the item also offers the version
 * before it (the item as it was before any recorded change, e.g. as loaded from the data file).
 */
function HistoryEntry({ entry, currentVersion, showItem, offerBefore }: { entry: AuditEntry; currentVersion: number | undefined; showItem: boolean; offerBefore: boolean }) {
  const { route, session } = useConsole();
  const env = route.env!;
  const at = entryTime(entry);
  const itemPage = entry.target === 'flags' || entry.target === 'segments' ? entry.target : undefined;
  const afterVersion = (entry.after as { version?: number } | undefined)?.version;
  const beforeVersion = (entry.before as { version?: number } | undefined)?.version;
  const can = itemPage !== undefined && entry.key !== undefined && canEdit(session);
  const restorable = can && afterVersion !== undefined && afterVersion !== currentVersion;
  const restorableBefore = can && offerBefore && beforeVersion !== undefined && beforeVersion !== currentVersion;
  return (
    <li class="card">
      <p>
        <strong>{entry.actor}</strong> {entry.action} {showItem && entry.key && (itemPage ? <a href={hrefOf({ env, page: itemPage, key: entry.key })}>{entry.key}</a> : <code>{entry.key}</code>)}
        {entry.version !== undefined && <span class="muted"> → version {entry.version}</span>} · <time dateTime={new Date(at).toISOString()}>{new Date(at).toLocaleString()}</time>
      </p>
      {entry.comment && <blockquote class="comment">{entry.comment}</blockquote>}
      {(entry.before !== undefined || entry.after !== undefined) && (
        <details>
          <summary>Changes</summary>
          <DiffView lines={diffItems(entry.before, entry.after)} label={`Changes by ${entry.actor}`} />
        </details>
      )}
      <div class="buttons left">
        {restorable && <RestoreButton kind={itemPage!} itemKey={entry.key!} version={afterVersion!} currentVersion={currentVersion} />}
        {restorableBefore && <RestoreButton kind={itemPage!} itemKey={entry.key!} version={beforeVersion!} currentVersion={currentVersion} />}
      </div>
    </li>
  );
}

/** Restores a past version in one request (`POST …/restore`), itself recorded in the history. */
function RestoreButton({ kind, itemKey, version, currentVersion }: { kind: 'flags' | 'segments'; itemKey: string; version: number; currentVersion: number | undefined }) {
  const { api, route, data } = useConsole();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const restore = async () => {
    setBusy(true);
    try {
      const response = await api.request<{ key: string; version: number }>('POST', envPath(route.env!, kind, itemKey, 'restore'), {
        body: { version, ...(comment.trim() ? { comment: comment.trim() } : {}) },
        headers: changeHeaders(undefined, comment),
      });
      data.put(kind, response.body as never, itemKey);
      setOpen(false);
      setError(undefined);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Restore version {version}
      </button>
      <ErrorText error={error} />
      {open && (
        <Modal title={`Restore version ${version} of ${itemKey}?`} onClose={() => setOpen(false)}>
          <p>
            Its content becomes the next version{currentVersion !== undefined ? ` (after ${currentVersion})` : ''}, pushed to every connected SDK at once.
          </p>
          <label for="restore-comment">Comment (kept in the history)</label>
          <textarea id="restore-comment" rows={2} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          <ErrorText error={error} />
          <div class="buttons">
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" class="primary" disabled={busy} onClick={restore}>
              Restore
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
