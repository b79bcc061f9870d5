import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { pollingDataSource, type PollingDataSourceOptions } from '../../lib/data-sources/polling-data-source';
import { InvalidOptionError } from '../../lib/errors/invalid-option-error';
import { Collector, sleep } from './helpers/collect';
import { type DataSourceFixture, startDataSourceFixture, stopDataSourceFixture } from './helpers/data-source-fixture';
import { ConnectProxy } from './helpers/connect-proxy';
import { describeEvents } from './helpers/describe-events';
import { fastScheduler } from './helpers/fast-scheduler';
import { flag, FlagTestServer, SDK_KEY } from './helpers/flag-test-server';

/** Time runs 50× faster: the 1,000 ms minimum interval takes 20 real ms, the 10 s timeout 200 ms. */
const SPEED = 50;

describe('pollingDataSource', () => {
  let server: FlagTestServer;
  let collector: Collector<DataSourceEvent> | undefined;
  let logger: DataSourceFixture['logger'];

  beforeEach(async () => ({ server, logger } = await startDataSourceFixture()));

  afterEach(async () => {
    await stopDataSourceFixture({ server, logger }, collector);
    collector = undefined;
  });

  function connect(options: PollingDataSourceOptions = {}, sdkKey = SDK_KEY): Collector<DataSourceEvent> {
    const source = pollingDataSource({ baseUri: server.baseUri, pollInterval: 1000, ...options });
    collector = new Collector(source.connect({ sdkKey, logger, scheduler: fastScheduler(SPEED) }));
    return collector;
  }

  const seen = () => describeEvents(collector!.values);
  const until = (count: number) => collector!.until((events) => events.length >= count, 3000, `${count} events`);

  /** Answers polls from a script: a status, or a body served with its hash as ETag. */
  function script(steps: Array<number | string>): void {
    server.onPoll = (request, response, n) => {
      const step = steps[Math.min(n, steps.length) - 1];
      if (typeof step === 'number') {
        response.writeHead(step).end();
        return;
      }
      const etag = `"${createHash('sha1').update(step).digest('hex').slice(0, 8)}"`;
      if (request.headers['if-none-match'] === etag) response.writeHead(304, { ETag: etag }).end();
      else response.writeHead(200, { ETag: etag }).end(step);
    };
  }

  const body = (version: number) => JSON.stringify({ flags: { f: flag('f', version) }, segments: {} });

  it('polls at once, then every interval with If-None-Match; a 304 emits nothing', async () => {
    connect();
    await until(2);
    assert.deepEqual(seen(), ['put f@1', 'VALID']);
    assert.equal(server.lastPollHeaders.authorization, SDK_KEY);
    assert.equal(server.lastPollHeaders['if-none-match'], undefined);
    await server.until(() => server.polls >= 4);
    assert.match(String(server.lastPollHeaders['if-none-match']), /^"[0-9a-f]{16}"$/);
    assert.deepEqual(seen(), ['put f@1', 'VALID']);
  });

  it('spaces polls by the interval', async () => {
    const stamps: number[] = [];
    server.onPoll = (_request, response) => {
      stamps.push(Date.now());
      response.writeHead(200).end(body(1));
    };
    connect({ pollInterval: 5000 }); // 100 real ms
    await server.until(() => stamps.length >= 3);
    // Stamps are taken when a request reaches the server, so a request delayed in transit on a
    // loaded machine shortens the next gap a little; polls not spaced at all would be ~0 ms apart.
    assert.ok(stamps[1] - stamps[0] >= 60 && stamps[2] - stamps[1] >= 60, `gaps ${stamps[1] - stamps[0]}, ${stamps[2] - stamps[1]}`);
  });

  it('emits a put only when the body changed', async () => {
    server.onPoll = (_request, response, n) => response.writeHead(200).end(body(n < 3 ? 1 : 2)); // no ETag
    connect();
    await until(4);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'put f@2', 'VALID']);
    assert.ok(server.polls >= 3);
  });

  it('retries 5xx and 429 at the next interval', async () => {
    script([500, 429, 503, body(1)]);
    connect();
    await until(5);
    assert.deepEqual(seen(), ['INTERRUPTED ERROR_RESPONSE 500', 'INTERRUPTED ERROR_RESPONSE 429', 'INTERRUPTED ERROR_RESPONSE 503', 'put f@1', 'VALID']);
  });

  it('says VALID again after a failure even when the data did not change', async () => {
    let fail = false;
    const served = body(1);
    server.onPoll = (request, response) => {
      if (fail) {
        fail = false;
        response.writeHead(502).end();
      } else if (request.headers['if-none-match'] === '"x"') response.writeHead(304).end();
      else response.writeHead(200, { ETag: '"x"' }).end(served);
    };
    connect();
    await until(2);
    fail = true;
    await until(4);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'INTERRUPTED ERROR_RESPONSE 502', 'VALID']);
  });

  it('keeps polling while the server is down, and loads once it is up', async () => {
    const port = server.port;
    await server.stop();
    const source = pollingDataSource({ baseUri: `http://127.0.0.1:${port}`, pollInterval: 1000 });
    collector = new Collector(source.connect({ sdkKey: SDK_KEY, logger, scheduler: fastScheduler(SPEED) }));
    await until(3);
    assert.deepEqual(seen(), ['INTERRUPTED NETWORK_ERROR', 'INTERRUPTED NETWORK_ERROR', 'INTERRUPTED NETWORK_ERROR']);
    server = await FlagTestServer.start(port);
    await collector.until((events) => events.some((event) => event.type === 'put'));
    assert.deepEqual(seen().slice(-2), ['put f@1', 'VALID']);
  });

  for (const status of [401, 403, 404]) {
    it(`stops for good on ${status}: OFF, completes, polls no more`, async () => {
      script([status]);
      connect();
      await server.until(() => collector!.completed, 2000, 'completion');
      assert.deepEqual(seen(), [`OFF ERROR_RESPONSE ${status}`]);
      await sleep(100); // five intervals
      assert.equal(server.polls, 1);
    });
  }

  it('reports malformed JSON as INVALID_DATA and keeps polling', async () => {
    script([body(1), '{"flags":', body(2)]);
    connect();
    await until(5);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'INTERRUPTED INVALID_DATA', 'put f@2', 'VALID']);
    const invalid = collector!.values[2];
    assert.ok(invalid.type === 'status');
    assert.match(invalid.error!.message, /^Invalid poll response: \(root\): expected JSON/);
  });

  it('reports a schema-invalid body with its path and asks for the full body again', async () => {
    const bad = JSON.stringify({ flags: 5 }); // a single unusable flag is only skipped (poll-response.spec.ts)
    const ifNoneMatch: unknown[] = [];
    const steps = [body(1), bad, bad, body(3)];
    script(steps);
    const scripted = server.onPoll!;
    server.onPoll = (request, response, n) => {
      ifNoneMatch.push(request.headers['if-none-match']);
      scripted(request, response, n);
    };
    connect();
    await until(6);
    assert.deepEqual(seen(), ['put f@1', 'VALID', 'INTERRUPTED INVALID_DATA', 'INTERRUPTED INVALID_DATA', 'put f@3', 'VALID']);
    const invalid = collector!.values[2];
    assert.ok(invalid.type === 'status');
    assert.equal(invalid.error!.message, 'Invalid poll response: flags: expected Record<string, Flag>, got 5');
    // The rejected body's ETag was never adopted: each poll still names the last good one.
    assert.equal(ifNoneMatch[1], ifNoneMatch[2]);
    assert.equal(ifNoneMatch[2], ifNoneMatch[3]);
  });

  it('times out a request that gets no answer and retries', async () => {
    server.onPoll = (_request, response, n) => {
      if (n > 1) response.writeHead(200).end(body(1));
    };
    connect();
    await until(3);
    assert.deepEqual(seen(), ['INTERRUPTED NETWORK_ERROR', 'put f@1', 'VALID']);
    const timedOut = collector!.values[0];
    assert.ok(timedOut.type === 'status');
    assert.match(timedOut.error!.message, /^GET http:\/\/127\.0\.0\.1:\d+\/sdk\/latest-all failed: request timed out after 10000 ms$/);
  });

  it('aborts the request in flight and stops polling on unsubscribe', async () => {
    let aborted = false;
    server.onPoll = (request) => request.on('close', () => (aborted = true));
    connect();
    await server.until(() => server.polls === 1);
    collector!.stop();
    await server.until(() => aborted, 1000, 'the request to be aborted');
    await sleep(100);
    assert.equal(server.polls, 1);
  });

  it('polls through the proxy named by HTTPS_PROXY', async () => {
    const proxy = await ConnectProxy.start();
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    try {
      process.env.HTTPS_PROXY = proxy.url;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      connect();
      await until(2);
      assert.deepEqual(seen(), ['put f@1', 'VALID']);
      // On a loaded machine the next poll may already have gone out: every poll is tunnelled.
      assert.ok(proxy.tunnels.length >= 1 && proxy.tunnels.every((target) => target === `127.0.0.1:${server.port}`), proxy.tunnels.join(', '));
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      collector?.stop();
      await proxy.stop();
    }
  });

  it('rejects invalid options when built', () => {
    assert.throws(() => pollingDataSource({ pollInterval: 999 }), InvalidOptionError);
    assert.throws(() => pollingDataSource({ pollInterval: 999 }), /Invalid option 'pollInterval': expected a number of milliseconds ≥ 1000, got 999/);
    assert.throws(() => pollingDataSource({ baseUri: 'localhost:8030' }), /Invalid option 'baseUri'/);
    assert.throws(() => pollingDataSource({ requestTimeout: -5 }), /Invalid option 'requestTimeout'/);
  });
});
