import { useEffect, useState } from 'preact/hooks';
import { ShareBar, StackedBars } from '../components/charts';
import { DataTable } from '../components/data-table';
import { ErrorText } from '../components/error-text';
import { SelectField } from '../components/select-field';
import { useAsync } from '../components/use-async';
import { hrefOf, navigate } from '../router';
import { envPath, useConsole } from '../state/console-context';
import type { InsightsReport } from '../state/insights-types';
import { variationLabel } from '../util/flag-summary';
import { useStore } from '../util/store';

const PERIODS = [
  { ms: 3_600_000, label: 'last hour' },
  { ms: 6 * 3_600_000, label: 'last 6 hours' },
  { ms: 24 * 3_600_000, label: 'last 24 hours' },
];

/**
 * Insights of the environment: evaluations per variation over time for a flag (a 30/70 rollout
 * shows 30/70), custom events with the sums of their metric values, and distinct contexts.
 * Refreshes every 10 s.
 */
export function InsightsPage() {
  const { api, route, data } = useConsole();
  const { flags } = useStore(data);
  const env = route.env!;
  const flagKey = route.query.get('flag') ?? '';
  const [period, setPeriod] = useState(PERIODS[0].ms);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 10_000);
    return () => clearInterval(timer);
  }, []);
  const report = useAsync((signal) => {
    const query = new URLSearchParams({ from: String(Date.now() - period) });
    if (flagKey) query.set('flag', flagKey);
    return api.get<InsightsReport>(`${envPath(env, 'insights')}?${query}`, signal);
  }, [env, flagKey, period], [tick]);
  const flag = flags.get(flagKey);
  const value = report.value;
  const names = (variation: number | null) => (variation === null ? 'default value' : flag ? variationLabel(flag, variation) : `variation ${variation}`);
  return (
    <section aria-labelledby="insights-title">
      <h1 id="insights-title">Insights</h1>
      <div class="toolbar">
        <SelectField
          label="Flag"
          value={flagKey}
          options={[{ value: '', label: 'all flags' }, ...[...flags.keys()].sort()]}
          onChange={(key) => navigate(hrefOf({ env, page: 'insights', query: new URLSearchParams(key ? { flag: key } : {}) }))}
        />
        <SelectField label="Period" value={String(period)} options={PERIODS.map((p) => ({ value: String(p.ms), label: p.label }))} onChange={(value) => setPeriod(Number(value))} />
        <button type="button" onClick={() => report.reload()}>
          Refresh
        </button>
      </div>
      <ErrorText error={report.error} />
      {value?.flag && (
        <section class="card" aria-labelledby="flag-insights-title">
          <h2 id="flag-insights-title">
            {value.flag.key}: {value.flag.evaluations.toLocaleString('en')} evaluations
          </h2>
          {value.flag.evaluations > 0 && (
            <ShareBar
              label={value.flag.variations.map((v) => `${names(v.variation)} ${v.percent}%`).join(', ')}
              parts={value.flag.variations.map((v) => ({ variation: v.variation, percent: v.percent, text: `${names(v.variation)}: ${v.percent}%` }))}
            />
          )}
          <DataTable class="variation-split" columns={['Variation', 'Evaluations', 'Share']} wrap={false}>
            {value.flag.variations.map((v) => (
              <tr key={String(v.variation)}>
                <td>{names(v.variation)}</td>
                <td>{v.count.toLocaleString('en')}</td>
                <td data-variation={String(v.variation)} class="percent">
                  {v.percent}%
                </td>
              </tr>
            ))}
          </DataTable>
          {value.flag.unknown > 0 && <p class="notice">{value.flag.unknown} evaluation{value.flag.unknown === 1 ? '' : 's'} asked for this flag while the SDK did not have it.</p>}
          <StackedBars
            label={`Evaluations of ${value.flag.key} per variation over time`}
            names={names}
            from={value.from}
            to={value.to}
            bars={(value.flag.series ?? []).map((bucket) => ({ start: bucket.start, end: bucket.end, parts: bucket.variations }))}
          />
        </section>
      )}
      {value?.flags && (
        <section class="card" aria-labelledby="all-flags-title">
          <h2 id="all-flags-title">Evaluations per flag</h2>
          <DataTable columns={['Flag', 'Evaluations', 'Split']} wrap={false}>
            {value.flags
              .filter((f) => f.evaluations > 0 || f.unknown > 0)
              .map((f) => (
                <tr key={f.key}>
                  <td>
                    <a href={hrefOf({ env, page: 'insights', query: new URLSearchParams({ flag: f.key }) })}>{f.key}</a>
                    {!f.defined && <span class="badge warn">not defined</span>}
                  </td>
                  <td>{f.evaluations.toLocaleString('en')}{f.unknown > 0 && ` (+${f.unknown} unknown)`}</td>
                  <td class="small">{f.variations.map((v) => `${v.variation ?? 'default'}: ${v.percent}%`).join(' · ')}</td>
                </tr>
              ))}
          </DataTable>
        </section>
      )}
      {value && (
        <div class="grid">
          <section class="card" aria-labelledby="custom-title">
            <h2 id="custom-title">Custom events</h2>
            {value.customEvents.length === 0 ? (
              <p class="muted">None in this period.</p>
            ) : (
              <DataTable columns={['Event', 'Count', 'With a metric', 'Sum', 'Mean']} wrap={false}>
                {value.customEvents.map((event) => (
                  <tr key={event.key}>
                    <td>{event.key}</td>
                    <td>{event.count}</td>
                    <td>{event.metricCount}</td>
                    <td>{event.sum}</td>
                    <td>{event.mean ?? '–'}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
          <section class="card" aria-labelledby="contexts-title">
            <h2 id="contexts-title">Contexts</h2>
            <p>
              <strong>{value.contexts.distinct.toLocaleString('en')}</strong> distinct contexts{value.contexts.estimated ? ' (estimated)' : ''}
            </p>
            <ul>
              {value.contexts.byKind.map((kind) => (
                <li key={kind.kind}>
                  {kind.kind}: {kind.distinct.toLocaleString('en')}
                </li>
              ))}
            </ul>
            {(value.dropped.evaluations > 0 || value.dropped.customEvents > 0 || value.dropped.contexts > 0) && (
              <p class="notice">
                Over the server's caps and not counted: {value.dropped.evaluations} evaluations, {value.dropped.customEvents} custom events, {value.dropped.contexts} contexts.
              </p>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
