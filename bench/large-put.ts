import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Observable } from 'rxjs';
import type { DataSource, DataSourceEvent } from '../lib/data-sources/data-source';
import type { BenchModule } from './bench-module';

type PublicApi = typeof import('../lib/index');
type StreamEventsModule = typeof import('../lib/data-sources/stream-events');

/** Flag counts measured by default. */
const DEFAULT_SIZES = [10_000, 100_000];

/**
 * `npm run bench -- large-put [--flags 10000,100000] [--dist | --build DIR]`: how long the
 * event loop stands still while a client takes in one very large `put`.
 *
 * The frame is built as the flag server sends it (`{"type":"put","data":{…}}`, flags with a
 * target list, one rule and a 50/50 rollout, about 400 bytes each). A client is created with a
 * data source that, like the streaming source, turns the frame's text into events
 * (`streamEvents`: `JSON.parse` and the schema check, one synchronous piece) and hands them to
 * the client. Meanwhile a chain of `setImmediate` callbacks records the time between
 * consecutive turns of the event loop: the largest gap is the longest stall a timer, a socket or
 * a request of the application would have waited. Reported per size: the frame's size, the time
 * of `streamEvents` alone, the largest stall, and the time until the client is initialized.
 * `--build DIR` loads flagstream from another compiled tree (e.g. an older build, to compare).
 */
export const largePutBench: BenchModule = {
  name: 'large-put',
  description: 'largest event-loop stall while a client takes in a put of 10,000 / 100,000 flags (--flags N,M, --dist, --build DIR)',
  run,
};

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: { flags: { type: 'string' }, dist: { type: 'boolean' }, build: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const sizes = typeof values.flags === 'string' ? values.flags.split(',').map((n) => Number(n.replace(/_/g, ''))) : DEFAULT_SIZES;
  const base = typeof values.build === 'string' ? resolve(values.build) : join(__dirname, '..', values.dist === true ? 'dist' : 'lib');
  const api = require(join(base, 'index')) as PublicApi;
  const { streamEvents } = require(join(base, 'data-sources', 'stream-events')) as StreamEventsModule;
  console.log(`large put: flagstream from ${base}; Node ${process.version}; one client, one put per size, measured once after one smaller warm-up put`);
  await measure(api, streamEvents, 2_000); // warm-up: compiles the code paths
  console.log(row(['flags', 'frame MB', 'parse+decode ms', 'largest stall ms', 'stalls > 50 ms', 'to initialized ms']));
  for (const size of sizes) {
    const result = await measure(api, streamEvents, size);
    console.log(
      row([
        size.toLocaleString('en-US'),
        (result.bytes / 1e6).toFixed(1),
        result.decodeMs.toFixed(0),
        result.maxStallMs.toFixed(0),
        String(result.longStalls),
        result.totalMs.toFixed(0),
      ]),
    );
  }
  return true;
}

interface PutResult {
  bytes: number;
  decodeMs: number;
  maxStallMs: number;
  longStalls: number;
  totalMs: number;
}

async function measure(api: PublicApi, streamEvents: StreamEventsModule['streamEvents'], size: number): Promise<PutResult> {
  const text = putFrame(size);
  let decodeMs = 0;
  const dataSource: DataSource = {
    connect: () =>
      new Observable<DataSourceEvent>((subscriber) => {
        const timer = setImmediate(() => {
          const start = performance.now();
          const events = streamEvents(text);
          decodeMs = performance.now() - start;
          for (const event of events) subscriber.next(event);
        });
        return () => clearImmediate(timer);
      }),
  };
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
  const client = api.createClient({ dataSource, sendEvents: false, logger: api.silentLogger });
  await client.waitForInitialization({ timeout: 600_000 });
  const totalMs = performance.now() - start;
  ticking = false;
  await new Promise((done) => setImmediate(done));
  await client.close();
  return { bytes: Buffer.byteLength(text), decodeMs, maxStallMs, longStalls, totalMs };
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

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(10) : cell.padStart(18))).join('');
}
