import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { ServerConfigError } from '../errors/server-config-error';
import { type Logger, silentLogger } from '../logging/logger';
import type { DataFileDocument } from './data-file-schema';
import type { FlagServerPlugin } from './flag-server-plugin';
import type { AuthThrottleOptions } from './http/auth-throttle';
import { resolveAuthThrottleOptions } from './http/auth-throttle';
import type { InsightsOptions } from './insights/insights-options';
import type { RelayedKey } from './relay/relay-store';

/** Limits against abuse and runaway memory. Every field is optional. */
export interface FlagServerLimits {
  /** Largest admin API or `POST /bulk` request body, bytes; larger gets `413`. Default 1 MiB (1,048,576). */
  readonly maxBodyBytes?: number;
  /** Largest WebSocket message a client may send, bytes (the connection is closed with 1009). Default 64 KiB (65,536). */
  readonly maxMessageBytes?: number;
  /** Most simultaneous stream connections per SDK key; more get `429`. Default 10,000. */
  readonly maxConnectionsPerKey?: number;
  /** Unsent bytes after which a stream connection is dropped as a slow consumer. Default 4 MiB (4,194,304). */
  readonly maxBufferedBytes?: number;
  /** Event batches kept in memory (oldest dropped first). Default 1,000. */
  readonly maxEventBatches?: number;
  /** Event bytes kept in memory (oldest batches dropped first). Default 16 MiB (16,777,216). */
  readonly maxEventBytes?: number;
}

/** Options of `createFlagServer`. */
export interface FlagServerOptions {
  /** TCP port; `0` picks a free one. Default 8030. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1` in dev mode, `0.0.0.0` otherwise. */
  readonly host?: string;
  /**
   * Where environments, SDK keys, flags, segments and insights are stored:
   * `postgres://user:password@host/database` for PostgreSQL (several replicas may share it), or
   * the path of an embedded SQLite database file (created when missing), or `:memory:`.
   * Ignored when `dataFile` is set. Default `:memory:` (nothing is kept after close).
   */
  readonly database?: string;
  /**
   * Flags as code: a data file (JSON, or YAML for `.yaml`/`.yml`) that is the source of truth.
   * It is watched and reloaded on change; the admin API refuses writes. Default: none.
   */
  readonly dataFile?: string;
  /**
   * A data file (the format of `dataFile`) imported into the database when it is still empty,
   * versions kept (upgrading from a file-based server). Default: none.
   */
  readonly importFile?: string;
  /**
   * Relay mode: follow another flagstream server's stream for each SDK key and serve local SDKs
   * from memory (read-only; `database`, `dataFile` and `importFile` are then ignored). Default: off.
   */
  readonly relay?: { readonly upstream: string; readonly keys: readonly RelayedKey[] };
  /** Environments an empty database starts with (when there is no `importFile`). Default: the example environment. */
  readonly environments?: DataFileDocument['environments'];
  /**
   * The admin API token (`Authorization: Bearer <token>`), at least 16 characters. Required unless
   * `dev` is true.
   */
  readonly adminToken?: string;
  /**
   * Dev mode: without an `adminToken` the admin API is open to anyone who can reach the port
   * (so the default host becomes `127.0.0.1`); with one, it is enforced as usual. Default false.
   */
  readonly dev?: boolean;
  /** Where log lines go. Default: nowhere (`silentLogger`); the CLI logs to the console. */
  readonly logger?: Logger;
  /** Stream ping interval, ms; a connection that misses one ping is dropped. Default 15,000. */
  readonly heartbeatIntervalMs?: number;
  /** How long `close()` waits for stream clients to acknowledge the close, ms. Default 1,000. */
  readonly closeGraceMs?: number;
  readonly limits?: FlagServerLimits;
  /**
   * Throttling of failed authentication (admin tokens and SDK keys alike), per client address:
   * after 20 failures within 60 s the address gets `429` with `Retry-After` for 60 s. See
   * `AuthThrottleOptions` for each default.
   */
  readonly authThrottle?: AuthThrottleOptions;
  /** How often due scheduled changes are looked for, ms. Default 1,000. */
  readonly scheduledChangesPollMs?: number;
  /**
   * PostgreSQL: how long a statement may wait for its answer before its connection counts as
   * lost (then `/ready` and admin writes answer `503` and the connection is replaced), and how
   * long the notification connection's periodic check may take before it reconnects and
   * resyncs, ms. Default 10,000.
   */
  readonly databaseTimeoutMs?: number;
  /** Optional modules (routes, event consumers). Default none. */
  readonly plugins?: readonly FlagServerPlugin[];
  /**
   * The insights module: event batches checked against the event schema, counted per environment
   * and served at `GET /api/environments/:env/insights` (see `docs/insights.md`). `false` turns
   * it off. Default on, with the defaults of `InsightsOptions`.
   */
  readonly insights?: InsightsOptions | false;
  /** Scheduler of the heartbeat timer. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Clock, ms since epoch (stamps event batches). Default `Date.now`. */
  readonly now?: () => number;
}

