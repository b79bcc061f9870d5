import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventEmitter } from 'node:events';
import { createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Condition } from './wait-until';

/** One HTTP response a server on the watched port sent. */
export interface ObservedResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The request's `If-None-Match` header, if any. */
  readonly ifNoneMatch: string | undefined;
}

/**
 * Watches the server side of one TCP port in this process, whatever server listens on it (and
 * across restarts), through Node's `diagnostics_channel` (`net.server.socket`,
 * `http.server.response.finish`) and an extra, observe-only `upgrade` listener on the listening
 * server: counts TCP connections and WebSocket upgrade requests, tracks the upgraded (stream)
 * sockets (open now, most open at once), records HTTP responses, and can cut every stream
 * socket from the server side. The code under test is not changed or wrapped.
 */
export class PortWatch {
  /** TCP connections accepted on the port (stream and plain HTTP). */
  tcpAccepted = 0;
  /** WebSocket upgrade requests received (accepted and refused). */
  upgrades = 0;
  /** Upgraded sockets open now. */
  streamsOpen = 0;
  /** The most upgraded sockets open at the same time. */
  maxStreamsOpen = 0;
  /** HTTP responses sent on the port (upgrades are not HTTP responses). */
  readonly responses: ObservedResponse[] = [];
  /** Notified on every connection, upgrade, close and response. */
  readonly changed = new Condition();

  private readonly streamSockets = new Set<Duplex>();
  private readonly watchedServers = new WeakSet<EventEmitter>();
  private readonly onUpgrade = (_request: IncomingMessage, socket: Duplex): void => {
    this.upgrades++;
    this.streamsOpen++;
    this.maxStreamsOpen = Math.max(this.maxStreamsOpen, this.streamsOpen);
    this.streamSockets.add(socket);
    socket.once('close', () => {
      this.streamsOpen--;
      this.streamSockets.delete(socket);
      this.changed.notify();
    });
    this.changed.notify();
  };
  private readonly onSocket = (message: unknown): void => {
    const { socket } = message as { socket: Socket & { server?: EventEmitter } };
    if (socket.localPort !== this.port) return;
    this.tcpAccepted++;
    // Node sets `socket.server` on accepted sockets: listen to that server's upgrades too.
    const server = socket.server;
    if (server && !this.watchedServers.has(server)) {
      this.watchedServers.add(server);
      server.on('upgrade', this.onUpgrade);
    }
    this.changed.notify();
  };
  private readonly onResponse = (message: unknown): void => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (request.socket.localPort !== this.port) return;
    const header = request.headers['if-none-match'];
    this.responses.push({
      method: request.method ?? '',
      path: new URL(request.url ?? '/', 'http://localhost').pathname,
      status: response.statusCode,
      ifNoneMatch: Array.isArray(header) ? header.join(', ') : header,
    });
    this.changed.notify();
  };

  constructor(readonly port: number) {
    diagnostics.subscribe('net.server.socket', this.onSocket);
    diagnostics.subscribe('http.server.response.finish', this.onResponse);
  }

  /** Destroys every open stream socket from the server side (no close frame: a cut). Returns how many. */
  cutStreams(): number {
    const count = this.streamSockets.size;
    for (const socket of this.streamSockets) socket.destroy();
    return count;
  }

  /** Stops watching (the servers' upgrade listeners go with the servers). */
  dispose(): void {
    diagnostics.unsubscribe('net.server.socket', this.onSocket);
    diagnostics.unsubscribe('http.server.response.finish', this.onResponse);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
