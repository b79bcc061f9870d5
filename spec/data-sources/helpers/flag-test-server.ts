import { createHash } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/** The SDK key the test server accepts. */
export const SDK_KEY = 'sdk-test-key-1f2e3d';

/** A tiny flag server on 127.0.0.1 whose behaviour each spec controls. */
export class FlagTestServer {
  /** Upgrade requests to /sdk/stream received (refused ones included). */
  upgrades = 0;
  /** When each upgrade request arrived (`performance.now()`), in order. */
  readonly upgradeTimes: number[] = [];
  /** WebSocket connections accepted. */
  connections = 0;
  /** Connections open right now, and the most ever open at once. */
  open = 0;
  maxOpen = 0;
  /** TCP connections open right now (any stage: handshake, refused, raw), and the most at once. */
  tcpOpen = 0;
  maxTcpOpen = 0;
  /** Polls received. */
  polls = 0;
  /** Headers of the last stream upgrade and the last poll. */
  lastUpgradeHeaders: http.IncomingHttpHeaders = {};
  lastPollHeaders: http.IncomingHttpHeaders = {};
  /** Answer stream upgrades with this HTTP status instead of accepting them. */
  refuseWith: number | undefined;
  /** Called for every accepted connection (default: send a put of `data`). */
  onConnection: (ws: WebSocket, n: number) => void = (ws) => this.sendPut(ws);
  /** Handles an upgrade before the defaults (return true when handled). */
  onUpgrade: ((request: http.IncomingMessage, socket: Duplex) => boolean) | undefined;
  /** Handles a poll (default: `data` as JSON with an ETag, 304 when it matches). */
  onPoll: ((request: http.IncomingMessage, response: http.ServerResponse, n: number) => void) | undefined;
  /** The data set served by default. */
  data: { flags: Record<string, unknown>; segments: Record<string, unknown> } = { flags: { f: flag('f', 1) }, segments: {} };
  /** Every accepted socket, newest last. */
  readonly sockets: WebSocket[] = [];

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly raw = new Set<Duplex>();
  private listeners: Array<() => void> = [];

  private constructor(private readonly server: http.Server, readonly port: number) {}

  /** Starts a server on 127.0.0.1 (`port` 0: any free port). */
  static async start(port = 0): Promise<FlagTestServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const test = new FlagTestServer(server, address.port);
    server.on('request', (req, res) => test.handleRequest(req, res));
    server.on('upgrade', (req, socket: Duplex, head: Buffer) => test.handleUpgrade(req, socket, head));
    server.on('connection', (socket) => {
      test.raw.add(socket);
      test.tcpOpen++;
      test.maxTcpOpen = Math.max(test.maxTcpOpen, test.tcpOpen);
      socket.on('close', () => {
        test.tcpOpen--;
        test.raw.delete(socket);
      });
    });
    return test;
  }

  /** `http://127.0.0.1:<port>`. */
  get baseUri(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Sends a frame (JSON-encoded unless already a string) to a socket. */
  send(ws: WebSocket, frame: unknown): void {
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a `put` of `data`. */
  sendPut(ws: WebSocket): void {
    this.send(ws, { type: 'put', data: this.data });
  }

  /** Resolves once `predicate` holds (checked every 5 ms), rejects after `timeout` ms. */
  async until(predicate: () => boolean, timeout = 3000, what = 'condition'): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Registers something to run on stop (timers, extra servers). */
  onStop(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Closes every connection and the listening socket. */
  async stop(): Promise<void> {
    for (const listener of this.listeners) listener();
    this.listeners = [];
    for (const ws of this.wss.clients) ws.terminate();
    for (const socket of this.raw) socket.destroy();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    this.upgrades++;
    this.upgradeTimes.push(performance.now());
    this.lastUpgradeHeaders = request.headers;
    socket.on('error', () => {});
    if (this.onUpgrade?.(request, socket)) return;
    if (request.url !== '/sdk/stream') return refuse(socket, 404);
    if (request.headers.authorization !== SDK_KEY) return refuse(socket, 401);
    if (this.refuseWith !== undefined) return refuse(socket, this.refuseWith);
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.connections++;
      this.open++;
      this.maxOpen = Math.max(this.maxOpen, this.open);
      this.sockets.push(ws);
      ws.on('error', () => {});
      ws.on('close', () => this.open--);
      this.onConnection(ws, this.connections);
    });
  }

  private handleRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (request.url !== '/sdk/latest-all') {
      response.writeHead(404).end();
      return;
    }
    this.polls++;
    this.lastPollHeaders = request.headers;
    if (request.headers.authorization !== SDK_KEY) {
      response.writeHead(401).end();
      return;
    }
    if (this.onPoll) return this.onPoll(request, response, this.polls);
    const body = JSON.stringify(this.data);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag }).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(body);
  }
}

/** A minimal valid flag. */
export function flag(key: string, version: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { key, version, on: true, variations: [true, false], fallthrough: { variation: 0 }, offVariation: 1, salt: key, ...extra };
}

/** Answers an upgrade request with a plain HTTP status and closes the socket. */
export function refuse(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

/**
 * Completes the WebSocket handshake by hand, sends `frames` whole, then writes only the first
 * half of a text frame carrying `cut` and destroys the socket: a connection cut in the middle of
 * a message.
 */
export function cutMidMessage(request: http.IncomingMessage, socket: Duplex, frames: readonly string[], cut: string): void {
  const key = String(request.headers['sec-websocket-key']);
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  for (const frame of frames) socket.write(textFrame(Buffer.from(frame, 'utf8')));
  const partial = textFrame(Buffer.from(cut, 'utf8'));
  socket.write(partial.subarray(0, partial.length - Math.ceil(cut.length / 2)), () => socket.destroy());
}

function textFrame(payload: Buffer): Buffer {
  if (payload.length >= 65536) throw new Error('frame too long for this helper');
  const header = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}
