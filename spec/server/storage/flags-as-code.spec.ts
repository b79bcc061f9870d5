import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FLAGS } from '../helpers/admin-fixture';
import { openStream } from '../helpers/stream-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

const KEY = 'sdk-yaml-key-1';
const yaml = (on: boolean, extra = '') =>
  `environments:\n  production:\n    sdkKeys: [${KEY}]\n    flags:\n      on-off: { on: ${on}, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } }\n${extra}`;

describe('flag server: flags as code (--data)', () => {
  let dir: string;
  let t: TestServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flagstream-fac-'));
  });
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the file, refuses admin writes with a clear 405, and pushes edits of the file with growing versions', async () => {
    const file = path.join(dir, 'flags.yaml');
    writeFileSync(file, yaml(true, '      other: { variations: [1], fallthrough: { variation: 0 } }\n'));
    t = await startTestServer({ dataFile: file, environments: undefined }, dir);
    const flag = await t.admin('GET', `${FLAGS}/on-off`);
    assert.deepEqual([flag.json.key, flag.json.version, flag.json.on], ['on-off', 1, true], 'key and version default in the file');

    const refused = await t.admin('PATCH', `${FLAGS}/on-off`, { instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(refused.status, 405);
    assert.match(refused.json.error, /read-only: its flags come from the file .*flags\.yaml \(flags as code\); edit that file instead/);
    assert.equal((await t.admin('DELETE', `${FLAGS}/on-off`)).status, 405);

    const stream = await openStream(t.url, KEY);
    await stream.next(); // put
    // An editor's save: write a temporary file, rename it over the original.
    writeFileSync(`${file}.tmp`, yaml(false));
    renameSync(`${file}.tmp`, file);
    const frames = [await stream.next(5000), await stream.next(5000)];
    const byKey = Object.fromEntries(frames.map((frame) => [(frame.data as { key?: string })?.key ?? frame.key, frame]));
    assert.deepEqual(byKey['on-off'].type, 'patch');
    assert.deepEqual([(byKey['on-off'].data as { on: boolean; version: number }).on, (byKey['on-off'].data as { version: number }).version], [false, 2], 'a changed item gets the next version');
    assert.deepEqual([byKey.other.type, byKey.other.version], ['delete', 2], 'an item removed from the file is deleted');
    stream.ws.terminate();
  });

  it('keeps the previous flags when the edited file is invalid, and reports the bad path', async () => {
    const file = path.join(dir, 'flags.yaml');
    writeFileSync(file, yaml(true));
    t = await startTestServer({ dataFile: file, environments: undefined }, dir);
    writeFileSync(file, 'environments:\n  production:\n    sdkKeys: [sdk-yaml-key-1]\n    flags: nope\n');
    const start = Date.now();
    while (!/production\.flags: expected/.test(t.logger.text()) && Date.now() - start < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(t.logger.text(), /ERROR Data file .*flags\.yaml: does not match the schema: environments\.production\.flags: expected .*keeping the previous flags/);
    assert.equal((await t.admin('GET', `${FLAGS}/on-off`)).json.on, true);
  });
});
