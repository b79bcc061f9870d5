import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP proxy on 127.0.0.1 that a test can cut (every connection dropped, new ones refused) and restore. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every open connection; new connections are accepted and closed at once until {@link restore}. */
  cut(): void;
  /**
   * A silent network failure (e.g. the database host died or failed over): the open connections
   * stay open but carry nothing any more, in either direction, for good; new connections are
   * accepted and carry nothing either until {@link restore}.
   */
  blackhole(): void;
  /** New connections work again (connections blackholed stay dead). */
  restore(): void;
  /**
   * Delays what the server sends on the connections whose client's first bytes contain `marker`
   * (e.g. the `application_name` of PostgreSQL's startup message), keeping it in order until
   * {@link release}; what their client sends, and every other connection, go through.
   */
  hold(marker: string): void;
  /** Bytes held back since {@link hold}. */
  readonly heldBytes: number;
  /** Delivers what was held, in order, and stops holding. */
  release(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Carries nothing any more (blackholed). */
  dead: boolean;
  /** The client's first bytes (up to 1 KB), to match {@link TcpProxy.hold}'s marker. */
  opening: string;
  /** The server's bytes held back. */
  held: Buffer[];
}

/** Starts a proxy to `target` (e.g. `{ host: '127.0.0.1', port: 5432 }`). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Pair>();
  let mode: 'up' | 'cut' | 'blackhole' = 'up';
  let holding: string | undefined;
  let heldBytes = 0;
  const server: Server = createServer((client) => {
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, upstream, dead: mode === 'blackhole', opening: '', held: [] };
    open.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (pair.opening.length < 1024) pair.opening += chunk.toString('latin1', 0, 1024);
      if (!pair.dead) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (pair.dead) return;
      if (holding !== undefined && pair.opening.includes(holding)) {
        pair.held.push(chunk);
        heldBytes += chunk.length;
      } else client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const destroyAll = () => {
    for (const pair of open) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    open.clear();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      mode = 'cut';
      destroyAll();
    },
    blackhole() {
      mode = 'blackhole';
      for (const pair of open) pair.dead = true;
    },
    restore() {
      mode = 'up';
    },
    hold(marker) {
      holding = marker;
      heldBytes = 0;
    },
    get heldBytes() {
      return heldBytes;
    },
    release() {
      holding = undefined;
      for (const pair of open) {
        for (const chunk of pair.held.splice(0)) if (!pair.dead) pair.client.write(chunk);
      }
    },
    async close() {
      mode = 'cut';
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.toString();
}
