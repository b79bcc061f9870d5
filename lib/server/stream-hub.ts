import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { interval, type SchedulerLike, type Subscription } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logging/logger';
import type { DataChange } from './data-change';
import type { AuthThrottle } from './http/auth-throttle';
import type { FlagRepository } from './flag-repository';
import { sdkKeyDigest, shortKeyHash } from './sdk-key-hash';
import { textFrame } from './text-frame';

/** Settings of a {@link StreamHub}; the flag server fills them from its options. */
export interface StreamHubOptions {
  /** Ping interval, ms; a connection that has not answered the previous ping is dropped. */
  readonly heartbeatIntervalMs: number;
  /** A connection whose unsent data exceeds this (bytes) is dropped as a slow consumer. */
  readonly maxBufferedBytes: number;
  /** Most simultaneous stream connections per SDK key; more get `429`. */
  readonly maxConnectionsPerKey: number;
  /** Largest message a client may send, bytes (clients send nothing; larger closes with 1009). */
  readonly maxMessageBytes: number;
  /** How long {@link StreamHub.close} waits for clients to acknowledge the close, ms. */
  readonly closeGraceMs: number;
  readonly scheduler: SchedulerLike;
  readonly logger: Logger;
  /** Failed-authentication throttle shared with the HTTP routes; default none. */
  readonly throttle?: AuthThrottle;
}

interface Connection {
  readonly ws: WebSocket;
  /** The upgraded socket `ws` writes to; broadcasts write their pre-built frame to it directly. */
  readonly socket: Duplex;
  readonly environment: string;
  readonly keyDigest: string;
  readonly keyHash: string;
  alive: boolean;
}

const SEND_TEXT = { binary: false } as const;

/**
 * The WebSocket side of the flag server (`GET /sdk/stream`): authenticates upgrades, sends each
 * new connection the full data (`put`), then pushes every accepted change as one `patch` or
 * `delete` frame, serialised and framed once and written as the same bytes to every connection
 * (see `text-frame.ts`). Pings every connection each heartbeat interval and drops those that did
 * not answer the previous ping, and drops slow consumers whose send buffer exceeds the limit
 * (they reconnect and resync).
 */
export class StreamHub {
  private readonly wss: WebSocketServer;
  private readonly byEnvironment = new Map<string, Set<Connection>>();
  private readonly perKey = new Map<string, number>();
  private readonly subscriptions: Subscription[] = [];
  private closing = false;

