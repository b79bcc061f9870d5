import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../server/helpers/test-server';
import { CONSOLE_CSP } from '../../lib/server/console/console-routes';
import { ensureConsoleBuilt } from './helpers/console-bundle';

/** A raw GET (so that gzip and headers are seen as sent). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console: served by the flag server', () => {
  let t: TestServer;
  before(() => ensureConsoleBuilt());
  beforeEach(async () => (t = await startTestServer()));
  afterEach(() => t.stop());

  it('serves the page at / without a token, with a CSP that allows this origin only', async () => {
    const page = await get(`${t.url}/`);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers['content-security-policy'], CONSOLE_CSP);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    const html = page.body.toString('utf8');
    const script = /<script type="module" src="(\/console\/app\.js\?v=[0-9a-f]+)"/.exec(html);
    const style = /<link rel="stylesheet" href="(\/console\/app\.css\?v=[0-9a-f]+)"/.exec(html);
    assert.ok(script && style, html);
    assert.doesNotMatch(html, /https?:\/\//, 'the page loads nothing from another origin');
    const js = await get(`${t.url}${script[1]}`, { 'Accept-Encoding': 'gzip' });
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-encoding'], 'gzip');
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    assert.ok(gunzipSync(js.body).length > 10_000);
    const css = await get(`${t.url}${style[1]}`);
    assert.equal(css.status, 200);
    assert.equal(css.headers['content-encoding'], undefined);
    assert.match(css.body.toString('utf8'), /focus-visible/);
  });

  it('answers If-None-Match with 304, an unknown file with 404, a write with 405', async () => {
    const first = await get(`${t.url}/console/app.js`);
    const again = await get(`${t.url}/console/app.js`, { 'If-None-Match': String(first.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const missing = await get(`${t.url}/console/nope.js`);
    assert.equal(missing.status, 404);
    assert.match(missing.body.toString(), /No such console file: nope\.js/);
    const traversal = await get(`${t.url}/console/..%2Fpackage.json`);
    assert.equal(traversal.status, 404);
    const post = await fetch(`${t.url}/`, { method: 'POST' });
    assert.equal(post.status, 405);
  });

  it('tells a token who it is (GET /api/me), and refuses a wrong one', async () => {
    assert.deepEqual((await t.admin('GET', '/api/me')).json, { name: 'bootstrap', role: 'admin', environments: null });
    assert.equal((await fetch(`${t.url}/api/me`, { headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status, 401);
  });

  it('leaves the SDK and admin routes as they were', async () => {
    assert.equal((await get(`${t.url}/health`)).status, 200);
    assert.equal((await get(`${t.url}/api/environments`)).status, 401);
    assert.equal((await t.admin('GET', '/api/environments')).status, 200);
  });
});

describe('console: live changes stream (GET /api/environments/:env/live)', () => {
  let t: TestServer;
  beforeEach(async () => (t = await startTestServer()));
  afterEach(() => t.stop());

  /** The server-sent events of a response, one `{event, data}` at a time. */
  function events(response: Response): { next(): Promise<{ event: string; data: unknown }>; cancel(): Promise<void> } {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    return {
      async next() {
        for (;;) {
          const end = text.indexOf('\n\n');
          if (end >= 0) {
            const block = text.slice(0, end);
            text = text.slice(end + 2);
            if (block.startsWith(':')) continue; // keep-alive comment
            return { event: /^event: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) };
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('the stream ended');
          text += decoder.decode(value, { stream: true });
        }
      },
      cancel: () => reader.cancel(),
    };
  }

  it('needs the admin token and a known environment', async () => {
    assert.equal((await fetch(`${t.url}/api/environments/production/live`)).status, 401);
    const unknown = await fetch(`${t.url}/api/environments/nope/live`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { error: 'Unknown environment "nope"' });
  });

  it('announces each change of its environment only, deletes included', async () => {
    const response = await fetch(`${t.url}/api/environments/production/live`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /^text\/event-stream/);
    const stream = events(response);
    assert.deepEqual(await stream.next(), { event: 'ready', data: {} });
    assert.equal((await t.admin('PATCH', '/api/environments/production/flags/checkout', { instructions: [{ kind: 'turnFlagOff' }] })).status, 200);
    assert.equal((await t.admin('POST', '/api/environments/staging/flags', { key: 'elsewhere', variations: [1], fallthrough: { variation: 0 } })).status, 201);
    assert.equal((await t.admin('POST', '/api/environments/production/flags', { key: 'extra', variations: [1], fallthrough: { variation: 0 } })).status, 201);
    assert.equal((await t.admin('DELETE', '/api/environments/production/flags/extra')).status, 200);
    const changes = [await stream.next(), await stream.next(), await stream.next()];
    await stream.cancel();
    assert.deepEqual(changes, [
      { event: 'change', data: { kind: 'flags', key: 'checkout', version: 2, deleted: false } },
      { event: 'change', data: { kind: 'flags', key: 'extra', version: 1, deleted: false } },
      { event: 'change', data: { kind: 'flags', key: 'extra', version: 2, deleted: true } },
    ]);
  });

  it('ends open streams when the server closes', async () => {
    const response = await fetch(`${t.url}/api/environments/production/live`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    const reader = response.body!.getReader();
    await reader.read(); // ready
    await t.server.close();
    let done = false;
    while (!done) done = (await reader.read().catch(() => ({ done: true }))).done;
    assert.equal(done, true);
  });
});
