import { WebSocket } from 'ws';

/** A test WebSocket client of `/sdk/stream` that queues every frame it receives (parsed JSON). */
export interface StreamClient {
  readonly ws: WebSocket;
  /** The next frame (waits for it), failing after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the close code once the connection is closed. */
  closed(): Promise<number>;
}

/** Opens a stream connection with `sdkKey`; resolves once it is open. */
export function openStream(baseUrl: string, sdkKey: string): Promise<StreamClient> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sdk/stream`, { headers: { Authorization: sdkKey }, perMessageDeflate: false });
  const frames: Record<string, unknown>[] = [];
  const waiting: ((frame: Record<string, unknown>) => void)[] = [];
  let closeCode: number | undefined;
  const closeWaiters: ((code: number) => void)[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  ws.on('close', (code) => {
    closeCode = code;
    for (const waiter of closeWaiters.splice(0)) waiter(code);
  });
  const client: StreamClient = {
    ws,
    next(timeoutMs = 2000) {
      const ready = frames.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no stream frame within ${timeoutMs} ms`)), timeoutMs);
        waiting.push((frame) => {
          clearTimeout(timer);
          resolve(frame);
        });
      });
    },
    closed() {
      if (closeCode !== undefined) return Promise.resolve(closeCode);
      return new Promise((resolve) => closeWaiters.push(resolve));
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

/** Tries to open a stream connection that should be refused; resolves with the HTTP status. */
export function refusedStreamStatus(baseUrl: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sdk/stream`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk));
      res.on('end', () => {
        ws.terminate();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the stream connection was accepted'));
    });
    ws.once('error', () => undefined);
  });
}
