import { useMemo, useState } from 'preact/hooks';
import type { Segment } from '../../../lib/model/segment';
import { DeleteItemButton } from '../components/delete-item';
import { ErrorText } from '../components/error-text';
import { Modal } from '../components/modal';
import { type ApiError, asApiError } from '../api/api-error';
import { hrefOf, navigate } from '../router';
import { envPath, useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { useStore } from '../util/store';

/** Segments of the environment: search, sizes, create and delete. */
export function SegmentsPage() {
  const { data, route, session } = useConsole();
  const { segments, loaded, error } = useStore(data);
  const env = route.env!;
  const [search, setSearch] = useState('');
  const list = useMemo(
    () => [...segments.values()].filter((s) => s.key.toLowerCase().includes(search.toLowerCase())).sort((a, b) => (a.key < b.key ? -1 : 1)),
    [segments, search],
  );
  return (
    <section aria-labelledby="segments-title">
      <div class="page-head">
        <h1 id="segments-title">Segments</h1>
        {canEdit(session) && <CreateSegmentButton onCreated={(key) => navigate(hrefOf({ env, page: 'segments', key }))} />}
      </div>
      <div class="toolbar" role="search">
        <label>
          <span>Search</span>
          <input type="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <ErrorText error={error} />
      <p class="muted" role="status">{loaded ? `${list.length} of ${segments.size} segments` : 'Loading…'}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col">Included</th>
              <th scope="col">Excluded</th>
              <th scope="col">Rules</th>
              <th scope="col">Version</th>
              {canEdit(session) && <th scope="col"><span class="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {list.map((segment) => (
              <tr key={segment.key}>
                <td>
                  <a href={hrefOf({ env, page: 'segments', key: segment.key })}>{segment.key}</a>
                </td>
                <td>{count(segment, 'included')}</td>
                <td>{count(segment, 'excluded')}</td>
                <td>{segment.rules?.length ?? 0}</td>
                <td>v{segment.version}</td>
                {canEdit(session) && (
                  <td>
                    <DeleteItemButton kind="segments" itemKey={segment.key} version={segment.version} compact />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function count(segment: Segment, which: 'included' | 'excluded'): number {
  const contexts = which === 'included' ? segment.includedContexts : segment.excludedContexts;
  return (segment[which]?.length ?? 0) + (contexts ?? []).reduce((sum, target) => sum + target.values.length, 0);
}

function CreateSegmentButton({ onCreated }: { onCreated: (key: string) => void }) {
  const { api, route, data } = useConsole();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  return (
    <>
      <button type="button" class="primary" onClick={() => setOpen(true)}>
        New segment
      </button>
      {open && (
        <Modal title="New segment" onClose={() => setOpen(false)}>
          <form
            onSubmit={async (event) => {
              event.preventDefault();
              try {
                const response = await api.request<Segment>('POST', envPath(route.env!, 'segments'), { body: { key, included: [], excluded: [], rules: [], salt: key } });
                data.put('segments', response.body, key);
                setOpen(false);
                onCreated(key);
              } catch (caught) {
                setError(asApiError(caught));
              }
            }}
          >
            <label for="new-segment-key">Key</label>
            <input id="new-segment-key" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value.trim())} required autoFocus aria-describedby="new-segment-error" />
            <ErrorText error={error} id="new-segment-error" />
            <div class="buttons">
              <button type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" class="primary" disabled={key === ''}>
                Create segment
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
