import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Observable } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import type { DataSource, DataSourceEvent } from '../lib/data-sources/data-source';
import type { BenchModule } from './bench-module';

type PublicApi = typeof import('../lib/index');
type StreamEventsModule = typeof import('../lib/data-sources/stream-events');

/** Flag counts measured by default. */
const DEFAULT_SIZES = [10_000, 100_000];

/**
 * `npm run bench -- large-put [--flags 10000,100000] [--rounds 2] [--dist | --build DIR]`: how
 * long the event loop stands still while a client takes in one very large `put`.
 *
 * A loopback WebSocket server sends each connecting client one `put` frame, built as the flag
 * server sends it (`{"type":"put","data":{…}}`, flags with a target list, one rule and a 50/50
 * rollout, about 510 bytes each). Two ways of taking it in are measured in the same run,
 * alternating (`--rounds` times each, the median reported):
 * - **one piece** (what the streaming data source did before, and still does for small frames):
 *   a data source that receives the frame with `ws` and turns its text into events with
 *   `streamEvents` (`JSON.parse` and the schema check of the whole frame, synchronously);
 * - **streaming source**: the SDK's own `streamingDataSource` (`createClient({ streamUri })`),
 *   which decodes a frame of 512 KiB or more in slices of about 5 ms (`StreamFrameDecoder`).
 * In both, the client then prepares the data in slices (`FlagStore.beginInit`). Meanwhile a chain
 * of `setImmediate` callbacks records the time between consecutive turns of the event loop: the
 * largest gap is the longest stall a timer, a socket or a request of the application would have
 * waited. Reported per size and way: the largest stall, the number of stalls over 50 ms, the time
 * from connecting until the client is initialized, and the ratio of the largest stalls.
 * `--build DIR` loads flagstream from another compiled tree (e.g. an older build, to compare).
 */
export const largePutBench: BenchModule = {
  name: 'large-put',
  description: 'largest event-loop stall while a client takes in a put of 10,000 / 100,000 flags over a WebSocket: whole-frame decode vs the streaming source (--flags N,M, --rounds N, --dist, --build DIR)',
  run,
};

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: { flags: { type: 'string' }, rounds: { type: 'string' }, dist: { type: 'boolean' }, build: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const sizes = typeof values.flags === 'string' ? values.flags.split(',').map((n) => Number(n.replace(/_/g, ''))) : DEFAULT_SIZES;
  const rounds = typeof values.rounds === 'string' ? Number(values.rounds) : 2;
  const base = typeof values.build === 'string' ? resolve(values.build) : join(__dirname, '..', values.dist === true ? 'dist' : 'lib');
  const api = require(join(base, 'index')) as PublicApi;
  const { streamEvents } = require(join(base, 'data-sources', 'stream-events')) as StreamEventsModule;
  console.log(`large put: flagstream from ${base}; Node ${process.version}; one client at a time over a loopback WebSocket; ${rounds} round(s) per size and way, alternating, medians`);
  const ways: Way[] = [
    { name: 'one piece (before)', dataSource: (url) => onePieceSource(url, streamEvents) },
    { name: 'streaming source', dataSource: (url) => api.streamingDataSource({ streamUri: url.replace(/^ws/, 'http') }) },
  ];
  const warmup = putFrame(2_000);
  for (const way of ways) await measure(api, way, warmup); // compiles the code paths
  console.log(row(['flags', 'frame MB', 'way', 'largest stall ms', 'stalls > 50 ms', 'to initialized ms', 'stall ratio']));
  for (const size of sizes) {
    const frame = putFrame(size);
    const results: PutResult[][] = ways.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (let w = 0; w < ways.length; w++) results[w].push(await measure(api, ways[w], frame));
    }
    const medians = results.map((list) => ({
      maxStallMs: median(list.map((r) => r.maxStallMs)),
      longStalls: median(list.map((r) => r.longStalls)),
      totalMs: median(list.map((r) => r.totalMs)),
    }));
    medians.forEach((result, w) => {
      console.log(
        row([
          size.toLocaleString('en-US'),
          (Buffer.byteLength(frame) / 1e6).toFixed(1),
          ways[w].name,
          result.maxStallMs.toFixed(0),
          String(result.longStalls),
          result.totalMs.toFixed(0),
          w === 0 ? '' : `${(medians[0].maxStallMs / result.maxStallMs).toFixed(1)}× shorter`,
        ]),
      );
    });
  }
  return true;
}

interface Way {
  readonly name: string;
  dataSource(url: string): DataSource;
}

interface PutResult {
  maxStallMs: number;
  longStalls: number;
  totalMs: number;
}

/** A data source that takes each frame in one piece: `streamEvents` of the whole text, as the streaming source did before. */
function onePieceSource(url: string, streamEvents: StreamEventsModule['streamEvents']): DataSource {
  return {
    connect: () =>
      new Observable<DataSourceEvent>((subscriber) => {
        const ws = new WebSocket(`${url}/sdk/stream`, { maxPayload: 64 * 1024 * 1024 });
        ws.on('message', (data) => {
          for (const event of streamEvents(String(data))) subscriber.next(event);
        });
        ws.on('error', (error) => subscriber.error(error));
        return () => ws.terminate();
      }),
  };
}

async function measure(api: PublicApi, way: Way, frame: string): Promise<PutResult> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((listening) => server.once('listening', listening));
  server.on('connection', (ws) => ws.send(frame));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  global.gc?.();
  const start = performance.now();
  let last = start;
  let maxStallMs = 0;
  let longStalls = 0;
  let ticking = true;
  const tick = (): void => {
    const now = performance.now();
    const gap = now - last;
    if (gap > maxStallMs) maxStallMs = gap;
    if (gap > 50) longStalls++;
    last = now;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const client = api.createClient({ sdkKey: 'sdk-bench-large-put', dataSource: way.dataSource(url), sendEvents: false, logger: api.silentLogger });
  try {
    await client.waitForInitialization({ timeout: 600_000 });
    const totalMs = performance.now() - start;
    ticking = false;
    await new Promise((done) => setImmediate(done));
    return { maxStallMs, longStalls, totalMs };
  } finally {
    ticking = false;
    await client.close();
    for (const ws of server.clients) ws.terminate();
    await new Promise((closed) => server.close(closed));
  }
}

/** The stream frame of a data set of `size` flags (no segments). */
function putFrame(size: number): string {
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    const key = `flag-${i}`;
    flags[key] = {
      key,
      version: 1,
      on: true,
      salt: `salt-${i}`,
      variations: [true, false],
      offVariation: 1,
      targets: [{ values: [`user-${i}`, `user-${i + 1}`], variation: 0 }],
      rules: [{ id: `rule-${i}`, clauses: [{ contextKind: 'user', attribute: 'country', op: 'in', values: ['US', 'CA'], negate: false }], variation: 0, trackEvents: false }],
      fallthrough: { rollout: { contextKind: 'user', variations: [{ variation: 0, weight: 50000 }, { variation: 1, weight: 50000 }] } },
      trackEvents: false,
      deleted: false,
    };
  }
  return JSON.stringify({ type: 'put', data: { flags, segments: {} } });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(10) : i === 2 ? `  ${cell.padEnd(20)}` : cell.padStart(18))).join('');
}
