/**
 * `npm run bench -- propagation [--clients 1,100,1000] [--flips 20] [--pause 100] [--quick] [--same-process] [--dist]`:
 * how long a flag change made through the admin API takes to reach N SDK clients.
 *
 * For each N, N real clients (`createClient`, default streaming data source, events off) connect
 * to one real flag server (`createFlagServer`, data file in a temp dir, admin token) and each
 * subscribes with `variation$` to one boolean flag for its own context. The flag is then flipped
 * through the admin API (`PATCH … {"instructions":[{"kind":"turnFlagOff"}]}`, then `turnFlagOn`,
 * alternately): 2 untimed warm-up flips, then `--flips` timed ones (20; 5 with `--quick`), one
 * at a time with `--pause` ms (100) after every client got a flip. A sample is the time from just
 * before the API call to one client's `variation$` emission, so it covers the HTTP request,
 * validation, the atomic write of the data file, the broadcast, the frame on the wire, decoding,
 * the store update and the evaluation. Reported per N: p50, p99 and max over every sample, and
 * the medians over flips of the time until the first and until the last client had it, and the
 * CPU time of the clients' process per client per change (`process.cpuUsage()` over the timed
 * flips, divided by flips × N; with the server in its child process this is what one client
 * spends on one change: frame, decode, store update, dependency walk, re-evaluation). The API
 * call is a plain `node:http` request on a kept-alive connection (its response arrives while the
 * clients are busy with the frames; `fetch` would spend about a millisecond of their time).
 * `--dist` runs clients and server from the compiled `dist/` (`npm run build` first), the code an
 * application runs, instead of `lib/` through tsx (getters per binding, `__name` per closure).
 *
 * The server runs in a child process (started from this file with `--expose-gc`) by default:
 * 1. on this 2-core machine the server and the N clients then use a core each, as they would on
 *    separate machines, instead of queueing on one event loop (`--same-process` shows that case);
 * 2. its memory can be measured alone: heap and RSS after two full GCs, before the clients
 *    connect and once they are all initialized; the difference divided by N is the server memory
 *    per (idle) connection, shown for N ≥ 100 (below that, one-off allocations swamp it).
 *    Measured in-process it would include the clients, so it is omitted with `--same-process`.
 * Every client and the server are closed at the end and the process exits by itself.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Subscription } from 'rxjs';
import type { FlagstreamClient } from '../lib/client/flagstream-client';
import type { BenchModule } from './bench-module';
import { type FlagstreamSource, loadFlagstreamModules } from './flagstream-modules';
import { median } from './timing';

const FLAG = 'bench-flag';
const ENVIRONMENT = 'bench';
const WARMUP_FLIPS = 2;
/** Most time every client may take to get one flip before the run is declared failed. */
const FLIP_TIMEOUT = 15_000;

/** Server memory after full GCs (bytes) and its open stream connections. */
type ServerMemory = { readonly heapUsed: number; readonly rss: number; readonly connections: number };

/** A running flag server, wherever it runs. */
interface ServerHandle {
  readonly url: string;
  readonly sdkKey: string;
  readonly adminToken: string;
  /** Undefined when it cannot be measured alone (same process). */
  memory(): Promise<ServerMemory | undefined>;
  close(): Promise<void>;
}

/** What the server child and the benchmark say to each other over IPC. */
type ChildMessage = { type: 'listening'; url: string } | ({ type: 'memory' } & ServerMemory);

/** Starts a flag server with one environment holding the benchmark flag; resolves once it listens. */
async function startServer(source: FlagstreamSource, sdkKey: string, adminToken: string): Promise<{ url: string; close(): Promise<void>; connections(): number }> {
  const { createFlagServer } = require(path.join(__dirname, '..', source, 'server/flag-server')) as typeof import('../lib/server/flag-server');
  const dir = mkdtempSync(path.join(tmpdir(), 'flagstream-bench-'));
  const flags = { [FLAG]: { key: FLAG, version: 1, on: true, salt: FLAG, variations: [true, false], fallthrough: { variation: 0 }, offVariation: 1 } };
  const environments = { [ENVIRONMENT]: { sdkKeys: [sdkKey], flags } };
  const server = createFlagServer({ port: 0, host: '127.0.0.1', database: path.join(dir, 'data.db'), adminToken, environments });
  await server.listen();
  return {
    url: server.url,
    connections: () => server.connectionCount(),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The child-process side: serve, answer memory requests, close on disconnect. */
async function serveChild(source: FlagstreamSource, sdkKey: string, adminToken: string): Promise<void> {
  const server = await startServer(source, sdkKey, adminToken);
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'memory') return;
    gc?.(), gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send!({ type: 'memory', heapUsed, rss, connections: server.connections() } satisfies ChildMessage);
  });
  process.once('disconnect', () => void server.close());
  process.send!({ type: 'listening', url: server.url } satisfies ChildMessage);
}

