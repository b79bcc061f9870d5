import assert from 'node:assert/strict';
import { AuthThrottle } from '../../lib/server/http/auth-throttle';
import { resolveServerOptions } from '../../lib/server/flag-server-options';
import { createFlagServer } from '../../lib/server/flag-server';
import { captureLogger } from './helpers/capture-logger';
import { refusedStreamStatus } from './helpers/stream-client';
import { ADMIN_TOKEN, SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';

describe('flag server: failed authentication is throttled per address', () => {
  let t: TestServer;
  let clock: number;
  afterEach(() => t?.stop());

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    t = await startTestServer({ now: () => clock, authThrottle: { maxFailures: 20, windowMs: 60_000, blockMs: 30_000 } });
  });

  it('answers 500 wrong admin tokens with 401 until the limit, then 429 + Retry-After, and logs a summary, never the token', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 500; i++) {
      const response = await fetch(`${t.url}/api/environments`, { headers: { Authorization: `Bearer wrong-token-number-${i}` } });
      await response.arrayBuffer();
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    assert.deepEqual(statuses.slice(0, 19), Array(19).fill(401));
    assert.deepEqual(statuses.slice(19), Array(481).fill(429), 'the 20th failure starts the block');
    assert.equal(retryAfter, '30');
    // Even the right token is refused while the address is blocked (guessing cannot go on).
    assert.equal((await t.admin('GET', '/api/environments')).status, 429);
    await t.server.close();
    const authLines = t.logger.lines.filter((line) => line.includes('Auth:'));
    assert.ok(authLines.length <= 4, `a summary, not one line per attempt:\n${authLines.join('\n')}`);
    assert.match(t.logger.text(), /refused GET \/api\/environments from 127\.0\.0\.1 \(admin: wrong token\)/);
    assert.match(t.logger.text(), /127\.0\.0\.1 blocked for 30 s after 20 failed authentications/);
    assert.match(t.logger.text(), /481 × admin: refused while blocked/);
    assert.ok(!t.logger.text().includes('wrong-token-number'), 'no presented token in the log');
  });

  it('unblocks after the block time, and failures outside the window do not add up', async () => {
    for (let i = 0; i < 20; i++) await fetch(`${t.url}/api/environments`, { headers: { Authorization: 'Bearer nope-nope-nope-nope' } });
    assert.equal((await t.admin('GET', '/api/environments')).status, 429);
    clock += 30_001;
    assert.equal((await t.admin('GET', '/api/environments')).status, 200);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 15; i++) {
        assert.equal((await fetch(`${t.url}/api/environments`, { headers: { Authorization: 'Bearer nope-nope-nope-nope' } })).status, 401);
      }
      clock += 61_000;
    }
  });

  it('throttles unknown SDK keys on polling, events and the stream with the same counter', async () => {
    const poll = (key: string) => fetch(`${t.url}/sdk/latest-all`, { headers: { Authorization: key } });
    for (let i = 0; i < 10; i++) assert.equal((await poll(`sdk-guess-${i}`)).status, 401);
    for (let i = 0; i < 5; i++) assert.equal((await refusedStreamStatus(t.url, { Authorization: `sdk-stream-guess-${i}` })).status, 401);
    for (let i = 0; i < 4; i++) {
      const events = await fetch(`${t.url}/bulk`, { method: 'POST', headers: { Authorization: `sdk-events-guess-${i}` }, body: '[]' });
      assert.equal(events.status, 401);
    }
    // the 20th failure: an admin token from the same address
    assert.equal((await fetch(`${t.url}/api/environments`, { headers: { Authorization: 'Bearer x' } })).status, 429);
    const blockedPoll = await poll(SDK_KEY);
    assert.equal(blockedPoll.status, 429);
    assert.equal(blockedPoll.headers.get('retry-after'), '30');
    const stream = await refusedStreamStatus(t.url, { Authorization: SDK_KEY });
    assert.equal(stream.status, 429);
    clock += 30_001;
    assert.equal((await poll(SDK_KEY)).status, 200);
    assert.ok(!t.logger.text().includes('sdk-guess-'), 'no SDK key in the log');
  });
});

describe('AuthThrottle', () => {
  it('summarises per address on close and forgets nothing it has not logged', () => {
    const logger = captureLogger();
    let now = 0;
    const throttle = new AuthThrottle(logger, { maxFailures: 3, windowMs: 1000, blockMs: 5000, summaryIntervalMs: 10_000 }, () => now);
    assert.equal(throttle.fail('10.0.0.1', 'sdk', 'unknown SDK key', 'stream'), 0);
    assert.equal(throttle.fail('10.0.0.2', 'admin', 'no token', 'GET /api/x'), 0);
    now = 500;
    assert.equal(throttle.fail('10.0.0.1', 'sdk', 'unknown SDK key', 'stream'), 0);
    assert.equal(throttle.fail('10.0.0.1', 'admin', 'wrong token', 'GET /api/x'), 5);
    assert.equal(throttle.retryAfterSeconds('10.0.0.2'), 0);
    now = 5499;
    assert.equal(throttle.retryAfterSeconds('10.0.0.1'), 1);
    now = 5500;
    assert.equal(throttle.retryAfterSeconds('10.0.0.1'), 0);
    throttle.close();
    throttle.close();
    assert.deepEqual(logger.lines, [
      'WARN Auth: refused stream from 10.0.0.1 (sdk: unknown SDK key); further failures from this address are summarised',
      'WARN Auth: refused GET /api/x from 10.0.0.2 (admin: no token); further failures from this address are summarised',
      'WARN Auth: 10.0.0.1 blocked for 5 s after 3 failed authentications within 1 s',
      'WARN Auth: 2 more failed authentications from 10.0.0.1 in the last 6 s (1 × sdk: unknown SDK key, 1 × admin: wrong token)',
    ]);
  });

  it('refuses bad settings', () => {
    assert.throws(() => resolveServerOptions({ dev: true, authThrottle: { maxFailures: 0 } }), /authThrottle/);
  });
});

describe('flag server: dev mode without a token binds loopback only', () => {
  it('refuses --dev --host 0.0.0.0 without a token, allows it with one', () => {
    assert.throws(() => resolveServerOptions({ dev: true, host: '0.0.0.0' }), /'host'.*only binds a loopback address/s);
    assert.throws(() => resolveServerOptions({ dev: true, host: '::' }), /loopback/);
    assert.throws(() => resolveServerOptions({ dev: true, host: '192.168.1.10' }), /loopback/);
    for (const host of ['127.0.0.1', '::1', 'localhost', '[::1]', '127.0.0.2']) assert.equal(resolveServerOptions({ dev: true, host }).host, host);
    assert.equal(resolveServerOptions({ dev: true, host: '0.0.0.0', adminToken: ADMIN_TOKEN }).host, '0.0.0.0');
  });

  it('logs the address actually bound', async () => {
    const logger = captureLogger();
    const server = createFlagServer({ port: 0, host: '0.0.0.0', adminToken: ADMIN_TOKEN, logger });
    try {
      const { port } = await server.listen();
      assert.match(logger.text(), new RegExp(`listening on http://127\\.0\\.0\\.1:${port} \\(bound to 0\\.0\\.0\\.0:${port}\\)`));
    } finally {
      await server.close();
    }
  });
});