  constructor(
    private readonly repository: FlagRepository,
    private readonly options: StreamHubOptions,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      clientTracking: false,
      maxPayload: options.maxMessageBytes,
    });
    this.subscriptions.push(
      repository.changes$.subscribe((change) => this.broadcast(change)),
      repository.environmentChanges$.subscribe(({ environment }) => this.dropRevoked(environment)),
      interval(options.heartbeatIntervalMs, options.scheduler).subscribe(() => this.heartbeat()),
    );
  }

  /** Open stream connections, of one environment or of all. */
  connectionCount(environment?: string): number {
    if (environment !== undefined) return this.byEnvironment.get(environment)?.size ?? 0;
    let total = 0;
    for (const connections of this.byEnvironment.values()) total += connections.size;
    return total;
  }

  /**
   * Handles an HTTP upgrade request for `/sdk/stream`: refuses it with a plain HTTP response
   * (`401` unknown key, `403` disabled key, `429` too many connections for the key, `503`
   * shutting down), or completes the WebSocket handshake and sends the `put`.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const sdkKey = req.headers.authorization ?? '';
    const resolved = this.repository.resolveSdkKey(sdkKey);
    if (this.closing) return refuse(socket, 503, 'Service Unavailable');
    const throttle = this.options.throttle;
    const address = req.socket.remoteAddress ?? '?';
    if (throttle !== undefined && throttle.retryAfterSeconds(address) > 0) {
      throttle.refusedWhileBlocked(address, 'sdk');
      return refuse(socket, 429, 'Too Many Requests', throttle.retryAfterSeconds(address));
    }
    if (!resolved) {
      const reason = sdkKey ? `unknown SDK key ${shortKeyHash(sdkKey)}` : 'no SDK key';
      if (throttle === undefined) this.options.logger.warn(`Stream: refused ${reason}`);
      const retryAfter = throttle?.fail(address, 'sdk', reason, 'stream') ?? 0;
      return retryAfter > 0 ? refuse(socket, 429, 'Too Many Requests', retryAfter) : refuse(socket, 401, 'Unauthorized');
    }
    const environment = resolved.environment.key;
    if (resolved.disabled) return refuse(socket, 403, 'Forbidden');
    const keyDigest = sdkKeyDigest(sdkKey);
    const keyHash = shortKeyHash(sdkKey);
    if ((this.perKey.get(keyDigest) ?? 0) >= this.options.maxConnectionsPerKey) {
      this.options.logger.warn(`Stream: ${environment} ${keyHash} is at its limit of ${this.options.maxConnectionsPerKey} connections`);
      return refuse(socket, 429, 'Too Many Requests');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept({ ws, socket, environment, keyDigest, keyHash, alive: true }));
  }

  /** Stops heartbeats, closes every connection (code 1001), and drops those that do not answer in time. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    const all = [...this.byEnvironment.values()].flatMap((connections) => [...connections]);
    await Promise.all(all.map((connection) => this.closeOne(connection.ws)));
    this.wss.close();
  }

  private accept(connection: Connection): void {
    const { ws, environment, keyDigest, keyHash } = connection;
    if (this.closing) {
      ws.terminate();
      return;
    }
    let connections = this.byEnvironment.get(environment);
    if (!connections) this.byEnvironment.set(environment, (connections = new Set()));
    connections.add(connection);
    this.perKey.set(keyDigest, (this.perKey.get(keyDigest) ?? 0) + 1);
    ws.on('pong', () => (connection.alive = true));
    ws.on('error', (error) => this.options.logger.debug(`Stream: ${environment} ${keyHash}: ${error.message}`));
    ws.once('close', () => {
      connections.delete(connection);
      const left = (this.perKey.get(keyDigest) ?? 1) - 1;
      if (left > 0) this.perKey.set(keyDigest, left);
      else this.perKey.delete(keyDigest);
      this.options.logger.debug(`Stream: ${environment} ${keyHash} disconnected`);
    });
    this.options.logger.debug(`Stream: ${environment} ${keyHash} connected`);
    const environmentData = this.repository.environment(environment);
    if (environmentData) ws.send(environmentData.snapshot().putFrame, SEND_TEXT);
  }

  private broadcast(change: DataChange): void {
    const connections = this.byEnvironment.get(change.environment);
    if (!connections || connections.size === 0) return;
    const message = change.item
      ? { type: 'patch', kind: change.kind, data: change.item }
      : { type: 'delete', kind: change.kind, key: change.key, version: change.version };
    const frame = textFrame(Buffer.from(JSON.stringify(message)));
    for (const connection of connections) {
      if (connection.ws.readyState !== WebSocket.OPEN || this.dropIfSlow(connection)) continue;
      // `ws` writes each of its frames (put, ping, close) to this socket synchronously and in one
      // piece (no compression, no queue), so a whole frame written here never splits one of its.
      connection.socket.write(frame);
    }
  }

  /** Closes the connections of an environment whose SDK key was disabled or removed, or whose environment is gone (code 1008; they reconnect and get 401/403). */
  private dropRevoked(environment: string): void {
    for (const connection of this.byEnvironment.get(environment) ?? []) {
      const resolved = this.repository.resolveSdkKeyDigest(connection.keyDigest);
      if (resolved && !resolved.disabled && resolved.environment.key === environment) continue;
      this.options.logger.info(`Stream: ${environment} ${connection.keyHash}: the SDK key was revoked; closed`);
      connection.ws.close(1008, 'SDK key revoked');
    }
  }

  private heartbeat(): void {
    for (const connections of this.byEnvironment.values()) {
      for (const connection of connections) {
        if (connection.ws.readyState !== WebSocket.OPEN || this.dropIfSlow(connection)) continue;
        if (!connection.alive) {
          this.options.logger.info(`Stream: ${connection.environment} ${connection.keyHash} missed a heartbeat; dropped`);
          connection.ws.terminate();
          continue;
        }
        connection.alive = false;
        connection.ws.ping();
      }
    }
  }

  private dropIfSlow(connection: Connection): boolean {
    const buffered = connection.ws.bufferedAmount;
    if (buffered <= this.options.maxBufferedBytes) return false;
    this.options.logger.warn(
      `Stream: ${connection.environment} ${connection.keyHash} is too slow (${buffered} bytes unsent); dropped, it will resync`,
    );
    connection.ws.terminate();
    return true;
  }

  private closeOne(ws: WebSocket): Promise<void> {
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => ws.terminate(), this.options.closeGraceMs);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1001, 'server shutting down');
    });
  }
}

function refuse(socket: Duplex, status: number, text: string, retryAfterSeconds?: number): void {
  const retryAfter = retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${retryAfter}Content-Length: 0\r\n\r\n`);
}
