import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Observable, Subject, type Subscription } from 'rxjs';
import { ServerConfigError } from '../errors/server-config-error';
import { ServerRequestError } from '../errors/server-request-error';
import { adminRoutes } from './admin-routes';
import { consoleRoutes } from './console/console-routes';
import type { DataChange } from './data-change';
import { DataFile } from './data-file';
import { EventBuffer } from './event-buffer';
import type { DataFileDocument } from './data-file-schema';
import { createExampleData } from './example-data';
import { FlagRepository } from './flag-repository';
import { RelayStore } from './relay/relay-store';
import { FileServerStore } from './storage/file-server-store';
import { openServerStore } from './storage/open-server-store';
import type { ServerStore } from './storage/server-store';
import { StoreUnavailableError } from './storage/store-errors';
import { NOTIFICATIONS_LOST } from './storage/postgres-listener';
import { type FlagServerOptions, type ResolvedServerOptions, resolveServerOptions } from './flag-server-options';
import { AdminAuth, tooManyFailures } from './http/admin-auth';
import { AuthThrottle } from './http/auth-throttle';
import { auditRoutes } from './management/audit-routes';
import { dataRoutes } from './management/data-routes';
import { environmentRoutes } from './management/environment-routes';
import { SqlManagementStore, TOKENS_CHANGED } from './management/sql-management-store';
import { Management } from './management/management';
import { ScheduledChangeRunner, scheduledChangeRoutes } from './management/scheduled-changes';
import { tokenRoutes } from './management/token-routes';
import { opsRoutes } from './metrics/ops-routes';
import { ServerMetrics } from './metrics/server-metrics';
import { timedServerStore } from './metrics/timed-server-store';
import { readJsonBody, sendError, sendJson } from './http/http-io';
import { commentOf } from './management/request-helpers';
import { Router } from './http/router';
import type { RouteContext, ServerRoute } from './http/server-route';
import { shortKeyHash } from './sdk-key-hash';
import { createInsightsPlugin } from './insights/insights-plugin';
import { sdkRoutes } from './sdk-routes';
import { StreamHub } from './stream-hub';

/** A running (or ready to run) flag server. */
export interface FlagServer {
  /**
   * Loads the data file (creating it when missing), then listens for HTTP and WebSocket.
   *
   * @returns the bound port (useful with `port: 0`)
   * @throws DataFileError when the data file cannot be used; the error from `listen` (e.g.
   *   `EADDRINUSE`) when the port cannot be bound; ServerConfigError after `close()`
   */
  listen(): Promise<{ port: number }>;
  /**
   * Stops accepting connections, closes every stream (code 1001) and HTTP connection, waits for
   * a change in progress to be saved, and releases every timer. Idempotent.
   */
  close(): Promise<void>;
  /** `http://host:port` once listening (`127.0.0.1` stands for `0.0.0.0`). */
  readonly url: string;
  /** Every accepted change, after it was saved and pushed. Completes on close. */
  readonly changes$: Observable<DataChange>;
  /** The bounded in-memory buffer of received event batches. */
  readonly events: EventBuffer;
  /** Open stream connections, of one environment or of all. */
  connectionCount(environment?: string): number;
}

/**
 * Creates the flag server: one port for the SDK endpoints (`GET /sdk/stream` WebSocket,
 * `GET /sdk/latest-all`, `POST /bulk`), the admin API (`/api/environments/…`) and
 * `GET /health`. Nothing happens until {@link FlagServer.listen}.
 *
 * @example
 * ```ts
 * const server = createFlagServer({ dataFile: 'flags.json', adminToken: process.env.FLAGSTREAM_ADMIN_TOKEN });
 * const { port } = await server.listen();   // 8030
 * // …
 * await server.close();
 * ```
 * @throws ServerConfigError when an option is invalid (e.g. no admin token outside dev mode)
 */
export function createFlagServer(options: FlagServerOptions = {}): FlagServer {
  return new FlagServerImpl(resolveServerOptions(options));
}

