import * as E from 'fp-ts/Either';
import { WebSocket } from 'ws';
import type { Logger } from '../../logging/logger';
import { decodeStreamMessage, type StreamMessage } from '../../model/stream-message';
import { shortKeyHash } from '../sdk-key-hash';

/** Options of {@link UpstreamStream}. */
export interface UpstreamStreamOptions {
  /** The upstream flag server, e.g. `https://flags.example.com`. */
  readonly upstream: string;
  readonly sdkKey: string;
  readonly logger: Logger;
  /** Called for each decoded frame (`put` after every (re)connect, then `patch`/`delete`). */
  readonly onMessage: (message: StreamMessage) => void;
  /** Called when the connection is lost (the data in hand stays in force). */
  readonly onLost?: () => void;
  /** First reconnect delay, ms, doubling up to 10 s. Default 250. */
  readonly retryMs?: number;
  /** Silence after which the connection is considered dead, ms (the upstream pings every 15 s). Default 40,000. */
  readonly readTimeoutMs?: number;
}

/**
 * One SDK key's stream from an upstream flagstream server (`GET /sdk/stream`), reconnecting
 * with backoff after any failure except 401/403 (the key was refused: it stops, and says so).
 * Frames that do not decode are logged and skipped; the connection stays.
 */
export class UpstreamStream {
  private ws: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private silence: NodeJS.Timeout | undefined;
  private delay: number;
  private closed = false;
  private readonly keyHash: string;

  constructor(private readonly options: UpstreamStreamOptions) {
    this.delay = options.retryMs ?? 250;
    this.keyHash = shortKeyHash(options.sdkKey);
  }

  /** Connects (and keeps reconnecting until {@link close}). */
  start(): void {
    this.connect();
  }

  /** Stops for good. Idempotent. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.silence);
    this.ws?.terminate();
  }

  private connect(): void {
    if (this.closed) return;
    const url = `${this.options.upstream.replace(/\/+$/, '').replace(/^http/, 'ws')}/sdk/stream`;
    const ws = new WebSocket(url, { headers: { Authorization: this.options.sdkKey }, perMessageDeflate: false, handshakeTimeout: 10_000 });
    this.ws = ws;
    let stopped = false;
    const alive = () => {
      clearTimeout(this.silence);
      this.silence = setTimeout(() => ws.terminate(), this.options.readTimeoutMs ?? 40_000);
      this.silence.unref();
    };
    ws.on('open', () => {
      this.delay = this.options.retryMs ?? 250;
      alive();
    });
    ws.on('ping', alive);
    ws.on('message', (data) => {
      alive();
      const decoded = decodeStreamMessage(String(data));
      if (E.isLeft(decoded)) {
        this.options.logger.warn(`Relay ${this.keyHash}: skipped a frame from upstream: ${decoded.left.message}`);
        return;
      }
      if (decoded.right) this.options.onMessage(decoded.right);
    });
    ws.on('unexpected-response', (_req, res) => {
      if (res.statusCode === 401 || res.statusCode === 403) {
        stopped = true;
        this.options.logger.error(`Relay ${this.keyHash}: the upstream refused the SDK key (${res.statusCode}); not retrying`);
      } else {
        this.options.logger.warn(`Relay ${this.keyHash}: the upstream answered ${res.statusCode}`);
      }
      ws.terminate();
    });
    ws.on('error', (error) => this.options.logger.debug(`Relay ${this.keyHash}: ${error.message}`));
    ws.on('close', () => {
      clearTimeout(this.silence);
      if (this.closed || this.ws !== ws) return;
      this.options.onLost?.();
      if (stopped) return;
      this.options.logger.warn(`Relay ${this.keyHash}: lost the upstream stream; serving the last data, reconnecting in ${this.delay} ms`);
      this.timer = setTimeout(() => this.connect(), this.delay);
      this.timer.unref();
      this.delay = Math.min(this.delay * 2, 10_000);
    });
  }
}
