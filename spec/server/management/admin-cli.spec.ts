import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../lib/server/cli';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/test-server';

describe('flagstream-server token|import|export (admin CLI over the API)', () => {
  let t: TestServer;
  beforeEach(async () => (t = await startTestServer()));
  afterEach(() => t.stop());

  async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { FLAGSTREAM_ADMIN_TOKEN: ADMIN_TOKEN }, { log: (text) => (stdout += text), error: (text) => (stderr += text) });
    return { code, stdout, stderr };
  }

  it('creates a scoped writer token whose secret is printed once and works only in its environment', async () => {
    const created = await run('token', 'create', '--url', t.url, '--name', 'deploy', '--role', 'writer', '--env', 'staging');
    assert.equal(created.code, 0, created.stderr);
    const secret = created.stdout.trim();
    assert.match(secret, /^fst_/);
    const call = (env: string) => fetch(`${t.url}/api/environments/${env}/flags`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal((await call('staging')).status, 200);
    assert.equal((await call('production')).status, 403);
    const listed = await run('token', 'list', '--url', t.url);
    assert.ok(!listed.stdout.includes(secret));
    assert.equal(JSON.parse(listed.stdout)[0].name, 'deploy');
    assert.equal((await run('token', 'revoke', 'deploy', '--url', t.url)).code, 0);
    assert.equal((await call('staging')).status, 401);
    const bad = await run('token', 'create', '--url', t.url, '--name', 'x', '--role', 'owner');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /400.*\n.*role: expected reader, writer or admin/);
  });

  it('exports an environment and imports it (YAML too) into another', async () => {
    const file = path.join(t.dir, 'prod.json');
    assert.equal((await run('export', '--env', 'production', '--url', t.url, '--out', file)).code, 0);
    const imported = await run('import', '--env', 'staging', '--url', t.url, file);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /Imported 1 flag\(s\) and 1 segment\(s\)/);
    writeFileSync(path.join(t.dir, 'values.yaml'), 'flagValues:\n  greeting: hello\n');
    assert.equal((await run('import', '--env', 'staging', '--url', t.url, path.join(t.dir, 'values.yaml'))).code, 0);
    const staging = await t.admin('GET', '/api/environments/staging/data');
    assert.deepEqual(Object.keys(staging.json.flags), ['greeting']);
    assert.equal((await run('import', '--url', t.url, file)).code, 2, 'no --env');
  });
});
