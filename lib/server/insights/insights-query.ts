import { ServerRequestError } from '../../errors/server-request-error';

/** What `GET /api/environments/:env/insights` asks for. */
export interface InsightsQuery {
  /** One flag's details and time series; all flags' totals when absent. */
  readonly flag: string | undefined;
  /** Start of the period, ms since epoch (inclusive). */
  readonly from: number;
  /** End of the period, ms since epoch (exclusive). */
  readonly to: number;
}

const KNOWN = ['flag', 'from', 'to'];
/** `2024-05-01` (UTC midnight) or a date-time with `Z` or an offset (never the server's local time). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Reads the query string of an insights request: `flag` (a flag key), `from` and `to` (ms since
 * the epoch, or an ISO 8601 date: `2024-05-01` for UTC midnight, or a date-time with `Z` or an
 * offset such as `2024-05-01T12:00:00Z`). Defaults: `to` just after now (`now + 1`: the period
 * is `[from, to)`, and what was received this millisecond counts), `from` `retentionMs` before `to`.
 *
 * @param query the request's query parameters
 * @param now the current time, ms since epoch
 * @param retentionMs how far back the insights go (the default period)
 * @throws ServerRequestError 400 listing every bad parameter (unknown, repeated, empty, not a
 *   time, `from` after `to`)
 */
export function parseInsightsQuery(query: URLSearchParams, now: number, retentionMs: number): InsightsQuery {
  const issues: string[] = [];
  for (const name of new Set(query.keys())) {
    if (!KNOWN.includes(name)) issues.push(`${name}: unknown parameter (known: ${KNOWN.join(', ')})`);
    else if (query.getAll(name).length > 1) issues.push(`${name}: given more than once`);
  }
  const flag = query.get('flag') ?? undefined;
  if (flag === '') issues.push('flag: expected a flag key, got ""');
  const to = time(query, 'to', issues) ?? now + 1;
  const from = time(query, 'from', issues) ?? to - retentionMs;
  if (issues.length === 0 && from > to) issues.push(`from: must not be after to (from ${iso(from)}, to ${iso(to)})`);
  if (issues.length > 0) throw new ServerRequestError(400, 'Invalid insights query', issues);
  return { flag, from, to };
}

/** A time parameter in ms, or undefined when absent or bad (then an issue is added). */
function time(query: URLSearchParams, name: string, issues: string[]): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const parsed = /^\d{1,15}$/.test(text) ? Number(text) : ISO_DATE.test(text) ? Date.parse(text) : NaN;
  if (Number.isFinite(parsed)) return parsed;
  issues.push(`${name}: expected milliseconds since the epoch or an ISO 8601 date (2024-05-01, or 2024-05-01T12:00:00Z with Z or an offset), got ${JSON.stringify(text.slice(0, 60))}`);
  return undefined;
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
