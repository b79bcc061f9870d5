import type { Agent } from 'node:http';
import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import WebSocket, { type ClientOptions, type RawData } from 'ws';
import { HttpError } from '../errors/http-error';
import { NetworkError } from '../errors/network-error';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import { isHttpRecoverable } from './http-status';
import { safeUrl } from './safe-url';

/** Default read timeout: a connection that delivers no frame and no ping for this long is dead. */
export const DEFAULT_READ_TIMEOUT = 60_000;
/** Default connect timeout: TCP connect plus the upgrade handshake must be done within this. */
export const DEFAULT_CONNECT_TIMEOUT = 10_000;
/** Default largest accepted message: 64 MiB. */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;

/** Something that builds a `ws`-compatible client socket (the `ws` class itself by default). */
export type WebSocketConstructor = new (url: string, options: ClientOptions) => WebSocket;

/** Options of {@link openWebSocket} and `fromWebSocket`. */
export interface WebSocketOptions {
  /** `ws://` or `wss://` URL to open. */
  readonly url: string;
  /** Headers sent with the upgrade request (e.g. `Authorization`). @default none */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Milliseconds without any frame, ping or pong after which the connection is declared dead
   * (this also bounds the opening handshake). `0` disables it.
   * @default 60000
   */
  readonly readTimeout?: number;
  /**
   * Milliseconds for the connection to open: TCP connect, proxy tunnel and the upgrade handshake
   * (a server that accepts the TCP connection but never answers the upgrade fails after this
   * long with a `NetworkError`). `0` disables it. @default 10000
   */
  readonly connectTimeout?: number;
  /** Largest accepted message in bytes; a bigger one fails the connection. @default 67108864 (64 MiB) */
  readonly maxPayload?: number;
  /** HTTP agent for the upgrade request, e.g. a proxy agent. @default none (direct connection) */
  readonly agent?: Agent;
  /** Scheduler for the read timeout. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /** WebSocket implementation. @default the `ws` package's `WebSocket` */
  readonly WebSocket?: WebSocketConstructor;
}

/** What one connection opened by {@link openWebSocket} reports to its owner. */
export interface WebSocketHandlers {
  /** The text of a received message. */
  message(text: string): void;
  /** The connection failed or ended; called at most once, after the socket was terminated. */
  failed(error: Error): void;
}

/**
 * Opens a WebSocket and reports the text of every message it receives, then the way the
 * connection ended, through plain callbacks: the core of `fromWebSocket`, used directly by the
 * streaming data source so that a message reaches it without an Observable hop.
 *
 * `handlers.failed` is called once, with:
 * - {@link HttpError} when the server refuses the upgrade (`status`, `recoverable`);
 * - {@link PayloadDecodeError} when a message is larger than `maxPayload`;
 * - {@link NetworkError} on a connection failure, a close frame, a cut connection, a connect
 *   timeout (not open within `connectTimeout` ms) or a read timeout (no frame, ping or pong for
 *   `readTimeout` ms); both timers run on `scheduler`.
 * It may be called before `openWebSocket` returns (the socket could not even be built).
 *
 * Pings are answered automatically; binary messages are read as UTF-8 text. Nothing is reported
 * after `failed` or after the returned `close` was called.
 *
 * @returns `close`: terminates the socket at once and cancels the timer (idempotent)
 */
export function openWebSocket(options: WebSocketOptions, handlers: WebSocketHandlers): () => void {
  const scheduler = options.scheduler ?? asyncScheduler;
  const readTimeout = options.readTimeout ?? DEFAULT_READ_TIMEOUT;
  const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  const where = safeUrl(options.url);
  let closed = false;
  let socket: WebSocket | undefined;
  let timer: Subscription | undefined;
  let connectTimer: Subscription | undefined;

  const close = (): void => {
    if (closed) return;
    closed = true;
    timer?.unsubscribe();
    connectTimer?.unsubscribe();
    if (socket === undefined) return;
    socket.removeAllListeners();
    // terminate() may still emit an error (e.g. during the handshake): never let it go unheard.
    socket.on('error', () => {});
    socket.terminate();
  };
  const fail = (error: Error): void => {
    if (closed) return;
    close();
    handlers.failed(error);
  };

  try {
    const Ctor = options.WebSocket ?? WebSocket;
    socket = new Ctor(options.url, {
      headers: { ...options.headers },
      maxPayload,
      agent: options.agent,
      followRedirects: false,
      perMessageDeflate: false,
    });
  } catch (error) {
    fail(new NetworkError('GET', where, `cannot open WebSocket: ${messageOf(error)}`, { cause: error }));
    return close;
  }

  let lastActivity = scheduler.now();
  const touch = (): void => {
    lastActivity = scheduler.now();
  };
  const arm = (delay: number): void => {
    timer = scheduler.schedule(() => {
      const idle = scheduler.now() - lastActivity;
      if (idle >= readTimeout) fail(new NetworkError('GET', where, `read timeout: nothing received for ${readTimeout} ms`));
      else arm(readTimeout - idle);
    }, delay);
  };
  if (readTimeout > 0 && Number.isFinite(readTimeout)) arm(readTimeout);
  const connectTimeout = options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT;
  if (connectTimeout > 0 && Number.isFinite(connectTimeout)) {
    connectTimer = scheduler.schedule(() => {
      fail(new NetworkError('GET', where, `connect timeout: the WebSocket was not open after ${connectTimeout} ms (TCP connect and upgrade handshake)`));
    }, connectTimeout);
  }

  socket.on('open', () => {
    connectTimer?.unsubscribe();
    touch();
  });
  socket.on('ping', touch);
  socket.on('pong', touch);
  socket.on('message', (data: RawData) => {
    lastActivity = scheduler.now();
    if (!closed) handlers.message(textOf(data));
  });
  socket.on('unexpected-response', (_request, response) => {
    const status = response.statusCode ?? 0;
    response.resume();
    fail(new HttpError('GET', where, status, isHttpRecoverable(status)));
  });
  socket.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      fail(new PayloadDecodeError('stream message', [`(root): message larger than the limit of ${maxPayload} bytes`]));
    } else {
      fail(new NetworkError('GET', where, messageOf(error), { cause: error }));
    }
  });
  socket.on('close', (code: number, reason: Buffer) => {
    const why = reason.length > 0 ? `: ${reason.toString('utf8').slice(0, 200)}` : '';
    fail(new NetworkError('GET', where, `connection closed (code ${code}${why})`));
  });
  return close;
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
