import { Client } from 'pg';
import { Observable, Subject } from 'rxjs';
import type { Logger } from '../../logging/logger';
import { NOTIFY_CHANNEL } from './postgres-database';
import type { StoreNotification } from './sql-database';

/** Options of {@link PostgresListener}. */
export interface PostgresListenerOptions {
  readonly connectionString: string;
  /** This process's id: its own notifications are skipped. */
  readonly origin: string;
  readonly logger: Logger;
  /** First reconnect delay, ms (doubles up to `maxRetryMs`). Default 100. */
  readonly retryMs?: number;
  /** Longest reconnect delay, ms. Default 2,000. */
  readonly maxRetryMs?: number;
  /** How often the connection is checked with a query, ms (finds half-open connections). Default 5,000. */
  readonly checkIntervalMs?: number;
  /**
   * How long that check (and `LISTEN`) may wait for an answer, ms; then the connection counts as
   * lost (it went silent: without this, notifications would stop until the operating system gave
   * up on it, many minutes later). Default 10,000.
   */
  readonly checkTimeoutMs?: number;
}

/** The notification emitted when the connection is lost (until the next `resync`, other replicas' changes are not heard). */
export const NOTIFICATIONS_LOST = 'notifications-lost';

/**
 * Other replicas' `NOTIFY` messages on one dedicated connection. When the connection is lost it
 * emits `{ type: 'notifications-lost' }`, reconnects with backoff, and once listening again emits
 * `{ type: 'resync' }`: notifications sent meanwhile are lost, so the replica reloads from the
 * database.
 */
export class PostgresListener {
  /** Parsed notifications of other processes, `notifications-lost` when the connection is lost, and `resync` after each reconnect. */
  readonly notifications$: Observable<StoreNotification>;
  private readonly subject = new Subject<StoreNotification>();
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private check: NodeJS.Timeout | undefined;
  private delay: number;
  private closed = false;
  private lostSince: number | undefined;

  constructor(private readonly options: PostgresListenerOptions) {
    this.notifications$ = this.subject.asObservable();
    this.delay = options.retryMs ?? 100;
  }

  /** Connects and listens; rejects when the first connection fails (later ones are retried). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Stops listening. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.check);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    this.subject.complete();
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: Math.min(3000, this.options.checkTimeoutMs ?? 10_000),
      query_timeout: this.options.checkTimeoutMs ?? 10_000,
      application_name: 'flagstream-listener',
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel !== NOTIFY_CHANNEL || !message.payload) return;
      try {
        const parsed = JSON.parse(message.payload) as StoreNotification;
        if (parsed.origin !== this.options.origin) this.subject.next(parsed);
      } catch {
        this.options.logger.warn(`PostgreSQL: ignored a malformed notification on ${NOTIFY_CHANNEL}`);
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${NOTIFY_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    clearInterval(this.check);
    let checking = false;
    this.check = setInterval(() => {
      if (checking) return; // one check at a time (each gives up after `checkTimeoutMs`)
      checking = true;
      client.query('select 1').then(
        () => (checking = false),
        () => this.lost(client),
      );
    }, this.options.checkIntervalMs ?? 5000);
    this.check.unref();
  }

  private lost(client: Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    clearInterval(this.check);
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.lostSince = Date.now();
    this.options.logger.warn('PostgreSQL: the notification connection was lost; changes from other replicas will be picked up on reconnect');
    this.subject.next({ type: NOTIFICATIONS_LOST });
    this.retry();
  }

  private retry(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.connect().then(
        () => {
          if (this.closed) return;
          this.delay = this.options.retryMs ?? 100;
          this.options.logger.info(`PostgreSQL: listening again after ${Date.now() - (this.lostSince ?? Date.now())} ms; resyncing`);
          this.subject.next({ type: 'resync' });
        },
        () => {
          this.delay = Math.min(this.delay * 2, this.options.maxRetryMs ?? 2000);
          this.retry();
        },
      );
    }, this.delay);
  }
}