/** {@link FlagServerOptions} with every default applied and checked. */
export interface ResolvedServerOptions
  extends Required<Omit<FlagServerOptions, 'database' | 'dataFile' | 'importFile' | 'relay' | 'environments' | 'adminToken' | 'limits' | 'authThrottle'>> {
  readonly relay: FlagServerOptions['relay'];
  readonly authThrottle: Required<AuthThrottleOptions>;
  readonly database: string;
  readonly dataFile: string | undefined;
  readonly importFile: string | undefined;
  readonly environments: DataFileDocument['environments'] | undefined;
  readonly adminToken: string | undefined;
  readonly limits: Required<FlagServerLimits>;
}

/** Shortest admin token accepted. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/**
 * Applies defaults and checks options.
 *
 * @throws ServerConfigError naming the bad option (no admin token outside dev mode, a token
 *   shorter than 16 characters, a negative or non-integer number…)
 */
export function resolveServerOptions(options: FlagServerOptions): ResolvedServerOptions {
  const dev = options.dev ?? false;
  const adminToken = options.adminToken === '' ? undefined : options.adminToken;
  if (adminToken === undefined && !dev) {
    throw new ServerConfigError('adminToken', 'an admin token is required (set FLAGSTREAM_ADMIN_TOKEN or --admin-token), or start in dev mode (--dev)');
  }
  if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ServerConfigError('adminToken', `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`);
  }
  const host = options.host ?? (dev ? '127.0.0.1' : '0.0.0.0');
  if (adminToken === undefined && !isLoopback(host)) {
    throw new ServerConfigError(
      'host',
      `dev mode without an admin token opens the admin API to anyone who can connect, so it only binds a loopback address (127.0.0.1, ::1, localhost); got ${host}. Set an admin token to bind ${host}`,
    );
  }
  let authThrottle: Required<AuthThrottleOptions>;
  try {
    authThrottle = resolveAuthThrottleOptions(options.authThrottle);
  } catch (error) {
    throw new ServerConfigError('authThrottle', (error as Error).message);
  }
  const limits = options.limits ?? {};
  const resolved: ResolvedServerOptions = {
    port: integer('port', options.port ?? 8030, 0, 65535),
    host,
    authThrottle,
    database: options.database ?? ':memory:',
    scheduledChangesPollMs: integer('scheduledChangesPollMs', options.scheduledChangesPollMs ?? 1000, 1),
    databaseTimeoutMs: integer('databaseTimeoutMs', options.databaseTimeoutMs ?? 10_000, 1),
    dataFile: options.dataFile,
    importFile: options.importFile,
    relay: options.relay,
    environments: options.environments,
    adminToken,
    dev,
    logger: options.logger ?? silentLogger,
    heartbeatIntervalMs: integer('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 15_000, 1),
    closeGraceMs: integer('closeGraceMs', options.closeGraceMs ?? 1000, 0),
    limits: {
      maxBodyBytes: integer('limits.maxBodyBytes', limits.maxBodyBytes ?? 1024 * 1024, 1),
      maxMessageBytes: integer('limits.maxMessageBytes', limits.maxMessageBytes ?? 64 * 1024, 1),
      maxConnectionsPerKey: integer('limits.maxConnectionsPerKey', limits.maxConnectionsPerKey ?? 10_000, 1),
      maxBufferedBytes: integer('limits.maxBufferedBytes', limits.maxBufferedBytes ?? 4 * 1024 * 1024, 1),
      maxEventBatches: integer('limits.maxEventBatches', limits.maxEventBatches ?? 1000, 1),
      maxEventBytes: integer('limits.maxEventBytes', limits.maxEventBytes ?? 16 * 1024 * 1024, 1),
    },
    plugins: options.plugins ?? [],
    insights: options.insights ?? {},
    scheduler: options.scheduler ?? asyncScheduler,
    now: options.now ?? Date.now,
  };
  return resolved;
}

function integer(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ServerConfigError(name, `expected a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Whether `host` names only the local machine: `localhost`, 127.0.0.0/8, `::1` (or `::ffff:127.x.y.z`). */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
