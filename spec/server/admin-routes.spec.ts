import assert from 'node:assert/strict';
import { FLAGS, SEGMENTS, startAdminFixture, stopAdminFixture } from './helpers/admin-fixture';
import { openStream, type StreamClient } from './helpers/stream-client';
import { ADMIN_TOKEN, SDK_KEY, startTestServer, type TestServer } from './helpers/test-server';


describe('flag server: admin API', () => {
  let t: TestServer;
  let stream: StreamClient;

  beforeEach(async () => ({ t, stream } = await startAdminFixture()));
  afterEach(() => stopAdminFixture({ t, stream }));

  describe('reading', () => {
    it('lists environments with counts and SDK key hashes, never the keys', async () => {
      const response = await t.admin('GET', '/api/environments');
      assert.equal(response.status, 200);
      const [production, staging] = response.json.items;
      assert.deepEqual(
        { ...production, sdkKeys: undefined },
        { key: 'production', name: 'production', flags: 1, segments: 1, streamConnections: 1, sdkKeys: undefined },
      );
      assert.match(production.sdkKeys[0], /^key#[0-9a-f]{8}$/);
      assert.equal(staging.key, 'staging');
      assert.ok(!JSON.stringify(response.json).includes(SDK_KEY));
    });

    it('gets one flag with its version as ETag, lists flags, and answers 404 for unknown ones', async () => {
      const flag = await t.admin('GET', `${FLAGS}/checkout`);
      assert.equal(flag.status, 200);
      assert.equal(flag.json.key, 'checkout');
      assert.equal(flag.headers.get('etag'), '"1"');
      assert.deepEqual((await t.admin('GET', FLAGS)).json.items.map((f: { key: string }) => f.key), ['checkout']);
      assert.equal((await t.admin('GET', `${FLAGS}/nope`)).status, 404);
      const unknownEnv = await t.admin('GET', '/api/environments/nope/flags/checkout');
      assert.equal(unknownEnv.status, 404);
      assert.deepEqual(unknownEnv.json, { error: 'Unknown environment "nope"' });
      assert.equal((await t.admin('PATCH', '/api/environments/nope/flags/checkout', { instructions: [{ kind: 'turnFlagOn' }] })).status, 404);
      assert.equal((await t.admin('DELETE', `${SEGMENTS}/nope`)).status, 404);
    });
  });

  describe('writing', () => {
    it('creates with PUT (201), replaces with PUT (200), bumping the version and persisting', async () => {
      const created = await t.admin('PUT', `${FLAGS}/banner`, { variations: ['a', 'b'], fallthrough: { variation: 0 }, version: 99 });
      assert.equal(created.status, 201);
      assert.equal(created.json.version, 1, 'the server assigns versions');
      const replaced = await t.admin('PUT', `${FLAGS}/banner`, { key: 'banner', variations: ['a', 'b', 'c'], fallthrough: { variation: 2 } });
      assert.equal(replaced.status, 200);
      assert.equal(replaced.json.version, 2);
      assert.deepEqual((await t.readData()).environments.production.flags?.banner, replaced.json);
      assert.equal((await stream.next()).type, 'patch');
      assert.deepEqual((await stream.next()).data, replaced.json);
    });

    it('creates with POST and refuses to overwrite with it (409)', async () => {
      const created = await t.admin('POST', SEGMENTS, { key: 'gamma', included: ['u2'] });
      assert.equal(created.status, 201);
      assert.deepEqual(created.json, { key: 'gamma', included: ['u2'], version: 1 });
      assert.equal((await t.admin('POST', SEGMENTS, { key: 'gamma' })).status, 409);
    });

    it('re-creates a deleted flag with a version above its tombstone', async () => {
      await t.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] });
      const deleted = await t.admin('DELETE', `${FLAGS}/checkout`);
      assert.deepEqual(deleted.json, { key: 'checkout', version: 3, deleted: true });
      assert.equal((await t.admin('GET', `${FLAGS}/checkout`)).status, 404);
      assert.deepEqual((await t.readData()).environments.production.flags?.checkout, { key: 'checkout', version: 3, deleted: true });
      const again = await t.admin('PUT', `${FLAGS}/checkout`, { variations: [true], fallthrough: { variation: 0 } });
      assert.equal(again.status, 201);
      assert.equal(again.json.version, 4);
    });

    it('applies semantic instructions: on/off, targets, fallthrough rollout, rules', async () => {
      const response = await t.admin('PATCH', `${FLAGS}/checkout`, {
        instructions: [
          { kind: 'turnFlagOff' },
          { kind: 'addTargets', variation: 0, values: ['u1', 'u2'] },
          { kind: 'addTargets', variation: 1, values: ['u2'] },
          { kind: 'addTargets', variation: 0, contextKind: 'org', values: ['o1'] },
          { kind: 'updateFallthrough', rollout: { variations: [{ variation: 0, weight: 30000 }, { variation: 1, weight: 70000 }] } },
          { kind: 'addRule', id: 'r1', clauses: [{ attribute: 'email', op: 'endsWith', values: ['@x.io'] }], variation: 0 },
          { kind: 'updateRule', ruleId: 'r1', variation: 1 },
        ],
      });
      assert.equal(response.status, 200, JSON.stringify(response.json));
      const flag = response.json;
      assert.equal(flag.on, false);
      assert.equal(flag.version, 2);
      assert.deepEqual(flag.targets, [
        { variation: 0, values: ['u1'] },
        { variation: 1, values: ['u2'] },
      ]);
      assert.deepEqual(flag.contextTargets, [{ contextKind: 'org', variation: 0, values: ['o1'] }]);
      assert.deepEqual(flag.fallthrough.rollout.variations.map((v: { weight: number }) => v.weight), [30000, 70000]);
      assert.deepEqual(flag.rules, [{ id: 'r1', clauses: [{ attribute: 'email', op: 'endsWith', values: ['@x.io'] }], variation: 1 }]);

      const removed = await t.admin('PATCH', `${FLAGS}/checkout`, {
        instructions: [{ kind: 'removeTargets', variation: 0, values: ['u1'] }, { kind: 'removeRule', ruleId: 'r1' }, { kind: 'turnFlagOn' }],
      });
      assert.deepEqual(removed.json.targets, [{ variation: 1, values: ['u2'] }]);
      assert.deepEqual(removed.json.rules, []);
      assert.equal(removed.json.on, true);
    });

    it('applies a JSON merge patch', async () => {
      const response = await t.admin('PATCH', `${FLAGS}/checkout`, { on: false, offVariation: null, salt: 'pepper' }, {
        'Content-Type': 'application/merge-patch+json',
      });
      assert.equal(response.status, 200);
      assert.equal(response.json.on, false);
      assert.equal('offVariation' in response.json, false);
      assert.equal(response.json.salt, 'pepper');
      assert.deepEqual(response.json.variations, [true, false]);
    });

    it('applies segment instructions', async () => {
      const response = await t.admin('PATCH', `${SEGMENTS}/beta`, {
        instructions: [
          { kind: 'addIncluded', values: ['u2'] },
          { kind: 'removeIncluded', values: ['u1'] },
          { kind: 'addExcluded', contextKind: 'org', values: ['o1'] },
          { kind: 'addRule', id: 'big', clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], weight: 50000 },
        ],
      });
      assert.equal(response.status, 200, JSON.stringify(response.json));
      assert.deepEqual(response.json.included, ['u2']);
      assert.deepEqual(response.json.excludedContexts, [{ contextKind: 'org', values: ['o1'] }]);
      assert.equal(response.json.rules[0].weight, 50000);
    });

    it('honours If-Match with 412 on a stale version', async () => {
      const stale = await t.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] }, { 'If-Match': '"7"' });
      assert.equal(stale.status, 412);
      const current = await t.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }] }, { 'If-Match': '"1"' });
      assert.equal(current.status, 200);
    });

    it('applies concurrent changes one after the other, each with its own version', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => t.admin('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addTargets', variation: 0, values: [`c${i}`] }] })),
      );
      assert.deepEqual(responses.map((r) => r.json.version).sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      assert.equal((await t.readData()).environments.production.flags?.checkout.targets?.[0].values.length, 10);
    });
  });

  describe('auth and limits', () => {
    it('refuses a missing or wrong admin token with 401 and never logs the token', async () => {
      const none = await fetch(`${t.url}${FLAGS}`);
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="flagstream admin"');
      const wrongToken = 'wrong-token-that-must-not-be-logged';
      const wrong = await fetch(`${t.url}${FLAGS}/checkout`, { method: 'DELETE', headers: { Authorization: `Bearer ${wrongToken}` } });
      assert.equal(wrong.status, 401);
      const sdkKeyAsToken = await fetch(`${t.url}${FLAGS}`, { headers: { Authorization: SDK_KEY } });
      assert.equal(sdkKeyAsToken.status, 401);
      assert.equal((await t.admin('GET', `${FLAGS}/checkout`)).status, 200, 'the flag was not deleted');
      await t.server.close(); // writes the summary of the failures after the first
      const log = t.logger.text();
      assert.match(log, /Auth: refused GET \/api\/environments\/production\/flags from 127\.0\.0\.1 \(admin: no token\)/);
      assert.match(log, /2 more failed authentications from 127\.0\.0\.1 .*\(1 × admin: wrong token, 1 × admin: malformed Authorization header\)/);
      for (const secret of [wrongToken, ADMIN_TOKEN, SDK_KEY]) assert.ok(!log.includes(secret), `log contains ${secret}`);
    });

    it('refuses an admin body over the limit with 413 and changes nothing', async () => {
      const response = await t.admin('PUT', `${FLAGS}/huge`, { variations: ['x'.repeat(1024 * 1024)], fallthrough: { variation: 0 } });
      assert.equal(response.status, 413);
      assert.equal((await t.admin('GET', `${FLAGS}/huge`)).status, 404);
    });

    it('is open without a token in dev mode when no token is configured', async () => {
      await t.stop();
      t = await startTestServer({ dev: true, adminToken: undefined });
      stream = await openStream(t.url, SDK_KEY);
      const response = await fetch(`${t.url}${FLAGS}/checkout`);
      assert.equal(response.status, 200);
      assert.match(t.logger.text(), /admin API is open/);
    });

    it('enforces the token in dev mode when one is configured', async () => {
      await t.stop();
      t = await startTestServer({ dev: true });
      stream = await openStream(t.url, SDK_KEY);
      assert.equal((await fetch(`${t.url}${FLAGS}/checkout`)).status, 401);
    });
  });
});
