import assert from 'node:assert/strict';
import { parseCliArgs } from '../../lib/server/cli';
import { openStream } from './helpers/stream-client';
import { SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';

const DATA = '/api/environments/production/data';
const flag = (key: string) => ({ key, version: 1, on: true, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 } });
const flags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`flag-${i}`, flag(`flag-${i}`)]));

/** Imports attacked: too large, keys that collide, and what SDKs connected meanwhile see. */
describe('import under attack', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('refuses an import of 50,000 flags over the body limit with 413 naming the limit and how to raise it; nothing changes, SDKs get nothing', async () => {
    t = await startTestServer();
    const stream = await openStream(t.url, SDK_KEY);
    await stream.next();
    const answer = await t.admin('PUT', DATA, { flags: flags(50_000) });
    assert.equal(answer.status, 413);
    assert.equal(answer.json.error, "The request body is larger than 1048576 bytes (the server's limit: the limits.maxBodyBytes option, --max-body-bytes on the command line)");
    assert.deepEqual(Object.keys((await t.admin('GET', DATA)).json.flags), ['checkout']);
    await assert.rejects(stream.next(100), /no stream frame/);
    stream.ws.close();
  });

  it('--max-body-bytes raises the limit: an export of 12,000 flags (over 1 MiB) imports back, and a connected SDK ends with exactly the exported data', async () => {
    assert.deepEqual((parseCliArgs(['--max-body-bytes', '8388608']) as { options: { limits?: unknown } }).options.limits, { maxBodyBytes: 8_388_608 });
    assert.throws(() => parseCliArgs(['--max-body-bytes', '8M']), /--max-body-bytes.*expected a whole number/);
    t = await startTestServer({ limits: { maxBodyBytes: 8 * 1024 * 1024 } });
    const body = JSON.stringify({ flags: flags(12_000) });
    assert.ok(body.length > 1024 * 1024);
    const stream = await openStream(t.url, SDK_KEY);
    const sdk = new Map(Object.entries((await stream.next()).data as { flags: Record<string, unknown> }).flatMap(([, items]) => Object.entries(items as Record<string, unknown>)));
    const answer = await t.admin('PUT', DATA, body);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.deepEqual([answer.json.flags, answer.json.deleted], [12_000, 2]);
    for (let frames = 0; frames < 12_002; frames++) {
      const frame = (await stream.next()) as { type: string; data?: { key: string }; key?: string };
      if (frame.type === 'patch') sdk.set(frame.data!.key, frame.data);
      else if (frame.type === 'delete') sdk.delete(frame.key!);
    }
    const exported = (await t.admin('GET', DATA)).json;
    assert.deepEqual(new Map([...sdk].filter(([key]) => key !== 'beta')), new Map(Object.entries(exported.flags)));
    stream.ws.close();
  });

  it('keeps keys that differ only by case apart, and refuses one key given in both flags and flagValues', async () => {
    t = await startTestServer();
    const imported = await t.admin('PUT', DATA, { flags: { Dark: flag('Dark'), dark: flag('dark'), DARK: flag('DARK') }, flagValues: { dArK: 'x' } });
    assert.equal(imported.status, 200, JSON.stringify(imported.json));
    assert.deepEqual(Object.keys((await t.admin('GET', DATA)).json.flags).sort(), ['DARK', 'Dark', 'dArK', 'dark']);
    assert.equal((await t.admin('GET', '/api/environments/production/flags/dArK')).json.variations[0], 'x');
    const twice = await t.admin('PUT', DATA, { flags: { dark: flag('dark') }, flagValues: { dark: 'x' } });
    assert.equal(twice.status, 400);
    assert.deepEqual(twice.json.issues, ['flagValues.dark: also defined in flags']);
    assert.deepEqual(Object.keys((await t.admin('GET', DATA)).json.flags).sort(), ['DARK', 'Dark', 'dArK', 'dark']);
  });
});