/** Forks this file as the server (see the module comment). */
async function childServer(source: FlagstreamSource, sdkKey: string, adminToken: string): Promise<ServerHandle> {
  const child: ChildProcess = fork(__filename, ['--serve-propagation'], {
    execArgv: ['--expose-gc', '--require', 'tsx/cjs'],
    env: { ...process.env, BENCH_SDK_KEY: sdkKey, BENCH_ADMIN_TOKEN: adminToken, BENCH_SOURCE: source },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: ChildMessage): void => {
        if (message.type !== type) return;
        child.off('message', onMessage).off('exit', onExit);
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null): void => reject(new Error(`the server process exited (${code})`));
      child.on('message', onMessage).once('exit', onExit);
    });
  const { url } = await next('listening');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const memory = (): Promise<ServerMemory> => (child.send({ type: 'memory' }), next('memory'));
  return { url, sdkKey, adminToken, memory, close: () => (child.connected && child.disconnect(), exited) };
}

/** The server in this process (`--same-process`). */
async function localServer(source: FlagstreamSource, sdkKey: string, adminToken: string): Promise<ServerHandle> {
  const server = await startServer(source, sdkKey, adminToken);
  return { url: server.url, sdkKey, adminToken, memory: () => Promise.resolve(undefined), close: () => server.close() };
}

/** What the clients are made with, from `lib/` or `dist/`. */
type FlagstreamApi = Pick<ReturnType<typeof loadFlagstreamModules>['api'], 'createClient' | 'silentLogger'>;

/** N clients watching the flag; `flip` resolves with one latency per client. */
class ClientFleet {
  private readonly clients: FlagstreamClient[] = [];
  /** One kept-alive connection for the admin API calls. */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly subscriptions: Subscription[] = [];
  private expected: boolean | undefined;
  private startedAt = 0;
  private samples: number[] = [];
  private done: (() => void) | undefined;

  constructor(private readonly server: ServerHandle, readonly size: number, { createClient, silentLogger }: FlagstreamApi) {
    for (let i = 0; i < size; i++) this.clients.push(createClient({ sdkKey: server.sdkKey, baseUri: server.url, sendEvents: false, logger: silentLogger }));
  }

  async ready(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.waitForInitialization({ timeout: 60_000 })));
    this.clients.forEach((client, i) => this.subscriptions.push(client.variation$(FLAG, { kind: 'user', key: `user-${i}` }, true).subscribe((value) => this.received(value))));
  }

  /** Flips the flag to `value` through the admin API; resolves with every client's latency (ms). */
  async flip(value: boolean): Promise<number[]> {
    this.expected = value;
    this.samples = [];
    let timer: NodeJS.Timeout | undefined;
    const all = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${this.samples.length}/${this.size} clients got the flip within ${FLIP_TIMEOUT} ms`)), FLIP_TIMEOUT);
      this.done = resolve;
    });
    all.catch(() => undefined); // awaited below, once the API has answered
    try {
      const body = JSON.stringify({ instructions: [{ kind: value ? 'turnFlagOn' : 'turnFlagOff' }] });
      this.startedAt = performance.now();
      const status = await this.patchFlag(body);
      if (status !== 200) throw new Error(`the admin API answered ${status}`);
      await all;
      return this.samples;
    } finally {
      clearTimeout(timer);
      this.expected = undefined;
    }
  }

  /** The flag's current value, as the first client sees it. */
  current = (): boolean => this.clients[0].boolVariation(FLAG, { kind: 'user', key: 'user-0' }, true);

  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.agent.destroy();
    await Promise.all(this.clients.map((client) => client.close()));
  }

  /** `PATCH`es the flag through the admin API; resolves with the status once the response is read. */
  private patchFlag(body: string): Promise<number> {
    const headers = { Authorization: `Bearer ${this.server.adminToken}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    return new Promise((resolve, reject) => {
      request(`${this.server.url}/api/environments/${ENVIRONMENT}/flags/${FLAG}`, { method: 'PATCH', headers, agent: this.agent }, (response) => {
        response.resume().once('end', () => resolve(response.statusCode ?? 0));
      }).once('error', reject).end(body);
    });
  }

  private received(value: boolean): void {
    if (value !== this.expected) return; // the initial value, or a late emission
    this.samples.push(performance.now() - this.startedAt);
    if (this.samples.length === this.size) this.done?.();
  }
}

/** One row of the result table: every latency (ms, sorted), per-flip first and last, memory per connection. */
type Row = { clients: number; sorted: number[]; firstClient: number[]; lastClient: number[]; clientCpuUs: number; perConnection?: { heap: number; rss: number } };

