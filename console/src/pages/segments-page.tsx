import { useMemo, useState } from 'preact/hooks';
import type { Segment } from '../../../lib/model/segment';
import { CreateSegmentButton } from '../components/create-segment';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table';
import { DeleteItemButton } from '../components/delete-item';
import { ErrorText } from '../components/error-text';
import { SearchField } from '../components/search-field';
import { hrefOf, navigate } from '../router';
import { useConsole } from '../state/console-context';
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
        <SearchField value={search} onChange={setSearch} />
      </div>
      <ErrorText error={error} />
      <p class="muted" role="status">{loaded ? `${list.length} of ${segments.size} segments` : 'Loading…'}</p>
      <DataTable columns={['Segment', 'Included', 'Excluded', 'Rules', 'Version', canEdit(session) && ACTIONS_COLUMN]}>
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
      </DataTable>
    </section>
  );
}

function count(segment: Segment, which: 'included' | 'excluded'): number {
  const contexts = which === 'included' ? segment.includedContexts : segment.excludedContexts;
  return (segment[which]?.length ?? 0) + (contexts ?? []).reduce((sum, target) => sum + target.values.length, 0);
}

