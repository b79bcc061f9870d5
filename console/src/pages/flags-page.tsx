import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Flag } from '../../../lib/model/flag';
import { Sparkline } from '../components/charts';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table';
import { ErrorText } from '../components/error-text';
import { FlagToggle } from '../components/flag-toggle';
import { SearchField } from '../components/search-field';
import { SelectField } from '../components/select-field';
import { useAsync } from '../components/use-async';
import { CreateFlagButton } from '../components/create-flag';
import { DeleteItemButton } from '../components/delete-item';
import { hrefOf, navigate } from '../router';
import { envPath, useConsole } from '../state/console-context';
import { type InsightsReport, perMinute } from '../state/insights-types';
import { useLastChanges } from '../state/last-changes';
import { canEdit } from '../state/session';
import { useStore } from '../util/store';
import { matchesSearch, servesLabel } from '../util/flag-summary';

/** Rows per page of the flags table (thousands of flags stay fast: only a page is in the DOM). */
export const FLAGS_PAGE_SIZE = 50;

type StatusFilter = 'all' | 'on' | 'off' | 'stale';

const STATUS_FILTERS = [{ value: 'all', label: 'all flags' }, 'on', 'off', 'stale'];

/**
 * Flags of the environment: search, filter (on, off, stale), the on/off switch, what each serves,
 * its last change and who made it, evaluations of the last hour per row, and create/delete.
 */
export function FlagsPage() {
  const { route, data, session, api } = useConsole();
  const env = route.env!;
  const { flags, loaded, error } = useStore(data);
  const [search, setSearch] = useState(route.query.get('q') ?? '');
  const [status, setStatus] = useState<StatusFilter>((route.query.get('status') as StatusFilter) ?? 'all');
  const [staleDays, setStaleDays] = useState(7);
  const [pageIndex, setPageIndex] = useState(0);

  // flags evaluated in the chosen period (a flag with none is stale)
  const usage = useAsync(
    (signal) => api.get<InsightsReport>(`${envPath(env, 'insights')}?from=${Date.now() - staleDays * 86_400_000}`, signal),
    [env, staleDays],
  );
  const evaluated = useMemo(() => new Set((usage.value?.flags ?? []).filter((f) => f.evaluations > 0).map((f) => f.key)), [usage.value]);
  const isStale = (flag: Flag) => usage.value !== undefined && !evaluated.has(flag.key);

  const filtered = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    const list: Flag[] = [];
    for (const flag of flags.values()) {
      if (!matchesSearch(flag, words)) continue;
      if (status === 'on' && flag.on !== true) continue;
      if (status === 'off' && flag.on === true) continue;
      if (status === 'stale' && !isStale(flag)) continue;
      list.push(flag);
    }
    return list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }, [flags, search, status, evaluated, usage.value]);

  useEffect(() => setPageIndex(0), [search, status, env]);
  const pages = Math.max(1, Math.ceil(filtered.length / FLAGS_PAGE_SIZE));
  const shown = filtered.slice(pageIndex * FLAGS_PAGE_SIZE, (pageIndex + 1) * FLAGS_PAGE_SIZE);
  const lastChanges = useLastChanges(env, 'flags');

  return (
    <section aria-labelledby="flags-title">
      <div class="page-head">
        <h1 id="flags-title">Flags</h1>
        {canEdit(session) && <CreateFlagButton onCreated={(key) => navigate(hrefOf({ env, page: 'flags', key }))} />}
      </div>
      <div class="toolbar" role="search">
        <SearchField value={search} placeholder="flag key" onChange={setSearch} />
        <SelectField label="Show" value={status} options={STATUS_FILTERS} onChange={(value) => setStatus(value as StatusFilter)} />
        <label>
          <span>Stale after (days without evaluations)</span>
          <input type="number" min={1} max={365} value={staleDays} class="narrow" onChange={(e) => setStaleDays(Math.max(1, Number((e.target as HTMLInputElement).value) || 7))} />
        </label>
      </div>
      <ErrorText error={error} />
      <ErrorText error={usage.error && `Evaluation counts could not be read: ${usage.error.message}`} />
      {usage.value && staleDays * 86_400_000 > usage.value.to - usage.value.from + 60_000 && (
        <p class="muted small">The server keeps evaluation counts for {Math.round((usage.value.to - usage.value.from) / 3_600_000)} h, so "stale" means no evaluation in that time.</p>
      )}
      <p class="muted" role="status" aria-live="polite" id="flags-count">
        {loaded ? `${filtered.length.toLocaleString('en')} of ${flags.size.toLocaleString('en')} flags` : 'Loading flags…'}
      </p>
      <DataTable
        class="flags"
        columns={['On', 'Flag', { label: 'Serves', class: 'hide-narrow' }, { label: 'Last change', class: 'hide-narrow' }, 'Last hour', canEdit(session) && ACTIONS_COLUMN]}
      >
        {shown.map((flag) => (
          <FlagRow key={flag.key} flag={flag} stale={isStale(flag)} lastChange={lastChanges.get(flag.key)} />
        ))}
      </DataTable>
      {pages > 1 && (
        <nav class="pager" aria-label="Flag pages">
          <button type="button" disabled={pageIndex === 0} onClick={() => setPageIndex(pageIndex - 1)}>
            Previous
          </button>
          <span>
            Page {pageIndex + 1} of {pages}
          </span>
          <button type="button" disabled={pageIndex >= pages - 1} onClick={() => setPageIndex(pageIndex + 1)}>
            Next
          </button>
        </nav>
      )}
    </section>
  );
}

