import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { DataFileError } from '../../lib/errors/data-file-error';
import { createFlagServer } from '../../lib/server/flag-server';
import { FLAGS } from './helpers/admin-fixture';
import { captureLogger } from './helpers/capture-logger';
import { ADMIN_TOKEN, SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';


describe('flag server: persistence', () => {
  let dir: string;
  const servers: TestServer[] = [];
  const start = async (options = {}) => {
    const server = await startTestServer({ dataFile: path.join(dir, 'data.json'), ...options }, dir);
    servers.push(server);
    return server;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-persist-'));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing across a restart: items, versions and tombstones', async () => {
    const first = await start();
    await first.admin('PUT', `${FLAGS}/kept`, { variations: ['a', 'b'], fallthrough: { variation: 1 } });
    await first.admin('PATCH', `${FLAGS}/kept`, { instructions: [{ kind: 'addTargets', variation: 0, values: ['u1'] }] });
    await first.admin('DELETE', `${FLAGS}/checkout`);
    const before = (await first.admin('GET', FLAGS)).json;
    await first.server.close();

    const second = await start({ environments: undefined });
    assert.deepEqual((await second.admin('GET', FLAGS)).json, before);
    assert.equal((await second.admin('GET', `${FLAGS}/kept`)).json.version, 2);
    const recreated = await second.admin('PUT', `${FLAGS}/checkout`, { variations: [true], fallthrough: { variation: 0 } });
    assert.equal(recreated.json.version, 3, 'the tombstone version survived the restart');
  });

  it('creates a missing data file with the example environment, which SDKs can use at once', async () => {
    const dataFile = path.join(dir, 'nested-name.json');
    const server = await start({ dataFile, environments: undefined });
    assert.ok(existsSync(dataFile));
    const data = JSON.parse(readFileSync(dataFile, 'utf8'));
    const development = data.environments.development;
    assert.match(development.sdkKeys[0], /^sdk-[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(development.flags).sort(), ['banner-text', 'new-checkout', 'new-search']);
    assert.deepEqual(development.flags['new-checkout'].variations, [true, false]);
    assert.ok(development.flags['new-search'].fallthrough.rollout);
    assert.equal(development.flags['banner-text'].variations.length, 3);
    assert.deepEqual(Object.keys(development.segments), ['beta-testers']);
    assert.match(server.logger.text(), /Created data file .*nested-name\.json with environment\(s\) development/);
    assert.ok(!server.logger.text().includes(development.sdkKeys[0]), 'the SDK key must not be logged');

    const poll = await fetch(`${server.url}/sdk/latest-all`, { headers: { Authorization: development.sdkKeys[0] } });
    assert.equal(poll.status, 200);
    assert.equal(server.logger.lines.filter((line) => line.startsWith('WARN Data file')).length, 0, 'the example is valid');
  });

  it('reads and writes YAML data files', async () => {
    const dataFile = path.join(dir, 'flags.yaml');
    writeFileSync(dataFile, 'environments:\n  production:\n    sdkKeys: [sdk-yaml-key-1]\n    flags:\n      on-off: { variations: [true, false], fallthrough: { variation: 0 } }\n');
    const server = await start({ dataFile, environments: undefined });
    const flag = await server.admin('GET', `${FLAGS}/on-off`);
    assert.deepEqual([flag.json.key, flag.json.version], ['on-off', 1], 'key and version default in the file');
    await server.admin('PATCH', `${FLAGS}/on-off`, { instructions: [{ kind: 'turnFlagOff' }] });
    const stored = YAML.parse(readFileSync(dataFile, 'utf8'));
    assert.equal(stored.environments.production.flags['on-off'].on, false);
    assert.equal(stored.environments.production.flags['on-off'].version, 2);
  });

  it('starts with what it can use: a flag that does not decode is skipped with a warning naming it', async () => {
    const dataFile = path.join(dir, 'partly-bad.json');
    const ldStyle = {
      on: true, variations: ['a', 'b'], fallthrough: { variation: 0 }, targets: [{ values: ['u1'], variation: 1 }],
      contextTargets: [{ contextKind: 'user', variation: 1 }, { contextKind: 'org', values: ['o1'], variation: 1 }],
    };
    writeFileSync(dataFile, JSON.stringify({ environments: { production: { sdkKeys: [SDK_KEY], flags: { f: { variations: 'nope' }, ld: ldStyle } } } }));
    const server = await start({ dataFile });
    assert.match(server.logger.text(), /WARN Data file .*partly-bad\.json: environments\.production\.flags\.f skipped: environments\.production\.flags\.f\.variations: expected Array<unknown> or null, got "nope"/);
    assert.deepEqual(Object.keys((await server.admin('GET', `${FLAGS}/ld`)).json.contextTargets[0]), ['contextKind', 'variation']);
    assert.equal((await server.admin('GET', `${FLAGS}/f`)).status, 404);
    const latest = await fetch(`${server.url}/sdk/latest-all`, { headers: { Authorization: SDK_KEY } });
    assert.deepEqual(Object.keys((await latest.json()).flags), ['ld']);
  });

  it('refuses to start on a data file whose structure does not match the schema, naming the path', async () => {
    const dataFile = path.join(dir, 'bad.json');
    const text = JSON.stringify({ environments: { production: { sdkKeys: ['sdk-12345678'], flags: 'nope' } } });
    writeFileSync(dataFile, text);
    const server = createFlagServer({ port: 0, dataFile, adminToken: ADMIN_TOKEN });
    await assert.rejects(server.listen(), (error: unknown) => {
      assert.ok(error instanceof DataFileError);
      assert.deepEqual(error.issues, ['environments.production.flags: expected { [K in string]: FileFlag }, got "nope"']);
      return true;
    });
    await server.close();
    assert.equal(readFileSync(dataFile, 'utf8'), text, 'the bad file was not overwritten');
  });

  it('refuses SDK keys shared by two environments; only warns about semantic problems', async () => {
    const shared = path.join(dir, 'shared.json');
    writeFileSync(shared, JSON.stringify({ environments: { a: { sdkKeys: ['sdk-same-key'] }, b: { sdkKeys: ['sdk-same-key'] } } }));
    const refused = createFlagServer({ port: 0, dataFile: shared, adminToken: ADMIN_TOKEN });
    await assert.rejects(refused.listen(), /environments\.b: SDK key #1 is also used by environment "a"/);
    await refused.close();

    const odd = path.join(dir, 'odd.json');
    writeFileSync(odd, JSON.stringify({ environments: { a: { sdkKeys: ['sdk-odd-key-1'], flags: { f: { variations: [1], fallthrough: { variation: 4 } } } } } }));
    const logger = captureLogger();
    const server = createFlagServer({ port: 0, dataFile: odd, adminToken: ADMIN_TOKEN, logger });
    await server.listen();
    await server.close();
    assert.match(logger.text(), /WARN Data file .*odd\.json: a\/flags\/f: fallthrough\.variation: 4 is out of range/);
  });

  it('never exposes a partial data file while changes are written', async () => {
    const server = await start();
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        JSON.parse(readFileSync(server.dataFile, 'utf8')); // throws on a partial file
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 30; i++) {
      const response = await server.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: [`user-${i}-${'x'.repeat(2000)}`] }] });
      assert.equal(response.status, 200);
    }
    writing = false;
    await reader;
    assert.ok(reads > 0);
    assert.deepEqual(readdirSync(dir), ['data.json'], 'no temporary file is left behind');
  });
});
