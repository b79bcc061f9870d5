import assert from 'node:assert/strict';
import { asyncScheduler, tap } from 'rxjs';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { SLICED_FRAME_CHARS } from '../../lib/data-sources/stream-frame-decoder';
import { streamingDataSource, type StreamingDataSourceOptions } from '../../lib/data-sources/streaming-data-source';
import { InvalidOptionError } from '../../lib/errors/invalid-option-error';
import { Collector, sleep } from './helpers/collect';
import { type DataSourceFixture, startDataSourceFixture, stopDataSourceFixture } from './helpers/data-source-fixture';
import { ConnectProxy } from './helpers/connect-proxy';
import { describeEvents } from './helpers/describe-events';
import { cutMidMessage, flag, FlagTestServer, SDK_KEY } from './helpers/flag-test-server';

/** Short timings so each fault plays out in milliseconds; no jitter so delays are exact. */
const FAST = { readTimeout: 1000, reconnect: { initialDelay: 20, maxDelay: 80, random: () => 0 } };

describe('streamingDataSource', () => {
  let server: FlagTestServer;
  let collector: Collector<DataSourceEvent> | undefined;
  let logger: DataSourceFixture['logger'];

  beforeEach(async () => ({ server, logger } = await startDataSourceFixture()));

  afterEach(async () => {
    await stopDataSourceFixture({ server, logger }, collector);
    collector = undefined;
  });

  function connect(options: StreamingDataSourceOptions = {}, sdkKey = SDK_KEY): Collector<DataSourceEvent> {
    const source = streamingDataSource({ streamUri: server.baseUri, ...FAST, ...options });
    collector = new Collector(source.connect({ sdkKey, logger, scheduler: asyncScheduler }));
    return collector;
  }

  const seen = () => describeEvents(collector!.values);
  const until = (count: number, what = `${count} events`) => collector!.until((events) => events.length >= count, 3000, what);

  it('sends the SDK key and emits put, VALID, patch and delete; unknown frames are ignored', async () => {
    server.onConnection = (ws) => {
      server.sendPut(ws);
      server.send(ws, { type: 'patch', kind: 'flags', data: flag('g', 2) });
      server.send(ws, { type: 'server-intent', payload: {} });
      server.send(ws, { type: 'patch', kind: 'segments', data: { key: 's', version: 1, included: ['u'] } });
      server.send(ws, { type: 'delete', kind: 'flags', key: 'f', version: 3 });
    };
    connect();
    await until(5);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'patch flags g@2', 'patch segments s@1', 'delete flags f@3']);
    assert.equal(server.lastUpgradeHeaders.authorization, SDK_KEY);
    const put = collector!.values[0];
    assert.ok(put.type === 'put');
    assert.deepEqual(put.data.segments, {});
    await sleep(50);
    assert.equal(collector!.values.length, 5);
  });

  it('keeps retrying with growing delays while the server is down, then connects when it is up', async () => {
    const port = server.port;
    await server.stop();
    const stamps: number[] = [];
    const source = streamingDataSource({ streamUri: `http://127.0.0.1:${port}`, ...FAST });
    const events$ = source.connect({ sdkKey: SDK_KEY, logger, scheduler: asyncScheduler }).pipe(tap(() => stamps.push(Date.now())));
    collector = new Collector(events$);
    await collector.until((events) => events.length >= 5, 3000, 'five failures');
    assert.ok(seen().every((line) => line === 'INTERRUPTED NETWORK_ERROR'), seen().join('; '));
    const gaps = stamps.slice(1, 5).map((stamp, i) => stamp - stamps[i]);
    [20, 40, 80, 80].forEach((delay, i) => assert.ok(gaps[i] >= delay - 2, `gap ${i} was ${gaps[i]} ms, expected ≥ ${delay}`));
    assert.match(collector.values[0].type === 'status' ? collector.values[0].error!.message : '', /ECONNREFUSED/);
    server = await FlagTestServer.start(port);
    await collector.until((events) => events.some((event) => event.type === 'put'), 3000, 'a put');
    assert.deepEqual(seen().slice(-2), ['put f@1', 'VALID']);
    assert.equal(server.connections, 1);
  });

  it('reconnects after a server restart and takes the new put', async () => {
    connect();
    await until(2);
    const port = server.port;
    await server.stop();
    server = await FlagTestServer.start(port);
    server.data = { flags: { f: flag('f', 5) }, segments: {} };
    await collector!.until((events) => describeEvents(events).includes('VALID', 2), 3000, 'the new put');
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'INTERRUPTED NETWORK_ERROR', 'put f@5', 'VALID']);
  });

  it('reconnects when the connection is cut in the middle of a message', async () => {
    const put = JSON.stringify({ type: 'put', data: server.data });
    const patch = JSON.stringify({ type: 'patch', kind: 'flags', data: flag('f', 9) });
    server.onUpgrade = (request, socket) => {
      if (server.upgrades > 1) return false;
      cutMidMessage(request, socket, [put], patch);
      return true;
    };
    connect();
    await until(5);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'INTERRUPTED NETWORK_ERROR', 'put f@1', 'VALID']);
  });

  it('reconnects when a half-open connection stays silent past the read timeout', async () => {
    connect({ readTimeout: 150 }); // the server sends its put, then nothing: no frames, no pings
    await until(3);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'INTERRUPTED NETWORK_ERROR']);
    const interrupted = collector!.values[2];
    assert.ok(interrupted.type === 'status');
    assert.match(interrupted.error!.message, /read timeout: nothing received for 150 ms/);
    await until(5);
    assert.equal(server.connections, 2);
    assert.equal(server.maxOpen, 1);
  });

  it('stays connected while the server pings', async () => {
    server.onConnection = (ws) => {
      server.sendPut(ws);
      const timer = setInterval(() => ws.ping(), 30);
      ws.on('close', () => clearInterval(timer));
    };
    // Pings every 30 ms against a 400 ms read timeout, watched for three timeouts' length: without
    // the pings counting as signs of life it reconnects; with them, only a stall of the whole
    // process over 370 ms could (100 ms stalls happened in loaded CI runs).
    connect({ readTimeout: 400 });
    await sleep(1200);
    assert.deepEqual(seen(), ['put f@1', 'VALID']);
    assert.equal(server.connections, 1);
  });

  for (const status of [401, 403]) {
    it(`stops for good on ${status}: OFF with the status, then completes`, async () => {
      server.refuseWith = status;
      connect();
      await server.until(() => collector!.completed, 2000, 'completion');
      assert.deepEqual(seen(), [`OFF ERROR_RESPONSE ${status}`]);
      const off = collector!.values[0];
      assert.ok(off.type === 'status');
      assert.match(off.error!.message, new RegExp(`^GET ws://127\\.0\\.0\\.1:\\d+/sdk/stream failed: HTTP ${status}`));
      await sleep(150);
      assert.equal(server.upgrades, 1);
    });
  }

  it('treats an unknown key as 401', async () => {
    connect({}, 'not-the-key');
    await server.until(() => collector!.completed, 2000, 'completion');
    assert.deepEqual(seen(), ['OFF ERROR_RESPONSE 401']);
  });

  it('retries 5xx and 429 upgrade refusals', async () => {
    server.onUpgrade = (_request, socket) => {
      const status = [503, 429][server.upgrades - 1];
      if (status === undefined) return false;
      socket.end(`HTTP/1.1 ${status} No\r\nContent-Length: 0\r\n\r\n`);
      return true;
    };
    connect();
    await until(4);
    assert.deepEqual(seen(), ['INTERRUPTED ERROR_RESPONSE 503', 'INTERRUPTED ERROR_RESPONSE 429', 'put f@1', 'VALID']);
  });

  it('reports malformed JSON as INVALID_DATA, drops the socket and resyncs', async () => {
    server.onConnection = (ws, n) => {
      server.sendPut(ws);
      if (n === 1) server.send(ws, '{"type":"patch",');
    };
    connect();
    await until(5);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'INTERRUPTED INVALID_DATA', 'put f@1', 'VALID']);
    const invalid = collector!.values[2];
    assert.ok(invalid.type === 'status');
    assert.match(invalid.error!.message, /^Invalid stream message: \(root\): expected JSON/);
    assert.equal(server.maxOpen, 1);
  });

  it('reports a schema-invalid patch with its path and keeps earlier events', async () => {
    server.onConnection = (ws, n) => {
      server.sendPut(ws);
      if (n > 1) return;
      server.send(ws, { type: 'patch', kind: 'flags', data: flag('g', 2) });
      server.send(ws, { type: 'patch', kind: 'flags', data: flag('h', 3, { rules: [{ clauses: [{ op: 7 }] }] }) });
      server.send(ws, { type: 'patch', kind: 'flags', data: flag('i', 4) });
    };
    connect();
    await until(6);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'patch flags g@2', 'INTERRUPTED INVALID_DATA', 'put f@1', 'VALID']);
    const invalid = collector!.values[3];
    assert.ok(invalid.type === 'status');
    assert.equal(invalid.error!.message, 'Invalid stream patch message: data.rules[0].clauses[0].op: expected string, got 7');
  });

  it('takes in a put too large to decode at once (in slices), leaving out a bad flag with its path, then the frames sent after it', async () => {
    const flags: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) flags[`f${i}`] = flag(`f${i}`, 1, { salt: `salt-of-f${i}-`.repeat(20) });
    flags.f7 = flag('f7', 1, { variations: 'yes' });
    const text = JSON.stringify({ type: 'put', data: { flags } });
    assert.ok(text.length >= SLICED_FRAME_CHARS, 'the put must be large enough to be sliced');
    server.onConnection = (ws) => {
      server.send(ws, text);
      server.send(ws, { type: 'patch', kind: 'flags', data: flag('f1', 2) });
      server.send(ws, { type: 'delete', kind: 'flags', key: 'f2', version: 2 });
    };
    connect();
    await until(4);
    const [put, ...rest] = seen();
    assert.equal(put.split(',').length, 1999);
    assert.ok(!put.includes('f7@'));
    assert.deepEqual(rest, ['VALID', 'patch flags f1@2', 'delete flags f2@2']);
    const skipped = logger.lines.filter((line) => line.includes('skipped'));
    assert.equal(skipped.length, 1, skipped.join('; '));
    assert.match(skipped[0], /^warn flagstream: stream put: data\.flags\.f7 skipped: data\.flags\.f7\.variations: expected .*, got "yes"$/);
  });

  it('reports a message above maxPayload as INVALID_DATA and retries', async () => {
    server.onConnection = (ws, n) => server.send(ws, n === 1 ? { type: 'put', data: { flags: { big: flag('big', 1, { salt: 'x'.repeat(5000) }) } } } : { type: 'put', data: server.data });
    connect({ maxPayload: 4096 });
    await until(3);
    assert.deepEqual(seen(), ['INTERRUPTED INVALID_DATA', 'put f@1', 'VALID']);
  });

  it('never has more than one connection open, through every kind of fault', async () => {
    const put = JSON.stringify({ type: 'put', data: server.data });
    server.onUpgrade = (request, socket) => {
      if (server.upgrades !== 2) return false;
      cutMidMessage(request, socket, [put], put);
      return true;
    };
    server.onConnection = (ws, n) => {
      server.sendPut(ws);
      if (n === 1) ws.close(1011, 'bye');
      if (n === 2) server.send(ws, 'garbage');
      // n === 3 goes silent: the read timeout fires; n === 4 stays, pinged so that a slow
      // (loaded) check cannot see it time out too
      if (n >= 4) {
        const pings = setInterval(() => ws.ping(), 30);
        ws.on('close', () => clearInterval(pings));
      }
    };
    connect({ readTimeout: 300 });
    await collector!.until((events) => events.filter((event) => event.type === 'put').length === 5, 4000, 'five puts');
    assert.equal(server.upgrades, 5);
    assert.equal(server.maxOpen, 1);
    assert.equal(server.maxTcpOpen, 1);
    assert.deepEqual(seen().filter((line) => line.startsWith('INTERRUPTED')), [
      'INTERRUPTED NETWORK_ERROR',
      'INTERRUPTED NETWORK_ERROR',
      'INTERRUPTED INVALID_DATA',
      'INTERRUPTED NETWORK_ERROR',
    ]);
  });

  it('does not storm a server that hangs up at once', async () => {
    server.onConnection = (ws) => ws.terminate();
    connect({ reconnect: { initialDelay: 20, maxDelay: 40, random: () => 0 } });
    await server.until(() => server.upgrades >= 5, 3000, 'five attempts');
    // The attempts wait their backoff (20, then 40 ms, random() = 0 takes the full delay): a load
    // can only lengthen the gaps, a storm would shorten them.
    const gaps = server.upgradeTimes.slice(1, 5).map((at, i) => at - server.upgradeTimes[i]);
    assert.ok(
      gaps.every((gap, i) => gap >= (i === 0 ? 20 : 40) - 2),
      `gaps between attempts ${gaps.map((gap) => gap.toFixed(1)).join(', ')} ms`,
    );
    assert.equal(server.maxTcpOpen, 1);
  });

  it('opens no new connection once unsubscribed during a backoff wait', async () => {
    server.refuseWith = 503;
    connect({ reconnect: { initialDelay: 150, random: () => 0 } });
    await until(1);
    collector!.stop();
    await sleep(300);
    assert.equal(server.upgrades, 1);
  });

  it('schedules no retry when the subscriber unsubscribes on the INTERRUPTED event itself', async () => {
    server.refuseWith = 503;
    const source = streamingDataSource({ streamUri: server.baseUri, ...FAST, reconnect: { initialDelay: 10, random: () => 0 } });
    const seenStates: string[] = [];
    const subscription = source.connect({ sdkKey: SDK_KEY, logger, scheduler: asyncScheduler }).subscribe((event) => {
      seenStates.push(event.type === 'status' ? event.state : event.type);
      subscription?.unsubscribe();
    });
    await server.until(() => seenStates.length > 0, 1000, 'the refusal');
    await sleep(100);
    assert.deepEqual(seenStates, ['INTERRUPTED']);
    assert.equal(server.upgrades, 1);
    assert.ok(!logger.lines.some((line) => line.includes('reconnecting')), logger.lines.join('; '));
  });

  it('stops handing out a frame’s events once the subscriber unsubscribes on one of them', async () => {
    const events: string[] = [];
    const source = streamingDataSource({ streamUri: server.baseUri, ...FAST });
    const subscription = source.connect({ sdkKey: SDK_KEY, logger, scheduler: asyncScheduler }).subscribe((event) => {
      events.push(event.type);
      subscription.unsubscribe(); // on the put, before its VALID
    });
    await server.until(() => events.length > 0, 1000, 'the put');
    await server.until(() => server.open === 0, 1000, 'the server to see the close');
    await sleep(50);
    assert.deepEqual(events, ['put']);
    assert.equal(server.upgrades, 1);
  });

  it('cancels the handshake when unsubscribed while connecting, and never retries', async () => {
    let hungUp = false;
    server.onUpgrade = (_request, socket) => {
      socket.resume();
      socket.on('end', () => {
        hungUp = true;
        socket.destroy();
      });
      return true; // never answer
    };
    connect();
    await server.until(() => server.upgrades === 1);
    collector!.stop();
    await server.until(() => hungUp, 1000, 'the client to hang up');
    await sleep(100);
    assert.equal(server.upgrades, 1);
    assert.deepEqual(seen(), []);
  });

  it('closes the socket on unsubscribe', async () => {
    connect();
    await until(2);
    collector!.stop();
    await server.until(() => server.open === 0, 1000, 'the server to see the close');
    await sleep(100);
    assert.equal(server.upgrades, 1);
  });

  it('connects through the proxy option', async () => {
    const proxy = await ConnectProxy.start();
    try {
      connect({ proxy: proxy.url });
      await until(2);
      assert.deepEqual(seen(), ['put f@1', 'VALID']);
      assert.deepEqual(proxy.tunnels, [`127.0.0.1:${server.port}`]);
    } finally {
      collector?.stop();
      await proxy.stop();
    }
  });

  it('rejects invalid options when built', () => {
    assert.throws(() => streamingDataSource({ streamUri: 'ftp://x' }), InvalidOptionError);
    assert.throws(() => streamingDataSource({ readTimeout: -1 }), /Invalid option 'readTimeout'/);
    assert.throws(() => streamingDataSource({ reconnect: { jitterRatio: 2 } }), /reconnect\.jitterRatio/);
    assert.throws(() => streamingDataSource({ proxy: 'not a url' }), /Invalid option 'proxy'/);
  });
});
