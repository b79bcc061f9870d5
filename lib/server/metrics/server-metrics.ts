import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CredentialKind } from '../http/auth-throttle';

/** What the metrics read on each scrape. */
export interface MetricsSources {
  /** Environment keys. */
  readonly environments: () => readonly string[];
  /** Open stream connections of an environment. */
  readonly connectionCount: (environment: string) => number;
}

/**
 * The flag server's Prometheus metrics (text format through `prom-client`), in a registry of its
 * own (several servers in one process do not mix):
 * - `flagstream_stream_connections{environment}`: open SDK stream connections (gauge);
 * - `flagstream_changes_applied_total{environment,kind}`: accepted flag/segment changes;
 * - `flagstream_auth_failures_total{credential}`: failed authentications (`admin` or `sdk`),
 *   and `flagstream_auth_throttled_total{credential}`: requests refused with `429` while an
 *   address was blocked;
 * - `flagstream_event_batches_total{outcome}`: `POST /bulk` batches `accepted` or `refused`;
 * - `flagstream_admin_requests_total{method,route,status}` and
 *   `flagstream_admin_request_duration_seconds{method,route}`: admin API requests by route
 *   pattern (e.g. `/api/environments/:env/flags/:key`, never the concrete keys);
 * - `flagstream_store_operation_duration_seconds{operation}`: store latency (writes, reads for
 *   readiness);
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly changes: Counter<'environment' | 'kind'>;
  private readonly authFailures: Counter<'credential'>;
  private readonly authThrottled: Counter<'credential'>;
  private readonly eventBatches: Counter<'outcome'>;
  private readonly adminRequests: Counter<'method' | 'route' | 'status'>;
  private readonly adminDuration: Histogram<'method' | 'route'>;
  private readonly storeDuration: Histogram<'operation'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    new Gauge({
      name: 'flagstream_stream_connections',
      help: 'Open SDK stream connections',
      labelNames: ['environment'],
      registers,
      collect() {
        this.reset();
        for (const environment of sources.environments()) this.set({ environment }, sources.connectionCount(environment));
      },
    });
    this.changes = new Counter({ name: 'flagstream_changes_applied_total', help: 'Accepted flag and segment changes', labelNames: ['environment', 'kind'], registers });
    this.authFailures = new Counter({ name: 'flagstream_auth_failures_total', help: 'Failed authentications', labelNames: ['credential'], registers });
    this.authThrottled = new Counter({
      name: 'flagstream_auth_throttled_total',
      help: 'Requests refused with 429 because their address was blocked after failed authentications',
      labelNames: ['credential'],
      registers,
    });
    this.eventBatches = new Counter({ name: 'flagstream_event_batches_total', help: 'POST /bulk event batches', labelNames: ['outcome'], registers });
    this.adminRequests = new Counter({
      name: 'flagstream_admin_requests_total',
      help: 'Admin API requests by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.adminDuration = new Histogram({
      name: 'flagstream_admin_request_duration_seconds',
      help: 'Admin API request duration',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.storeDuration = new Histogram({
      name: 'flagstream_store_operation_duration_seconds',
      help: 'Store operation latency',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
  }

  /** Counts an accepted change. */
  changeApplied(environment: string, kind: string): void {
    this.changes.inc({ environment, kind });
  }

  /** Counts a failed authentication. */
  authFailed(credential: CredentialKind): void {
    this.authFailures.inc({ credential });
  }

  /** Counts a request refused while its address was blocked. */
  authThrottledRequest(credential: CredentialKind): void {
    this.authThrottled.inc({ credential });
  }

  /** Counts an HTTP request once answered: admin routes by pattern, `POST /bulk` as an event batch. */
  requestDone(auth: string, method: string, route: string, status: number, seconds: number): void {
    if (route === '/bulk' && method === 'POST') {
      if (status !== 401 && status !== 429) this.eventBatches.inc({ outcome: status === 202 ? 'accepted' : 'refused' });
      return;
    }
    if (auth !== 'admin') return;
    this.adminRequests.inc({ method, route, status: String(status) });
    this.adminDuration.observe({ method, route }, seconds);
  }

  /** Times a store operation (resolves or rejects as `work` does). */
  async timeStore<T>(operation: string, work: () => Promise<T>): Promise<T> {
    const end = this.storeDuration.startTimer({ operation });
    try {
      return await work();
    } finally {
      end();
    }
  }

  /** The metrics in Prometheus's text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
