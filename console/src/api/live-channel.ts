/** One change announced by the server's live stream. */
export interface LiveChange {
  readonly kind: 'flags' | 'segments';
  readonly key: string;
  readonly version: number;
  readonly deleted: boolean;
}

/** What the live channel reports: its state, and each change. */
export interface LiveListener {
  change?(change: LiveChange): void;
  state?(state: LiveState): void;
}

/** `connecting` until the stream answered, `live` while it is open, `retrying` between attempts. */
export type LiveState = 'connecting' | 'live' | 'retrying' | 'closed';

/**
 * Server-sent events of `GET /api/environments/:env/live`, read with `fetch` so that the token
 * goes in `Authorization` (an `EventSource` cannot send it). Reconnects after 1 s, doubling to
 * 30 s; `close()` stops it.
 */
export class LiveChannel {
  private readonly controller = new AbortController();
  private attempt = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly listener: LiveListener,
  ) {
    void this.run();
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
    this.listener.state?.('closed');
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      this.listener.state?.(this.attempt === 0 ? 'connecting' : 'retrying');
      try {
        const response = await fetch(this.url, { headers: { ...this.headers, Accept: 'text/event-stream' }, signal: this.controller.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new Error(`live stream answered ${response.status}`);
        await this.read(response.body);
      } catch {
        // retried below; the state tells the user
      }
      if (this.closed) return;
      this.listener.state?.('retrying');
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(this.attempt, 5));
      this.attempt++;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.dispatch(block);
      }
    }
  }

  private dispatch(block: string): void {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'ready') {
      this.attempt = 0;
      this.listener.state?.('live');
    } else if (event === 'change') {
      try {
        this.listener.change?.(JSON.parse(data) as LiveChange);
      } catch {
        // a malformed event is ignored; the next refetch corrects the view
      }
    }
  }
}