class FlagServerImpl implements FlagServer {
  readonly events: EventBuffer;
  readonly changes$: Observable<DataChange>;
  private readonly changes = new Subject<DataChange>();
  private readonly adminAuth: AdminAuth;
  private readonly throttle: AuthThrottle;
  /** The Prometheus metrics served at `/metrics`. */
  readonly metrics: ServerMetrics;
  private readonly router: Router;
  private repository: FlagRepository | undefined;
  private store: ServerStore | undefined;
  private management: Management | undefined;
  private runner: ScheduledChangeRunner | undefined;
  private tokenReloads: Subscription | undefined;
  /** Follows the store's notification connection (see {@link notReady}). */
  private notificationsWatch: Subscription | undefined;
  private notificationsLost = false;
  private hub: StreamHub | undefined;
  private http: Server | undefined;
  private port: number | undefined;
  private starting: Promise<{ port: number }> | undefined;
  private closing: Promise<void> | undefined;
  private readonly options: ResolvedServerOptions;

  constructor(options: ResolvedServerOptions) {
    const { insights } = options;
    this.options = insights === false ? options : { ...options, plugins: [createInsightsPlugin({ now: options.now, ...insights }), ...options.plugins] };
    this.events = new EventBuffer({ maxBatches: options.limits.maxEventBatches, maxBytes: options.limits.maxEventBytes });
    this.changes$ = this.changes.asObservable();
    this.metrics = new ServerMetrics({
      environments: () => this.repository?.environments().map((environment) => environment.key) ?? [],
      connectionCount: (environment) => this.connectionCount(environment),
    });
    const metrics = this.metrics;
    this.throttle = new AuthThrottle(options.logger, options.authThrottle, options.now, {
      failed: (kind) => metrics.authFailed(kind),
      throttled: (kind) => metrics.authThrottledRequest(kind),
    });
    this.adminAuth = new AdminAuth(options.adminToken, this.throttle, (digest, readStore) => this.management?.resolveToken(digest, readStore));
    const management = () => {
      if (!this.management) throw new ServerRequestError(503, 'The server is starting');
      return this.management;
    };
    const builtIn: ServerRoute[] = [
      { method: 'GET', path: '/health', auth: 'none', handle: ({ res }) => sendJson(res, 200, { status: 'ok' }) },
      {
        method: 'GET',
        path: '/sdk/stream',
        auth: 'sdk',
        handle() {
          throw new ServerRequestError(426, 'This endpoint is a WebSocket; send an Upgrade request', [], { Upgrade: 'websocket' });
        },
      },
      ...sdkRoutes({ events: this.events, plugins: this.options.plugins, logger: options.logger, now: options.now }),
      ...adminRoutes({
        connectionCount: (environment) => this.connectionCount(environment),
        recordChange: async (context, change, tx) => {
          const actor = context.principal?.name ?? 'unknown';
          const comment = change.comment ?? commentOf(context);
          await management().audit({
            actor,
            action: change.action,
            target: change.kind,
            environment: context.params.env,
            key: change.key,
            version: change.version,
            ...(change.before ? { before: change.before } : {}),
            ...(change.after ? { after: change.after } : {}),
            ...(comment ? { comment } : {}),
          }, tx);
        },
      }),
      ...tokenRoutes(management),
      ...auditRoutes(management),
      ...dataRoutes(management),
      ...environmentRoutes(management, options.now),
      ...scheduledChangeRoutes(management, options.now),
      ...consoleRoutes({ changes$: this.changes$ }),
      ...opsRoutes({ metrics, notReady: () => this.notReady() }),
    ];
    this.router = new Router([...builtIn, ...this.options.plugins.flatMap((plugin) => plugin.routes ?? [])]);
  }

  get url(): string {
    const host = this.options.host;
    const shown = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
    return `http://${shown.includes(':') ? `[${shown}]` : shown}:${this.port ?? this.options.port}`;
  }