function FlagRow({ flag, stale, lastChange }: { flag: Flag; stale: boolean; lastChange: { actor: string; at: number } | undefined }) {
  const { route, session } = useConsole();
  const env = route.env!;
  return (
    <tr>
      <td>
        <FlagToggle flag={flag} />
      </td>
      <td>
        <a href={hrefOf({ env, page: 'flags', key: flag.key })} class="flag-key">
          {flag.key}
        </a>
        {stale && (
          <span class="badge stale" title="No evaluation in the chosen period">
            stale
          </span>
        )}
      </td>
      <td class="hide-narrow small">{flag.on ? servesLabel(flag, flag.fallthrough) : `off: ${servesLabel(flag, { variation: flag.offVariation })}`}</td>
      <td class="hide-narrow small">
        v{flag.version}
        {lastChange && (
          <>
            {' · '}
            <time dateTime={new Date(lastChange.at).toISOString()}>{ago(lastChange.at)}</time> by {lastChange.actor}
          </>
        )}
      </td>
      <td>
        <RowChart flagKey={flag.key} />
      </td>
      {canEdit(session) && (
        <td>
          <DeleteItemButton kind="flags" itemKey={flag.key} version={flag.version} compact />
        </td>
      )}
    </tr>
  );
}

/** Evaluations per minute of the last hour, fetched for the rows on screen only. */
function RowChart({ flagKey }: { flagKey: string }) {
  const { api, route } = useConsole();
  const env = route.env!;
  const now = Date.now();
  const report = useAsync(
    (signal) => api.get<InsightsReport>(`${envPath(env, 'insights')}?flag=${encodeURIComponent(flagKey)}&from=${now - 3_600_000}`, signal),
    [env, flagKey],
  );
  if (report.error) return <span class="error small" role="alert">{report.error.message}</span>;
  if (!report.value?.flag) return <span class="muted small">…</span>;
  const counts = perMinute(report.value.flag.series, now);
  const total = report.value.flag.evaluations;
  return (
    <span class="row-chart">
      <Sparkline counts={counts} label={`${flagKey}: ${total} evaluations in the last hour`} />
      <span class="small">{total.toLocaleString('en')}</span>
    </span>
  );
}

/** `5 min ago`, `3 h ago`, `2 d ago`. */
export function ago(at: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
