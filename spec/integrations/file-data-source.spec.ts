import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createClient } from '../../lib/client/create-client';
import { InitializationFailedError } from '../../lib/errors/initialization-failed-error';
import { InvalidOptionError } from '../../lib/errors/invalid-option-error';
import { silentLogger } from '../../lib/logging/logger';
import { fileDataSource, FileDataSourceOptions } from '../../lib/integrations/file-data-source';
import { EventQueue, recordingLogger, tempDirectory, testContext } from './event-queue';

describe('fileDataSource: loading', () => {
  let dir: ReturnType<typeof tempDirectory>;
  let queue: EventQueue | undefined;
  beforeEach(() => (dir = tempDirectory()));
  afterEach(() => {
    queue?.close();
    queue = undefined;
    dir.remove();
  });

  function connect(options: FileDataSourceOptions, logger = recordingLogger()): EventQueue {
    queue = new EventQueue(fileDataSource(options).connect(testContext(logger)));
    return queue;
  }

  it('loads flags, flagValues and segments from JSON, then reports VALID', async () => {
    const path = dir.file('flags.json');
    writeFileSync(
      path,
      JSON.stringify({
        flags: { checkout: { on: true, variations: ['a', 'b'], fallthrough: { variation: 1 }, version: 7 } },
        flagValues: { banner: 'hello' },
        segments: { beta: { included: ['u1'] } },
      }),
    );
    const events = connect({ paths: [path] });
    assert.deepEqual(await events.take(), {
      type: 'put',
      data: {
        flags: {
          checkout: { key: 'checkout', version: 7, on: true, variations: ['a', 'b'], fallthrough: { variation: 1 } },
          banner: { key: 'banner', version: 1, on: true, fallthrough: { variation: 0 }, variations: ['hello'] },
        },
        segments: { beta: { key: 'beta', version: 1, included: ['u1'] } },
      },
    });
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
  });

  it('loads YAML files (by extension) and merges several files', async () => {
    const yamlPath = dir.file('flags.YAML');
    writeFileSync(yamlPath, 'flagValues:\n  limit: 42\nsegments:\n  staff:\n    version: 3\n    excluded: [bob]\n');
    const ymlPath = dir.file('more.yml');
    writeFileSync(ymlPath, 'flags:\n  dark-mode:\n    on: false\n    offVariation: 0\n    variations: [true, false]\n');
    const jsonPath = dir.file('values.json');
    writeFileSync(jsonPath, '\uFEFF{"flagValues": {"theme": {"color": "red"}}}');
    const events = connect({ paths: [yamlPath, ymlPath, jsonPath] });
    const put = await events.take();
    assert.equal(put.type, 'put');
    assert.deepEqual(Object.keys(put.data.flags), ['limit', 'dark-mode', 'theme']);
    assert.deepEqual(put.data.flags.limit.variations, [42]);
    assert.deepEqual(put.data.flags['dark-mode'], {
      key: 'dark-mode',
      version: 1,
      on: false,
      offVariation: 0,
      variations: [true, false],
    });
    assert.deepEqual(put.data.flags.theme.variations, [{ color: 'red' }]);
    assert.deepEqual(put.data.segments, { staff: { key: 'staff', version: 3, excluded: ['bob'] } });
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
  });

  /** Unwatched files that cannot be loaded: a final `OFF` naming the problem, then completion. */
  async function expectFailed(events: EventQueue, kind: string, message: string | RegExp): Promise<void> {
    const event = await events.take();
    assert.ok(event.type === 'status' && event.state === 'OFF', `expected OFF, got ${JSON.stringify(event)}`);
    assert.equal(events.completed, true, 'nothing can fix unwatched files: the source completes');
    assert.equal(event.error?.kind, kind);
    if (typeof message === 'string') assert.equal(event.error?.message, message);
    else assert.match(event.error?.message ?? '', message);
    assert.ok(Math.abs((event.error?.time ?? 0) - Date.now()) < 5000, 'error time is now');
    await events.expectNothing(50);
  }

  it('rejects a key defined in two files, naming the key and both files, and loads nothing', async () => {
    const first = dir.file('a.json');
    const second = dir.file('b.yaml');
    writeFileSync(first, '{"flags": {"shared": {"on": true}}, "flagValues": {"only-a": 1}}');
    writeFileSync(second, 'flagValues:\n  shared: true\n');
    const logger = recordingLogger();
    await expectFailed(
      connect({ paths: [first, second] }, logger),
      'INVALID_DATA',
      `${second}: flag key "shared" is defined twice: in ${first} (flags) and in ${second} (flagValues)`,
    );
    assert.ok(logger.lines.some((line) => line.startsWith('error: ') && line.includes('"shared"')));
  });

  it('rejects a key defined twice within one file', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, '{"flags": {"x": {}}, "flagValues": {"x": 1}}');
    await expectFailed(
      connect({ paths: [path] }),
      'INVALID_DATA',
      `${path}: flag key "x" is defined twice: in ${path} (flags) and in ${path} (flagValues)`,
    );
  });

  it('reports a missing file as UNKNOWN with its path', async () => {
    const path = dir.file('missing.json');
    await expectFailed(connect({ paths: [path] }), 'UNKNOWN', `${path}: file not found (ENOENT)`);
  });

  it('reports bad JSON and bad YAML with the path and the parser message', async () => {
    const json = dir.file('bad.json');
    writeFileSync(json, '{"flags": {');
    await expectFailed(connect({ paths: [json] }), 'INVALID_DATA', new RegExp(`^${escape(json)}: invalid JSON: .+`));
    queue?.close();
    const yaml = dir.file('bad.yaml');
    writeFileSync(yaml, 'flagValues:\n  a: 1\n  a: 2\n');
    await expectFailed(
      connect({ paths: [yaml] }),
      'INVALID_DATA',
      `${yaml}: invalid YAML: Map keys must be unique at line 3, column 3`,
    );
  });

  it('skips only a flag or segment that cannot be used, warning with its exact paths; the rest loads', async () => {
    const path = dir.file('flags.json');
    writeFileSync(
      path,
      JSON.stringify({
        flags: { checkout: { variations: 5, rules: [{}, { clauses: [{ op: 7 }] }] }, ok: { on: true, variations: [1], fallthrough: { variation: 0 } } },
        segments: { broken: { included: 'u1' }, fine: { included: ['u1'] } },
      }),
    );
    const logger = recordingLogger();
    const events = connect({ paths: [path] }, logger);
    const put = await events.take();
    assert.ok(put.type === 'put');
    assert.deepEqual(Object.keys(put.data.flags), ['ok']);
    assert.deepEqual(Object.keys(put.data.segments), ['fine']);
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
    assert.deepEqual(
      logger.lines.filter((line) => line.startsWith('warn: ')),
      [
        `warn: flag file item not loaded: ${path}: flags.checkout skipped: flags.checkout.rules[1].clauses[0].op: expected string, got 7; ` +
          'flags.checkout.variations: expected Array<unknown> or null, got 5',
        `warn: flag file item not loaded: ${path}: segments.broken skipped: segments.broken.included: expected Array<string> or null, got "u1"`,
      ],
    );
  });

  it("loads LaunchDarkly's user-kind contextTargets without values (their keys are in targets)", async () => {
    const path = dir.file('flags.json');
    const flag = {
      key: 'f', version: 3, on: true, variations: ['a', 'b'], fallthrough: { variation: 0 }, offVariation: 0,
      targets: [{ values: ['u1'], variation: 1 }],
      contextTargets: [{ contextKind: 'user', variation: 1 }, { contextKind: 'org', values: ['o1'], variation: 1 }],
    };
    writeFileSync(path, JSON.stringify({ flags: { f: flag } }));
    const client = createClient({ dataSource: fileDataSource({ paths: [path] }), sendEvents: false, logger: silentLogger });
    try {
      await client.waitForInitialization({ timeout: 5000 });
      assert.equal(client.variation('f', { kind: 'user', key: 'u1' }, 'default'), 'b');
      assert.equal(client.variation('f', { kind: 'org', key: 'o1' }, 'default'), 'b');
      assert.equal(client.variation('f', { kind: 'user', key: 'u2' }, 'default'), 'a');
    } finally {
      await client.close();
    }
  });

  it('applies YAML merge keys (<<: *base)', async () => {
    const path = dir.file('flags.yaml');
    writeFileSync(
      path,
      'base: &base\n  on: true\n  variations: [off, on]\n  offVariation: 0\n  fallthrough: { variation: 1 }\n' +
        'flags:\n  new-ui:\n    <<: *base\n    version: 2\n  old-ui:\n    <<: *base\n    on: false\n',
    );
    const client = createClient({ dataSource: fileDataSource({ paths: [path] }), sendEvents: false, logger: silentLogger });
    try {
      await client.waitForInitialization({ timeout: 5000 });
      assert.equal(client.variation('new-ui', { key: 'u' }, 'default'), 'on');
      assert.equal(client.variation('old-ui', { key: 'u' }, 'default'), 'off');
      assert.equal(client.variationDetail('new-ui', { key: 'u' }, 'default').reason.kind, 'FALLTHROUGH');
    } finally {
      await client.close();
    }
  });

  it('reports the first broken file in path order and logs every one', async () => {
    const good = dir.file('good.json');
    const missing = dir.file('missing.json');
    const broken = dir.file('broken.yaml');
    writeFileSync(good, '{"flagValues": {"a": 1}}');
    writeFileSync(broken, 'flags: 3\n');
    const logger = recordingLogger();
    await expectFailed(connect({ paths: [good, missing, broken] }, logger), 'UNKNOWN', `${missing}: file not found (ENOENT)`);
    assert.deepEqual(
      logger.lines.filter((line) => line.startsWith('error: ')),
      [
        `error: flag files not loaded: ${missing}: file not found (ENOENT)`,
        `error: flag files not loaded: ${broken}: flags: expected Record<string, FileFlag> or null, got 3`,
      ],
    );
  });

  it('rejects an explicit key that differs from its map key', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, '{"segments": {"a": {"key": "b"}}}');
    await expectFailed(connect({ paths: [path] }), 'INVALID_DATA', `${path}: segments.a.key: "b" does not match its map key "a"`);
  });

  it('refuses empty, oversized, self-referencing, too deeply nested and non-regular files', async () => {
    const empty = dir.file('empty.yaml');
    writeFileSync(empty, '  \n');
    await expectFailed(connect({ paths: [empty] }), 'INVALID_DATA', `${empty}: file is empty`);
    queue?.close();

    const big = dir.file('big.json');
    writeFileSync(big, JSON.stringify({ flagValues: { a: 'x'.repeat(200) } }));
    await expectFailed(
      connect({ paths: [big], maxFileBytes: 100 }),
      'INVALID_DATA',
      /big\.json: file is \d+ bytes, more than the limit of 100 bytes$/,
    );
    queue?.close();

    const loop = dir.file('loop.yaml');
    writeFileSync(loop, 'flagValues:\n  a: &x\n    b: *x\n');
    await expectFailed(connect({ paths: [loop] }), 'INVALID_DATA', new RegExp(`^${escape(loop)}: invalid YAML: Converting circular structure to JSON`));
    queue?.close();

    const deep = dir.file('deep.json');
    writeFileSync(deep, `{"flagValues": {"a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}}`);
    await expectFailed(connect({ paths: [deep] }), 'INVALID_DATA', `${deep}: data is nested more than 1000 levels deep`);
    queue?.close();

    await expectFailed(connect({ paths: [dir.path] }), 'UNKNOWN', `${dir.path}: not a regular file`);
    queue?.close();

    const fifo = dir.file('pipe.json'); // opening it for reading would block until a writer came
    execFileSync('mkfifo', [fifo]);
    await expectFailed(connect({ paths: [fifo] }), 'UNKNOWN', `${fifo}: not a regular file`);
  });

  it('keeps a hostile __proto__ key a plain key', async () => {
    const path = dir.file('flags.json');
    writeFileSync(path, '{"flagValues": {"__proto__": {"polluted": true}, "ok": 1}}');
    const put = await connect({ paths: [path] }).take();
    assert.equal(put.type, 'put');
    assert.deepEqual(Object.keys(put.data.flags), ['__proto__', 'ok']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('throws InvalidOptionError for bad options', () => {
    const bad: unknown[] = [
      {},
      { paths: [] },
      { paths: 'flags.json' },
      { paths: ['a.json', ''] },
      { paths: ['a.json', './a.json'] },
      { paths: ['a.json'], watch: 'yes' },
      { paths: ['a.json'], debounce: -1 },
      { paths: ['a.json'], maxFileBytes: 0.5 },
    ];
    for (const options of bad) {
      assert.throws(() => fileDataSource(options as FileDataSourceOptions), InvalidOptionError, JSON.stringify(options));
    }
    assert.throws(() => fileDataSource({ paths: [] }), /Invalid option 'fileDataSource.paths': expected a non-empty array/);
    assert.throws(() => fileDataSource({ paths: ['a.json', 'a.json'] }), /'fileDataSource.paths\[1\]': a.json is listed twice/);
  });

  it('resolves relative paths when created, and names them in full', async () => {
    const cwd = process.cwd();
    process.chdir(dir.path);
    let source;
    try {
      source = fileDataSource({ paths: ['relative.json'] });
    } finally {
      process.chdir(cwd);
    }
    const events = (queue = new EventQueue(source.connect(testContext())));
    await expectFailed(events, 'UNKNOWN', `${dir.file('relative.json')}: file not found (ENOENT)`);
  });

  it('stays subscribed without watch, and does not read the files before connect', async () => {
    const path = dir.file('late.json');
    const source = fileDataSource({ paths: [path] });
    writeFileSync(path, '{"flagValues": {"late": true}}');
    const events = (queue = new EventQueue(source.connect(testContext())));
    assert.equal((await events.take()).type, 'put');
    assert.deepEqual(await events.take(), { type: 'status', state: 'VALID' });
    await events.expectNothing(50);
    assert.equal(events.completed, false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('fileDataSource: a broken, unwatched file fails initialization at once', () => {
  it('rejects waitForInitialization with the file problem long before the timeout; the client is OFF', async () => {
    const dir = tempDirectory();
    const path = dir.file('broken.json');
    writeFileSync(path, '{"flagValues": {"a": true},');
    const client = createClient({ dataSource: fileDataSource({ paths: [path] }), logger: silentLogger });
    try {
      const started = Date.now();
      await assert.rejects(client.waitForInitialization({ timeout: 8000 }), (error: unknown) => {
        assert.ok(error instanceof InitializationFailedError, `got ${String(error)}`);
        assert.equal(error.error?.kind, 'INVALID_DATA');
        assert.ok(error.message.includes(`${path}: invalid JSON`), error.message);
        return true;
      });
      assert.ok(Date.now() - started < 4000, `rejected after ${Date.now() - started} ms`);
      const states: string[] = [];
      client.status$.subscribe((status) => states.push(status.state)).unsubscribe();
      assert.deepEqual(states, ['OFF']);
    } finally {
      await client.close();
      dir.remove();
    }
  });
});
