import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { silentLogger } from '../../../lib/logging/logger';
import { parseCliArgs } from '../../../lib/server/cli';
import { createFlagServer, type FlagServer } from '../../../lib/server/flag-server';
import { FLAGS } from '../helpers/admin-fixture';
import { captureLogger } from '../helpers/capture-logger';
import { ADMIN_TOKEN, SDK_KEY, startTestServer, type TestServer } from '../helpers/test-server';

const USER = { kind: 'user', key: 'u-relay' };

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('relay mode: upstream → relay → 100 SDKs', function () {
  this.timeout(40_000);
  let dir: string;
  let upstream: TestServer | undefined;
  let relay: FlagServer | undefined;
  const clients: FlagstreamClient[] = [];

  const startUpstream = async (port = 0) => {
    upstream = await startTestServer({ database: path.join(dir, 'upstream.db'), port }, dir);
    return upstream;
  };
  const startRelay = async (port = 0, logger = captureLogger()) => {
    relay = createFlagServer({ port, host: '127.0.0.1', adminToken: ADMIN_TOKEN, relay: { upstream: upstream!.url, keys: [{ environment: 'production', sdkKey: SDK_KEY }] }, logger, closeGraceMs: 100 });
    await relay.listen();
    return { relay, logger };
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-relay-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await relay?.close();
    await upstream?.server.close();
    relay = undefined;
    upstream = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('fans a change out, keeps SDKs served through an upstream restart and resyncs, and serves again after a relay restart', async () => {
    await startUpstream();
    const { relay: first, logger } = await startRelay();
    const relayUrl = first.url;
    const relayPort = Number(new URL(relayUrl).port);
    for (let i = 0; i < 100; i++) {
      clients.push(
        createClient({ sdkKey: SDK_KEY, streamUri: relayUrl, baseUri: relayUrl, streamReconnect: { initialDelay: 50, maxDelay: 200, jitterRatio: 0 }, pollingFallbackAfter: false, sendEvents: false, logger: silentLogger }),
      );
    }
    await Promise.all(clients.map((client) => client.waitForInitialization({ timeout: 10_000 })));
    const values = clients.map(() => [] as unknown[]);
    clients.forEach((client, i) => client.variation$('checkout', USER, 'default').subscribe((value) => values[i].push(value)));
    assert.ok(values.every((v) => v[0] === false), 'the relay serves the upstream flag (fallthrough false)');

    // A change upstream reaches every SDK of the relay.
    assert.equal((await upstream!.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'updateFallthrough', variation: 0 }] })).status, 200);
    await until(() => values.every((v) => v.at(-1) === true), 'every SDK to get the change');

    // The relay is read-only.
    const refused = await fetch(`${relayUrl}${FLAGS}/checkout`, { method: 'PATCH', headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ instructions: [{ kind: 'turnFlagOff' }] }) });
    assert.equal(refused.status, 405);
    assert.match(((await refused.json()) as { error: string }).error, /read-only: it relays http:\/\/127\.0\.0\.1:\d+; change flags there/);

    // Upstream restarted (same port and database): SDKs keep their data meanwhile, then the relay resyncs.
    const upstreamPort = Number(new URL(upstream!.url).port);
    await upstream!.server.close();
    await until(() => /lost the upstream stream/.test(logger.text()), 'the relay to notice');
    assert.ok(clients.every((client) => client.variation<unknown>('checkout', USER, 'default') === true), 'SDKs keep the last data');
    // Changed while the relay could not see it: a restart with a changed flag.
    await startUpstream(upstreamPort);
    assert.equal((await upstream!.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] })).status, 200);
    await until(() => clients.every((client) => client.variation<unknown>('checkout', USER, 'default') === false), 'the change made after the upstream restart');

    // Relay restarted on the same port: its SDKs reconnect and get the current data.
    await first.close();
    relay = undefined;
    await upstream!.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOn' }] });
    await startRelay(relayPort);
    await until(() => clients.every((client) => client.variation<unknown>('checkout', USER, 'default') === true), 'every SDK to resync from the restarted relay');
  });

  it('refuses bad relay options from the command line with a clear message', async () => {
    assert.throws(() => parseCliArgs(['--relay', 'ftp://x', '--sdk-key', 'k'], {}), /'--relay': expected an http/);
    assert.throws(() => parseCliArgs(['--relay', 'http://x'], {}), /relay mode needs at least one SDK key/);
    const parsed = parseCliArgs(['--relay', 'http://up:8030', '--sdk-key', 'prod=sdk-1', '--sdk-key', 'sdk-2'], {});
    assert.ok('options' in parsed);
    assert.deepEqual(parsed.options.relay, { upstream: 'http://up:8030', keys: [{ environment: 'prod', sdkKey: 'sdk-1' }, { sdkKey: 'sdk-2' }] });
  });
});