  listen(): Promise<{ port: number }> {
    if (this.closing) return Promise.reject(new ServerConfigError('listen()', 'the server was closed; create a new one'));
    return (this.starting ??= this.start());
  }

  close(): Promise<void> {
    return (this.closing ??= this.stop());
  }

  connectionCount(environment?: string): number {
    return this.hub?.connectionCount(environment) ?? 0;
  }

  private async start(): Promise<{ port: number }> {
    const { logger, limits } = this.options;
    const { dataFile, importFile, environments: seedEnvironments } = this.options;
    const relay = this.options.relay;
    const store = timedServerStore(
      relay
        ? new RelayStore({ upstream: relay.upstream, keys: relay.keys, logger })
        : dataFile !== undefined
          ? new FileServerStore({ path: dataFile, logger })
          : await openServerStore({ database: this.options.database, logger, now: this.options.now, timeoutMs: this.options.databaseTimeoutMs }),
      this.metrics,
    );
    this.store = store;
    const seed = async (): Promise<DataFileDocument> => {
      if (importFile !== undefined) {
        const read = await new DataFile(importFile).read();
        if (read) {
          logger.info(`Importing ${importFile} into ${store.description}`);
          for (const skipped of read.skipped) logger.warn(`Data file ${importFile}: ${skipped}`);
          return read.document;
        }
        logger.warn(`Nothing to import: ${importFile} does not exist`);
      }
      return seedEnvironments ? { environments: seedEnvironments } : createExampleData();
    };
    const repository = await FlagRepository.open({ store, seed, logger });
    this.repository = repository;
    logger.info(`Storage: ${store.description}`);
    for (const plugin of this.options.plugins) await plugin.start?.({ store, logger });
    const management = await Management.open(new SqlManagementStore(store.database, this.options.now), this.options.now, logger);
    this.management = management;
    // Changes from other replicas are not heard while the notification connection is lost.
    this.notificationsWatch = store.notifications$.subscribe((notification) => {
      if (notification.type === NOTIFICATIONS_LOST) this.notificationsLost = true;
      else if (notification.type === 'resync') this.notificationsLost = false;
    });
    // A token created or revoked on another replica (or anything, after a lost notification).
    this.tokenReloads = store.notifications$.subscribe((notification) => {
      if (notification.type !== TOKENS_CHANGED && notification.type !== 'resync') return;
      management.reloadTokens().catch((error: Error) => logger.warn(`Could not reload API tokens: ${error.message}`));
    });
    this.runner = new ScheduledChangeRunner(this.management, repository, {
      pollMs: this.options.scheduledChangesPollMs,
      now: this.options.now,
      scheduler: this.options.scheduler,
      logger,
    });
    repository.changes$.subscribe(this.changes);
    this.changes$.subscribe((change) => this.metrics.changeApplied(change.environment, change.kind));
    this.hub = new StreamHub(repository, {
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      maxBufferedBytes: limits.maxBufferedBytes,
      maxConnectionsPerKey: limits.maxConnectionsPerKey,
      maxMessageBytes: limits.maxMessageBytes,
      closeGraceMs: this.options.closeGraceMs,
      scheduler: this.options.scheduler,
      logger,
      throttle: this.throttle,
    });
    const http = createServer((req, res) => void this.handle(req, res));
    this.http = http;
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port, this.options.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    http.on('error', (error) => logger.error(`HTTP server error: ${error.message}`));
    const bound = http.address() as AddressInfo;
    this.port = bound.port;
    this.runner.start();
    const environments = repository.environments().map((environment) => environment.key);
    const boundText = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
    logger.info(`Flag server listening on ${this.url} (bound to ${boundText}) with environment(s) ${environments.join(', ') || '(none)'}`);
    if (!this.adminAuth.enforced) logger.warn('Dev mode without an admin token: the admin API is open to anyone who can reach this port');
    return { port: this.port };
  }

