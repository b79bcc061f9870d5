import { useState } from 'preact/hooks';
import { changeHeaders } from '../api/change-request';
import { CommentField } from '../components/comment-field';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DiffView } from '../components/diff-view';
import { ErrorText } from '../components/error-text';
import { SelectField } from '../components/select-field';
import { useAction } from '../components/use-action';
import { useAsync } from '../components/use-async';
import { isMissingEndpoint, Unavailable } from '../components/unavailable';
import { hrefOf } from '../router';
import { envPath, useConsole } from '../state/console-context';
import { type AuditEntry, type AuditPage, entryTime } from '../state/last-changes';
import { canEdit } from '../state/session';
import { diffItems } from '../util/json-diff';
import { useStore } from '../util/store';

/** What the environment's history can be narrowed to (`target` of `GET /api/audit`). */
const TARGETS = [
  { value: '', label: 'everything' },
  'flags',
  'segments',
  { value: 'scheduledChanges', label: 'scheduled changes' },
  { value: 'sdkKeys', label: 'SDK keys' },
  'environments',
  { value: 'data', label: 'imports' },
];

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
  }, [env, kind, itemKey, actor, target, cursor], [revision]);

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
          <SelectField label="What" value={target} options={TARGETS} onChange={setTarget} />
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
  const restore = useAction(async () => {
    const response = await api.request<{ key: string; version: number }>('POST', envPath(route.env!, kind, itemKey, 'restore'), {
      body: { version, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      headers: changeHeaders(undefined, comment),
    });
    data.put(kind, response.body as never, itemKey);
    setOpen(false);
  });
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Restore version {version}
      </button>
      <ErrorText error={restore.error} />
      {open && (
        <ConfirmDialog
          title={`Restore version ${version} of ${itemKey}?`}
          confirmLabel="Restore"
          disabled={restore.busy}
          error={restore.error}
          onConfirm={() => void restore.run()}
          onCancel={() => setOpen(false)}
        >
          <p>
            Its content becomes the next version{currentVersion !== undefined ? ` (after ${currentVersion})` : ''}, pushed to every connected SDK at once.
          </p>
          <CommentField id="restore-comment" value={comment} onChange={setComment} />
        </ConfirmDialog>
      )}
    </>
  );
}