async function measure(server: ServerHandle, api: FlagstreamApi, size: number, flips: number, pause: number): Promise<Row> {
  const before = await server.memory();
  const fleet = new ClientFleet(server, size, api);
  try {
    await fleet.ready();
    const after = await server.memory();
    if (after && after.connections !== size) throw new Error(`${size} clients, but the server has ${after.connections} connections`);
    const samples: number[] = [];
    const firstClient: number[] = [];
    const lastClient: number[] = [];
    let value = !fleet.current();
    let cpuUs = 0;
    for (let i = 0; i < WARMUP_FLIPS + flips; i++) {
      const cpuBefore = process.cpuUsage();
      const latencies = await fleet.flip(value);
      const cpu = process.cpuUsage(cpuBefore);
      value = !value;
      if (i >= WARMUP_FLIPS) {
        cpuUs += cpu.user + cpu.system;
        samples.push(...latencies);
        firstClient.push(Math.min(...latencies));
        lastClient.push(Math.max(...latencies));
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    // Below 100 connections, one-off allocations (the first handshake, JIT) swamp the per-connection figure.
    const measured = before && after && size >= 100;
    const perConnection = measured ? { heap: (after.heapUsed - before.heapUsed) / size, rss: (after.rss - before.rss) / size } : undefined;
    return { clients: size, sorted: samples.sort((a, b) => a - b), firstClient, lastClient, clientCpuUs: cpuUs / (flips * size), perConnection };
  } finally {
    await fleet.close();
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function printTable(rows: readonly Row[]): void {
  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const header = ['clients', 'samples', 'p50', 'p99', 'max', 'first client (median)', 'all clients (median)', 'client CPU/change', 'server heap/conn', 'server RSS/conn'];
  const lines = rows.map(({ clients, sorted, firstClient, lastClient, clientCpuUs, perConnection }) => [
    clients.toLocaleString('en-US'),
    String(sorted.length),
    ...[percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1], median(firstClient), median(lastClient)].map(ms),
    `${clientCpuUs.toFixed(1)} µs`,
    perConnection ? kib(perConnection.heap) : '—',
    perConnection ? kib(perConnection.rss) : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  for (const line of [header, ...lines]) console.log(line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}

/** The `propagation` benchmark. */
export const propagationBench: BenchModule = {
  name: 'propagation',
  description: 'admin API change → variation$ of N streaming clients: p50/p99/max, server memory per connection (--clients 1,100,1000, --flips N, --pause MS, --quick, --same-process, --dist)',
  async run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: { clients: { type: 'string' }, flips: { type: 'string' }, pause: { type: 'string' }, quick: { type: 'boolean' }, 'same-process': { type: 'boolean' }, dist: { type: 'boolean' } },
      strict: false,
      allowPositionals: true,
    });
    const sizes = String(values.clients ?? '1,100,1000').split(',').map((n) => Number(n.replace(/_/g, '')));
    const flips = Number(values.flips ?? (values.quick === true ? 5 : 20));
    const pause = Number(values.pause ?? 100);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(flips) || flips < 1 || !(pause >= 0)) {
      console.error('propagation: --clients takes whole numbers ≥ 1 (e.g. 1,100,1000), --flips a whole number ≥ 1, --pause ms ≥ 0');
      return false;
    }
    const sameProcess = values['same-process'] === true;
    const source: FlagstreamSource = values.dist === true ? 'dist' : 'lib';
    const { api } = loadFlagstreamModules(source); // throws if dist/ is missing
    const sdkKey = `sdk-bench-${randomBytes(8).toString('hex')}`;
    const adminToken = randomBytes(24).toString('hex');
    console.log(`flagstream from ${source}/; server: ${sameProcess ? 'same process' : 'child process'}; ${flips} timed flips per N (+${WARMUP_FLIPS} warm-up), ${pause} ms pause`);
    const server = await (sameProcess ? localServer : childServer)(source, sdkKey, adminToken);
    const rows: Row[] = [];
    try {
      for (const size of sizes) rows.push(await measure(server, api, size, flips, pause));
    } catch (error) {
      console.error(`propagation: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      await server.close();
    }
    printTable(rows);
    const at1000 = rows.find((row) => row.clients === 1000);
    if (at1000) {
      const p99 = percentile(at1000.sorted, 99);
      console.log(`target p99 < 50 ms at 1,000 clients: ${p99 < 50 ? 'met' : 'MISSED'} (${p99.toFixed(1)} ms)`);
    }
    return true;
  },
};

if (require.main === module && process.argv.includes('--serve-propagation')) {
  const source = process.env.BENCH_SOURCE === 'dist' ? 'dist' : 'lib';
  serveChild(source, process.env.BENCH_SDK_KEY ?? '', process.env.BENCH_ADMIN_TOKEN ?? '').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
