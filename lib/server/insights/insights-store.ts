import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging/logger';
import type { SqlDatabase } from '../storage/sql-database';
import type { AnalyticsEvent } from './event-batch-codec';

/** One accepted batch as stored: when it was received, and its decoded events. */
export interface StoredBatch {
  readonly receivedAt: number;
  readonly events: readonly AnalyticsEvent[];
}

const MINUTE = 60_000;

/**
 * Insights in the database (table `insights_minutes`), so that they survive a restart and every
 * replica answers for all of them. Each server process buffers the batches it accepts and writes
 * them once a minute (and before answering a query, and on close), one row per environment,
 * minute and process; rows older than the retention (the last insights tier's `keepMs`) are
 * deleted at each write. A query reads the rows of the window and counts them as the in-memory
 * insights would.
 */
export class InsightsStore {
  /** This process's id in the `node` column. */
  readonly node = randomUUID();
  private pending = new Map<string, { environment: string; minute: number; batches: StoredBatch[] }>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly database: SqlDatabase,
    private readonly retentionMs: number,
    private readonly now: () => number,
    private readonly logger: Logger,
    flushIntervalMs = MINUTE,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  /** Buffers an accepted batch of `environment` until the next write. */
  add(environment: string, batch: StoredBatch): void {
    if (this.closed) return;
    const minute = Math.floor(batch.receivedAt / MINUTE) * MINUTE;
    const key = `${environment}\u0000${minute}`;
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { environment, minute, batches: [] }));
    entry.batches.push(batch);
  }

  /**
   * Writes what is buffered (appending to this process's row of each minute) and deletes rows
   * past the retention. A failed write keeps the batches for the next attempt.
   */
  flush(): Promise<void> {
    const run = this.writing.then(() => this.write());
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Every stored batch of `environment` received in `[from, to)`, oldest first (after a flush). */
  async read(environment: string, from: number, to: number): Promise<StoredBatch[]> {
    await this.flush().catch((error: Error) => this.logger.warn(`Insights: could not write the latest events (${error.message}); answering without them`));
    const { rows } = await this.database.query<{ data: string }>(
      'select data from insights_minutes where environment = $1 and minute >= $2 and minute < $3 order by minute, node',
      [environment, Math.floor(from / MINUTE) * MINUTE, to],
    );
    const batches = rows.flatMap((row) => JSON.parse(row.data) as StoredBatch[]).filter((batch) => batch.receivedAt >= from && batch.receivedAt < to);
    return batches.sort((a, b) => a.receivedAt - b.receivedAt);
  }

  /** Writes what is buffered, then stops. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.flush().catch((error: Error) => this.logger.warn(`Insights: events of the last minute were not stored (${error.message})`));
    this.closed = true;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.database.transaction(async (tx) => {
        for (const { environment, minute, batches } of batch.values()) {
          const { rows } = await tx.query<{ data: string }>('select data from insights_minutes where environment = $1 and minute = $2 and node = $3', [environment, minute, this.node]);
          const data = JSON.stringify([...(rows.length > 0 ? (JSON.parse(rows[0].data) as StoredBatch[]) : []), ...batches]);
          await tx.query(
            'insert into insights_minutes (environment, minute, node, data) values ($1, $2, $3, $4) on conflict (environment, minute, node) do update set data = excluded.data',
            [environment, minute, this.node, data],
          );
        }
        await tx.query('delete from insights_minutes where minute < $1', [this.now() - this.retentionMs - MINUTE]);
      });
    } catch (error) {
      // Keep the batches for the next write (in front of those that arrived meanwhile).
      for (const [key, entry] of batch) {
        const newer = this.pending.get(key);
        this.pending.set(key, newer ? { ...entry, batches: [...entry.batches, ...newer.batches] } : entry);
      }
      throw error;
    }
  }
}