  private async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const http = this.http;
    const closed = http ? new Promise<void>((resolve) => http.close(() => resolve())) : Promise.resolve();
    await this.runner?.close();
    this.tokenReloads?.unsubscribe();
    this.notificationsWatch?.unsubscribe();
    await this.hub?.close();
    await this.repository?.close();
    await this.management?.close();
    this.throttle.close();
    http?.closeAllConnections();
    await closed;
    // Plugins close before the store: they may write their last data to it.
    for (const plugin of this.options.plugins) {
      try {
        await plugin.close?.();
      } catch (error) {
        this.options.logger.error(`Plugin ${plugin.name} failed to close: ${(error as Error).message}`);
      }
    }
    await this.store?.close();
    this.changes.complete();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== '/sdk/stream' || !this.hub) {
      socket.on('error', () => socket.destroy());
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.hub.handleUpgrade(req, socket, head);
  }

  /** Why the server is not ready, or `undefined` when it is (see `GET /ready`). */
  private async notReady(): Promise<string | undefined> {
    if (this.closing) return 'shutting down';
    if (!this.repository || !this.hub || !this.store) return 'starting';
    const store = this.store;
    try {
      await this.metrics.timeStore('ping', () => store.database.query('select 1'));
    } catch (error) {
      return `the store is unreachable: ${(error as Error).message}`;
    }
    if (this.notificationsLost) return 'the connection for changes made by other replicas is lost (reconnecting; the data may be behind)';
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    let matched: ServerRoute | undefined;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.requestDone(matched?.auth ?? 'none', req.method ?? 'GET', matched?.path ?? 'unmatched', res.statusCode, seconds);
    });
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const { route, params } = this.router.match(req.method ?? 'GET', url.pathname);
      matched = route;
      const repository = this.repository!;
      let context: RouteContext = {
        req,
        res,
        params,
        query: url.searchParams,
        environment: undefined,
        keyHash: undefined,
        repository,
        readJson: () => readJsonBody(req, this.options.limits.maxBodyBytes),
      };
      if (route.auth === 'admin') {
        const principal = await this.adminAuth.authenticate(req, url.pathname);
        const access = route.access ?? (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write');
        this.adminAuth.authorize(principal, access, params.env);
        context = { ...context, principal };
      }
      if (route.auth === 'sdk') {
        const address = req.socket.remoteAddress ?? '?';
        const blocked = this.throttle.retryAfterSeconds(address);
        if (blocked > 0) {
          this.throttle.refusedWhileBlocked(address, 'sdk');
          throw tooManyFailures(blocked);
        }
        const sdkKey = req.headers.authorization ?? '';
        const resolved = repository.resolveSdkKey(sdkKey);
        if (!resolved || resolved.disabled) {
          if (!resolved) {
            const reason = sdkKey ? `unknown SDK key ${shortKeyHash(sdkKey)}` : 'no SDK key';
            const retryAfter = this.throttle.fail(address, 'sdk', reason, `${req.method} ${url.pathname}`);
            if (retryAfter > 0) throw tooManyFailures(retryAfter);
          }
          sendJson(res, resolved ? 403 : 401);
          return;
        }
        context = { ...context, environment: resolved.environment, keyHash: shortKeyHash(sdkKey) };
      }
      await route.handle(context);
    } catch (caught) {
      let error = caught;
      if (caught instanceof StoreUnavailableError) {
        // A route that reads or writes the database directly (tokens, audit, schedules…).
        this.options.logger.warn(`${req.method} ${matched?.path ?? req.url}: ${caught.message}`);
        error = new ServerRequestError(503, 'The database is unavailable (SDKs are still served the current flags); retry later', [], { 'Retry-After': '1' });
      } else if (!(error instanceof ServerRequestError) || (error.status >= 500 && error.status !== 503)) {
        this.options.logger.error(`${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      sendError(res, error);
    }
  }
}
