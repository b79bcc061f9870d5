import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSourceEvent } from '../../lib/data-sources/data-source';
import { fileDataSource } from '../../lib/integrations/file-data-source';
import { EventQueue, tempDirectory, testContext } from './event-queue';

const DEBOUNCE = 20;

function flagValues(values: Record<string, unknown>): string {
  return JSON.stringify({ flagValues: values });
}

function assertPut(event: DataSourceEvent, flags: Record<string, { value: unknown; version: number }>): void {
  assert.equal(event.type, 'put', `expected a put, got ${JSON.stringify(event)}`);
  const actual = Object.fromEntries(
    Object.entries(event.data.flags).map(([key, flag]) => [key, { value: flag.variations?.[0], version: flag.version }]),
  );
  assert.deepEqual(actual, flags);
}

describe('fileDataSource: watching', () => {
  let dir: ReturnType<typeof tempDirectory>;
  let queue: EventQueue | undefined;
  beforeEach(() => (dir = tempDirectory()));
  afterEach(() => {
    queue?.close();
    queue = undefined;
    dir.remove();
  });

  async function connectWatching(paths: string[]): Promise<EventQueue> {
    queue = new EventQueue(fileDataSource({ paths, watch: true, debounce: DEBOUNCE }).connect(testContext()));
    return queue;
  }

  it('emits a new put with a higher version when a file is edited', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, flagValues({ a: 1, b: 'same' }));
    const events = await connectWatching([path]);
    assertPut(await events.take(), { a: { value: 1, version: 1 }, b: { value: 'same', version: 1 } });
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });

    writeFileSync(path, flagValues({ a: 2, b: 'same' }));
    assertPut(await events.take(), { a: { value: 2, version: 2 }, b: { value: 'same', version: 1 } });
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
  });

  it('emits nothing when a file is rewritten with identical content', async () => {
    const path = dir.file('flags.yaml');
    writeFileSync(path, 'flagValues:\n  a: 1\n');
    const events = await connectWatching([path]);
    assertPut(await events.take(), { a: { value: 1, version: 1 } });
    await events.take(); // VALID
    writeFileSync(path, 'flagValues:\n  a: 1\n');
    await events.expectNothing(DEBOUNCE + 250);
    writeFileSync(path, 'flagValues:\n  a: 3\n');
    assertPut(await events.take(), { a: { value: 3, version: 2 } });
  });

  it('reports a broken file as INTERRUPTED, keeps the data, and recovers when it is fixed', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, flagValues({ a: 1 }));
    const events = await connectWatching([path]);
    assertPut(await events.take(), { a: { value: 1, version: 1 } });
    await events.take(); // VALID

    writeFileSync(path, '{"flagValues": {"a": ');
    const broken = await events.take();
    assert.ok(broken.type === 'status' && broken.state === 'INTERRUPTED', JSON.stringify(broken));
    assert.equal(broken.error?.kind, 'INVALID_DATA');
    assert.ok(broken.error?.message.startsWith(`${path}: invalid JSON: `), broken.error?.message);

    writeFileSync(path, flagValues({ a: 5 }));
    assertPut(await events.take(), { a: { value: 5, version: 2 } });
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
  });

  it('reports VALID without a put when a broken file is restored unchanged', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, flagValues({ a: 1 }));
    const events = await connectWatching([path]);
    await events.take(); // put
    await events.take(); // VALID
    writeFileSync(path, '[]');
    assert.equal(((await events.take()) as { state?: string }).state, 'INTERRUPTED');
    writeFileSync(path, flagValues({ a: 1 }));
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
  });

  it('picks up a file replaced by a rename, as editors save', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, flagValues({ a: 'old' }));
    const events = await connectWatching([path]);
    await events.take(); // put
    await events.take(); // VALID

    const temporary = join(dir.path, '.flags.json.swp');
    writeFileSync(temporary, flagValues({ a: 'new' }));
    renameSync(temporary, path);
    assertPut(await events.take(), { a: { value: 'new', version: 2 } });
  });

  it('loads a file that did not exist when it connected', async () => {
    const path = dir.file('later.yml');
    const events = await connectWatching([path]);
    const missing = await events.take();
    assert.ok(missing.type === 'status' && missing.state === 'INTERRUPTED');
    assert.equal(missing.error?.message, `${path}: file not found (ENOENT)`);

    writeFileSync(path, 'flagValues:\n  born: true\n');
    assertPut(await events.take(), { born: { value: true, version: 1 } });
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
  });

  it('ignores changes to other files in the same directory', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, flagValues({ a: 1 }));
    const events = await connectWatching([path]);
    await events.take(); // put
    await events.take(); // VALID
    writeFileSync(dir.file('other.json'), '{ not even json');
    await events.expectNothing(DEBOUNCE + 200);
  });

  describe('open handles', function () {
    this.timeout(20_000);

    /**
     * Runs a script that watches a file and, once VALID, either unsubscribes or not. Resolves with
     * whether the process exited by itself within `graceMs` of reporting VALID.
     */
    function runChild(
      unsubscribe: boolean,
      path: string,
      graceMs: number,
    ): Promise<{ exited: boolean; stdout: string; code: number | null }> {
      const script = `
        const { fileDataSource } = require(${JSON.stringify(join(__dirname, '../../lib/integrations/file-data-source'))});
        const { asyncScheduler } = require('rxjs');
        const logger = { error() {}, warn() {}, info() {}, debug() {} };
        const subscription = fileDataSource({ paths: [${JSON.stringify(path)}], watch: true })
          .connect({ sdkKey: 'k', logger, scheduler: asyncScheduler })
          .subscribe((event) => {
            if (event.type !== 'status' || event.state !== 'VALID') return;
            process.stdout.write('valid;');
            if (${unsubscribe}) setImmediate(() => { subscription.unsubscribe(); process.stdout.write('unsubscribed;'); });
          });
      `;
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--require', 'tsx/cjs', '--eval', script], {
          cwd: join(__dirname, '../..'),
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        let timer: NodeJS.Timeout | undefined;
        const giveUp = (): void => {
          child.kill();
          resolve({ exited: false, stdout, code: null });
        };
        const startup = setTimeout(giveUp, 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (!timer && stdout.includes('valid;')) {
            clearTimeout(startup);
            timer = setTimeout(giveUp, graceMs);
          }
        });
        child.on('error', reject);
        child.on('exit', (code) => {
          clearTimeout(startup);
          clearTimeout(timer);
          resolve({ exited: true, stdout, code });
        });
      });
    }

    it('leaves nothing that keeps the process alive after unsubscribe', async () => {
      const path = dir.file('flags.json');
      writeFileSync(path, flagValues({ a: 1 }));
      const result = await runChild(true, path, 4000);
      assert.deepEqual(result, { exited: true, stdout: 'valid;unsubscribed;', code: 0 });
    });

    it('keeps the process alive while subscribed with watch (the check above can fail)', async () => {
      const path = dir.file('flags.json');
      writeFileSync(path, flagValues({ a: 1 }));
      const result = await runChild(false, path, 700);
      assert.deepEqual(result, { exited: false, stdout: 'valid;', code: null });
    });
  });
});
