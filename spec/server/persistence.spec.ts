import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataFileError } from '../../lib/errors/data-file-error';
import { createFlagServer } from '../../lib/server/flag-server';
import { readStoredData } from '../../lib/server/storage/read-stored-data';
import { FLAGS } from './helpers/admin-fixture';
import { captureLogger } from './helpers/capture-logger';
import { ADMIN_TOKEN, SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';

describe('flag server: persistence (embedded database)', () => {
  let dir: string;
  const servers: TestServer[] = [];
  const start = async (options = {}) => {
    const server = await startTestServer({ database: path.join(dir, 'data.db'), ...options }, dir);
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

  it('fills a new database with the example environment, which SDKs can use at once', async () => {
    const server = await start({ environments: undefined });
    const data = await server.readData();
    const development = data.environments.development;
    assert.match(development.sdkKeys[0], /^sdk-[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(development.flags!).sort(), ['banner-text', 'new-checkout', 'new-search']);
    assert.deepEqual(Object.keys(development.segments!), ['beta-testers']);
    assert.match(server.logger.text(), /Stored environment\(s\) development in SQLite .*data\.db/);
    assert.ok(!server.logger.text().includes(development.sdkKeys[0]), 'the SDK key must not be logged');
    const poll = await fetch(`${server.url}/sdk/latest-all`, { headers: { Authorization: development.sdkKeys[0] } });
    assert.equal(poll.status, 200);
    assert.equal(server.logger.lines.filter((line) => line.startsWith('WARN')).length, 0, 'the example is valid');
  });

  it('imports an existing data file on first start, versions and tombstones kept, and only once', async () => {
    const importFile = path.join(dir, 'old.yaml');
    writeFileSync(
      importFile,
      'environments:\n  production:\n    sdkKeys: [sdk-yaml-key-1]\n    flags:\n      on-off: { version: 7, variations: [true, false], fallthrough: { variation: 0 } }\n      gone: { key: gone, version: 4, deleted: true }\n',
    );
    const first = await start({ importFile, environments: undefined });
    const flag = await first.admin('GET', `${FLAGS}/on-off`);
    assert.deepEqual([flag.json.key, flag.json.version], ['on-off', 7]);
    assert.match(first.logger.text(), /Importing .*old\.yaml/);
    assert.equal((await first.admin('PUT', `${FLAGS}/gone`, { variations: [1], fallthrough: { variation: 0 } })).json.version, 5);
    await first.server.close();

    writeFileSync(importFile, 'environments: {}\n');
    const second = await start({ importFile, environments: undefined });
    assert.equal((await second.admin('GET', `${FLAGS}/gone`)).json.version, 5, 'not imported again');
    assert.doesNotMatch(second.logger.text(), /Importing/);
    const exported = await readStoredData(path.join(dir, 'data.db')).catch((error: Error) => error);
    assert.ok(!(exported instanceof Error));
    assert.equal(exported.environments.production.flags!['on-off'].version, 7);
  });

  it('imports what it can use: a flag that does not decode is skipped with a warning naming it', async () => {
    const importFile = path.join(dir, 'partly-bad.json');
    writeFileSync(importFile, JSON.stringify({ environments: { production: { sdkKeys: [SDK_KEY], flags: { f: { variations: 'nope' }, ok: { variations: [1], fallthrough: { variation: 0 } } } } } }));
    const server = await start({ importFile, environments: undefined });
    assert.match(server.logger.text(), /WARN Data file .*partly-bad\.json: environments\.production\.flags\.f skipped: environments\.production\.flags\.f\.variations: expected Array<unknown> or null, got "nope"/);
    assert.equal((await server.admin('GET', `${FLAGS}/f`)).status, 404);
    assert.equal((await server.admin('GET', `${FLAGS}/ok`)).status, 200);
  });

  it('refuses to import a data file whose structure does not match the schema, naming the path, and stores nothing', async () => {
    const importFile = path.join(dir, 'bad.json');
    writeFileSync(importFile, JSON.stringify({ environments: { production: { sdkKeys: ['sdk-12345678'], flags: 'nope' } } }));
    const server = createFlagServer({ port: 0, database: path.join(dir, 'data.db'), importFile, adminToken: ADMIN_TOKEN });
    await assert.rejects(server.listen(), (error: unknown) => {
      assert.ok(error instanceof DataFileError);
      assert.deepEqual(error.issues, ['environments.production.flags: expected { [K in string]: FileFlag }, got "nope"']);
      return true;
    });
    await server.close();
    assert.deepEqual((await readStoredData(path.join(dir, 'data.db'))).environments, {}, 'nothing was stored');
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
    assert.match(logger.text(), /WARN flag file .*odd\.json: a\/flags\/f: fallthrough\.variation: 4 is out of range/);
  });
});
