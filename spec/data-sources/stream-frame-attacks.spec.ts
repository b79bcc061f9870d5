import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import { asyncScheduler } from 'rxjs';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { SLICED_FRAME_CHARS } from '../../lib/data-sources/stream-frame-decoder';
import { streamingDataSource } from '../../lib/data-sources/streaming-data-source';
import { decodeStreamMessage } from '../../lib/model/stream-message';
import { Collector, sleep } from './helpers/collect';
import { type DataSourceFixture, startDataSourceFixture, stopDataSourceFixture } from './helpers/data-source-fixture';
import { describeEvents } from './helpers/describe-events';
import { flag, type FlagTestServer, SDK_KEY } from './helpers/flag-test-server';

const FAST = { readTimeout: 2000, reconnect: { initialDelay: 20, maxDelay: 80, random: () => 0 } };

/**
 * Hostile stream frames, large enough to be decoded in slices, sent over a real loopback
 * WebSocket: the process must not crash, the frame must be reported as INVALID_DATA (or its bad
 * items left out), and the flags of the last good put stay in force.
 */
describe('streamingDataSource under hostile large frames', () => {
  let server: FlagTestServer;
  let collector: Collector<DataSourceEvent> | undefined;
  let logger: DataSourceFixture['logger'];
  let uncaught: unknown[];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeEach(async () => {
    ({ server, logger } = await startDataSourceFixture());
    uncaught = [];
    // mocha's own handler would fail the test too, but only after the process state is gone
    process.prependListener('uncaughtException', onUncaught);
  });

  afterEach(async () => {
    process.removeListener('uncaughtException', onUncaught);
    await stopDataSourceFixture({ server, logger }, collector);
    collector = undefined;
  });

  function connect(options: { maxPayload?: number } = {}): Collector<DataSourceEvent> {
    const source = streamingDataSource({ streamUri: server.baseUri, ...FAST, ...options });
    collector = new Collector(source.connect({ sdkKey: SDK_KEY, logger, scheduler: asyncScheduler }));
    return collector;
  }

  /** Sends a good put, then `hostile`; on later connections a good put again. */
  async function attack(hostile: string): Promise<string[]> {
    assert.ok(hostile.length >= SLICED_FRAME_CHARS, 'the frame must be large enough to be sliced');
    server.onConnection = (ws, n) => {
      server.sendPut(ws);
      if (n === 1) server.send(ws, hostile);
    };
    connect();
    await collector!.until((events) => events.length >= 5, 5000, 'put, VALID, INTERRUPTED, put, VALID');
    await sleep(20);
    assert.deepEqual(uncaught, []);
    return describeEvents(collector!.values);
  }

  it('a frame nested 600,000 deep is INVALID_DATA, not a crash (sliced and whole decode agree)', async () => {
    const text = '['.repeat(600_000) + ']'.repeat(600_000);
    const whole = decodeStreamMessage(text);
    assert.ok(E.isLeft(whole));
    assert.deepEqual(whole.left.issues, [`(root): expected StreamMessage, got ${'['.repeat(60)}…`]);
    assert.deepEqual(await attack(text), ['put f@1', 'VALID', 'INTERRUPTED INVALID_DATA', 'put f@1', 'VALID']);
  });

  /** A valid put of `count` flags, large enough to be sliced. */
  const largePut = (count: number, version: number) =>
    JSON.stringify({ type: 'put', data: { flags: Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, flag(`f${i}`, version, { salt: `s${i}`.padEnd(200, '.') })])) } });

  it('frames sent faster than a large one decodes wait up to maxPayload characters, then the stream fails as INVALID_DATA and resyncs', async () => {
    const big = largePut(2600, 2);
    assert.ok(big.length >= SLICED_FRAME_CHARS && big.length < 1024 * 1024);
    server.onConnection = (ws, n) => {
      server.sendPut(ws);
      if (n === 1) for (let i = 0; i < 40; i++) server.send(ws, big);
    };
    connect({ maxPayload: 1024 * 1024 });
    await collector!.until((events) => events.filter((event) => event.type === 'put').length >= 2 && describeEvents(events).includes('INTERRUPTED INVALID_DATA') && describeEvents(events).at(-1) === 'VALID', 5000, 'the stream failing, then a new put');
    assert.deepEqual(uncaught, []);
    const failure = collector!.values.find((event) => event.type === 'status' && event.state === 'INTERRUPTED');
    assert.ok(failure?.type === 'status');
    assert.match(failure.error?.message ?? '', /more than 1048576 characters of frames arrived while a large frame was being decoded/);
    const seen = describeEvents(collector!.values);
    assert.ok(seen.filter((event) => event.startsWith('put ')).length < 40, `the 40 large puts were all taken in: ${seen.length} events`);
    assert.deepEqual(seen.slice(-2), ['put f@1', 'VALID']);
  });

  it('unsubscribing while large frames are decoded stops the work: no event and no pending slice afterwards', async () => {
    const big = largePut(2600, 2);
    server.onConnection = (ws) => {
      server.sendPut(ws);
      for (let i = 0; i < 3; i++) server.send(ws, big);
    };
    connect();
    await collector!.until((events) => events.length >= 2, 3000, 'the first put');
    await new Promise((resolve) => setImmediate(resolve));
    collector!.stop();
    const count = collector!.values.length;
    await sleep(150);
    assert.equal(collector!.values.length, count);
    assert.deepEqual(process.getActiveResourcesInfo().filter((kind) => kind === 'Immediate'), []);
    assert.deepEqual(uncaught, []);
  });
});
