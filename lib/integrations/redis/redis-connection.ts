import type { Redis, RedisOptions } from 'ioredis';
import { FeatureStoreError } from '../../errors/feature-store-error';
import type { Logger } from '../../logging/logger';

/** How long `close()` waits for a graceful QUIT before dropping the connection, in ms. */
const QUIT_TIMEOUT = 1_000;
/**
 * ioredis' `disconnectTimeout` for the connections made here: how long a dropped connection's
 * socket may take to close before it is destroyed. ioredis also waits this long when the socket
 * was already gone (Redis unreachable), so its 2 s default would keep a closed store's process
 * alive for 2 s.
 */
const DISCONNECT_TIMEOUT = 200;

/** Where a {@link RedisConnection} gets its client: a URL (ours to close) or the application's client. */
export type RedisTarget = { readonly url: string } | { readonly client: Redis };

/**
 * One Redis connection as the feature store uses it: every command goes through {@link run},
 * which turns failures into {@link FeatureStoreError}s naming the store, the operation and the
 * reason (never the URL or its password), and rejects at once after {@link close}.
 *
 * - A connection made from a URL is lazy (it connects on the first command), fails a command at
 *   the first failed connection attempt instead of queueing it (`maxRetriesPerRequest: 0`, so a
 *   call while Redis is down rejects within one reconnect delay: ioredis' default backoff, 50 ms
 *   doubling to 5 s), reconnects in the background, and is closed by {@link close}.
 * - An application's client keeps its own settings and is never closed here; the listeners
 *   added to it are removed on {@link close}.
 *
 * An `'error'` listener is always attached, so ioredis never reports an unhandled error event;
 * a connection failure is logged once per outage (`warn`), its recovery once (`info`).
 */
export class RedisConnection {
  /** The ioredis client; use it only inside {@link run}. */
  readonly redis: Redis;
  private readonly owned: boolean;
  private readonly subscribers = new Set<Redis>();
  /** Rejecters of the calls waiting for a reply, each given the reason. */
  private readonly pending = new Set<(reason: string) => void>();
  private readonly closeListeners = new Set<() => void>();
  private lastConnectionError: Error | undefined;
  private failing = false;
  private isClosed = false;
  private closing: Promise<void> | undefined;

  constructor(
    target: RedisTarget,
    private readonly description: string,
    private readonly logger: Logger,
  ) {
    if ('client' in target) {
      this.redis = target.client;
      this.owned = false;
    } else {
      // Loaded here, not at the top: applications that never use Redis do not pay for loading ioredis.
      const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
      this.redis = new RedisClient(target.url, { lazyConnect: true, maxRetriesPerRequest: 0, disconnectTimeout: DISCONNECT_TIMEOUT });
      this.owned = true;
    }
    this.redis.on('error', this.onError);
    this.redis.on('ready', this.onReady);
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Runs `command` against Redis. Rejects with a {@link FeatureStoreError} whose operation is
   * `operation` when the command fails, when Redis cannot be reached, or when the connection is
   * (or gets) closed before the reply.
   */
  run<T>(operation: string, command: (redis: Redis) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new FeatureStoreError(this.description, operation, 'the store is closed'));
    return new Promise<T>((resolve, reject) => {
      const abort = (reason: string): void => reject(new FeatureStoreError(this.description, operation, reason));
      this.pending.add(abort);
      let reply: Promise<T>;
      try {
        reply = command(this.redis);
      } catch (error) {
        reply = Promise.reject(error);
      }
      reply
        .then(resolve, (error: unknown) => reject(new FeatureStoreError(this.description, operation, this.reasonOf(error), { cause: error })))
        .finally(() => this.pending.delete(abort));
    });
  }

  /**
   * A second connection with the same settings, for Pub/Sub (a subscribed connection can run no
   * other command). It connects at once, never queues commands, does not resubscribe by itself
   * (the caller subscribes on every `'ready'`) and is closed by {@link closeSubscriber} or
   * {@link close}. `undefined` once closed.
   */
  openSubscriber(): Redis | undefined {
    if (this.closed) return undefined;
    const overrides: Partial<RedisOptions> = { lazyConnect: false, maxRetriesPerRequest: 0, autoResubscribe: false, disconnectTimeout: DISCONNECT_TIMEOUT };
    const subscriber = this.redis.duplicate(overrides);
    let failing = false;
    subscriber.on('error', (error: Error) => {
      if (!failing) this.logger.debug(`${this.description}: change notifications unavailable: ${error.message}; retrying`);
      failing = true;
    });
    subscriber.on('ready', () => (failing = false));
    this.subscribers.add(subscriber);
    return subscriber;
  }

  /** Closes a connection made by {@link openSubscriber}. */
  closeSubscriber(subscriber: Redis): void {
    if (!this.subscribers.delete(subscriber)) return;
    subscriber.disconnect();
  }

  /** Calls `listener` once when the connection closes; returns a function that removes it. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Closes the connection (if it is ours) and every subscriber connection, and rejects the calls
   * still waiting for a reply. Waits up to 1 s for a graceful QUIT (pending replies arrive
   * first), then drops the connection. Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.isClosed = true;
      this.closing = this.shutDown();
    }
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    for (const listener of [...this.closeListeners]) listener();
    this.closeListeners.clear();
    for (const subscriber of [...this.subscribers]) this.closeSubscriber(subscriber);
    if (this.owned) await this.quit();
    for (const abort of [...this.pending]) abort('the store was closed before Redis replied');
    this.pending.clear();
    if (!this.owned) {
      this.redis.off('error', this.onError);
      this.redis.off('ready', this.onReady);
    }
  }

  private async quit(): Promise<void> {
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), QUIT_TIMEOUT)));
    const quitted = await Promise.race([this.redis.quit().then(() => true, () => false), timeout]);
    clearTimeout(timer);
    // After a QUIT, Redis closes the connection itself; disconnecting as well would only start
    // ioredis' disconnect timer.
    if (!quitted) this.redis.disconnect();
  }

  private readonly onError = (error: Error): void => {
    this.lastConnectionError = error;
    if (this.failing || this.closed) return;
    this.failing = true;
    this.logger.warn(`${this.description}: connection failed: ${error.message}; retrying in the background`);
  };

  private readonly onReady = (): void => {
    if (this.failing) this.logger.info(`${this.description}: connected again`);
    this.failing = false;
    this.lastConnectionError = undefined;
  };

  private reasonOf(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.name === 'MaxRetriesPerRequestError') {
      return `cannot reach Redis (${this.lastConnectionError?.message ?? 'the connection was lost'})`;
    }
    if (message === 'Connection is closed.') return 'the connection to Redis is closed';
    return message;
  }
}
