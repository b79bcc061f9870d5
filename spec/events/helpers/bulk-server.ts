import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** The SDK key the specs use. */
export const SDK_KEY = 'sdk-events-spec-secret';

/** One request the server received. */
export interface ReceivedPost {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as sent (maybe gzipped). */
  readonly raw: Buffer;
  /** The body decoded (gunzipped when `Content-Encoding: gzip`) and parsed. */
  readonly events: Array<Record<string, unknown>>;
  /** The status answered. */
  readonly status: number;
}

/**
 * A real events endpoint on 127.0.0.1 (ephemeral port) recording every request. Statuses are
 * answered from {@link statuses} in order (then 202); {@link hold} delays answers.
 */
export class BulkServer {
  readonly posts: ReceivedPost[] = [];
  /** Statuses to answer next, consumed one per request; then 202. */
  statuses: number[] = [];
  /** When set, answers wait for this promise. */
  hold: Promise<void> | undefined;
  /** A `Date` header to send, when set. */
  dateHeader: string | undefined;
  /** Requests being answered now, and the most there ever were at once. */
  active = 0;
  maxActive = 0;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>` */
    readonly uri: string,
  ) {}

  /** Starts on `port` (default: an ephemeral one), e.g. the port of a server stopped earlier. */
  static async start(port = 0): Promise<BulkServer> {
    let self: BulkServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void self!.answer(req.method ?? '', req.url ?? '', req.headers, Buffer.concat(chunks), (status) => {
          const headers: Record<string, string> = {};
          if (self!.dateHeader) headers.Date = self!.dateHeader;
          res.writeHead(status, headers).end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const bound = (server.address() as AddressInfo).port;
    self = new BulkServer(server, `http://127.0.0.1:${bound}`);
    return self;
  }

  /** Every event received, in order, across all posts answered 2xx. */
  get accepted(): Array<Record<string, unknown>> {
    return this.posts.filter((p) => p.status < 300).flatMap((p) => p.events);
  }

  /** Resolves once `count` requests have been received. */
  async waitForPosts(count: number, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.posts.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} posts, got ${this.posts.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 20);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(method: string, url: string, headers: IncomingHttpHeaders, raw: Buffer, respond: (status: number) => void): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    if (this.hold) await this.hold;
    this.active--;
    const status = this.statuses.length > 0 ? this.statuses.shift()! : 202;
    const text = headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    this.posts.push({ method, url, headers, raw, events: text ? (JSON.parse(text) as Array<Record<string, unknown>>) : [], status });
    respond(status);
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
