import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pollUntil } from '../../helpers/poll-until';
import { SDK_KEY } from '../../e2e/helpers/e2e-data';
import { E2eServer } from '../../e2e/helpers/e2e-server';

const ROOT = join(__dirname, '..', '..', '..');

/** The example Nest app (examples/nestjs/main.ts) as a child process, with its output. */
class ExampleApp {
  output = '';
  exited: { code: number | null; signal: NodeJS.Signals | null; at: number } | undefined;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    child.on('exit', (code, signal) => (this.exited = { code, signal, at: Date.now() }));
  }

  static async start(baseUri: string): Promise<{ app: ExampleApp; url: string }> {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join('examples', 'nestjs', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, FLAGSTREAM_SDK_KEY: SDK_KEY, FLAGSTREAM_BASE_URI: baseUri, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new ExampleApp(child);
    await pollUntil(() => /shop listening on (\S+)/.test(app.output) || app.exited !== undefined, 'the app to listen', 30_000);
    const match = /shop listening on (\S+)/.exec(app.output);
    if (!match) throw new Error(`the example app did not start:\n${app.output}`);
    return { app, url: match[1] };
  }

  kill(): void {
    if (this.exited === undefined) this.child.kill('SIGKILL');
  }
}

/** Reads Server-Sent Events from `response` as text until `pattern` appears (or the stream ends). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, seen: { text: string }, pattern: RegExp): Promise<void> {
  const decoder = new TextDecoder();
  while (!pattern.test(seen.text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before ${pattern}: ${seen.text}`);
    seen.text += decoder.decode(value);
  }
}

describe('examples/nestjs against a real flag server over HTTP', function () {
  this.timeout(60_000);
  let server: E2eServer;
  let app: ExampleApp | undefined;

  before(async () => {
    server = await E2eServer.start();
  });

  after(async () => {
    app?.kill();
    await server.dispose();
  });

  it('guards a route (404 → 200 after an admin PATCH), streams a flag over SSE, and exits within 2 s of SIGTERM with the stream open', async () => {
    await server.patchFlag('checkout', { kind: 'turnFlagOff' });
    const started = await ExampleApp.start(server.url);
    app = started.app;
    const get = (path: string) => fetch(`${started.url}${path}`, { headers: { 'x-user': 'alice' } });

    const before = await get('/checkout');
    assert.equal(before.status, 404, await before.text());
    await server.patchFlag('checkout', { kind: 'turnFlagOn' });
    const deadline = Date.now() + 5000;
    while ((await get('/checkout')).status !== 200) {
      assert.ok(Date.now() < deadline, 'the guarded route did not open within 5 s of the PATCH');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await (await get('/checkout')).json(), { checkout: 'new' });
    assert.deepEqual(await (await get('/banner')).json(), { banner: 'hello' });

    const response = await fetch(`${started.url}/live/banner`, { headers: { 'x-user': 'alice' } });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const reader = response.body!.getReader();
    const seen = { text: '' };
    await readUntil(reader, seen, /"banner":"hello"/);
    await server.patchFlag('banner', { kind: 'turnFlagOff' });
    await readUntil(reader, seen, /"banner":"goodbye"/);

    // SIGTERM while the SSE response is open: the client closes in beforeApplicationShutdown,
    // the stream completes and the response ends, so Nest's HTTP server can close at once.
    const killedAt = Date.now();
    app.child.kill('SIGTERM');
    await pollUntil(() => app!.exited !== undefined, 'the app to exit', 10_000);
    const took = app.exited!.at - killedAt;
    assert.ok(took < 2000, `the app took ${took} ms to exit after SIGTERM`);
    assert.equal((await reader.read()).done, true, 'the SSE response ended');
    assert.doesNotMatch(app.output, /SDK_KEY|sdk-e2e-production/, 'the SDK key is never logged');
  });
});
