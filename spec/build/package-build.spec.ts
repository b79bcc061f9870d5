import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; a process still alive after `limitMs` is killed (code null). */
function run(command: string, args: readonly string[], cwd: string, limitMs = 15_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What both consumer scripts do with the package; prints one JSON line per result. */
const CONSUMER_BODY = `
const offline = createClient({ offline: true, logger: silentLogger });
console.log(JSON.stringify({ offline: offline.variation('any-flag', { kind: 'user', key: 'u1' }, 'fallback') }));
await offline.close();
const td = new TestData();
td.update(td.flag('greeting').variations('hello', 'bonjour').variationForUser('marie', 1).fallthroughVariation(0));
const client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger });
await client.waitForInitialization({ timeout: 1000 });
const values = ['u1', 'marie'].map((key) => client.variation('greeting', { kind: 'user', key }, 'none'));
console.log(JSON.stringify({ values, closedBefore: client.closed }));
await client.close();
console.log(JSON.stringify({ closed: client.closed }));
`;

const CJS_CONSUMER = `'use strict';
const { createClient, TestData, silentLogger } = require('flagstream');
console.log(JSON.stringify({ exports: Object.keys(require('flagstream')).sort(), server: typeof require('flagstream/server').createFlagServer }));
(async () => {${CONSUMER_BODY}})();
`;

const ESM_CONSUMER = `import { createRequire } from 'node:module';
import * as namespace from 'flagstream';
import { createClient, TestData, silentLogger } from 'flagstream';
import { createFlagServer } from 'flagstream/server';
const required = createRequire(import.meta.url)('flagstream');
console.log(JSON.stringify({ exports: Object.keys(namespace).sort(), sameAsRequire: Object.keys(required).every((k) => namespace[k] === required[k]), server: typeof createFlagServer }));
${CONSUMER_BODY}`;

/** Type-checked against the built declarations; an unused @ts-expect-error fails the check. */
const TYPED_ESM = `import { createClient, type FlagstreamClient, type EvaluationDetail, TestData } from 'flagstream';
const client: FlagstreamClient = createClient({ dataSource: new TestData(), sendEvents: false });
const on: boolean = client.variation('f', { kind: 'user', key: 'k' }, false);
const detail: EvaluationDetail<string> = client.stringVariationDetail('f', { kind: 'user', key: 'k' }, 'x');
// @ts-expect-error the value's type follows the default value
const wrong: string = client.variation('f', { kind: 'user', key: 'k' }, false);
// @ts-expect-error the package has no default export
import flagstream from 'flagstream';
export { on, detail, wrong, flagstream };
`;

const TYPED_CJS = `import flagstream = require('flagstream');
import server = require('flagstream/server');
export const make: typeof server.createFlagServer = server.createFlagServer;
const client: flagstream.FlagstreamClient = flagstream.createClient({ offline: true });
export const n: number = client.numberVariation('f', { kind: 'user', key: 'k' }, 1);
// @ts-expect-error unknown option names are rejected by the types too
flagstream.createClient({ ofline: true });
`;

function lines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return /\.(c|m)?js$/.test(entry.name) ? [path] : [];
  });
}

describe('npm run build: the published package', function () {
  this.timeout(20_000);
  let tmp: string;
  let pkg: string;
  let app: string;
  let built: Run;

  // An installed copy, as npm would lay it out: <tmp>/pkg holds this package.json, the build and
  // a copy of the bin, with the project's node_modules as its dependencies; <tmp>/app requires it
  // by name through <tmp>/app/node_modules/flagstream. The project's own dist/ is not touched.
  before(async function () {
    this.timeout(90_000);
    tmp = mkdtempSync(join(tmpdir(), 'flagstream-build-'));
    pkg = join(tmp, 'pkg');
    app = join(tmp, 'app');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    copyFileSync(join(ROOT, 'bin', 'flagstream-server.js'), join(pkg, 'bin', 'flagstream-server.js'));
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    symlinkSync(pkg, join(app, 'node_modules', 'flagstream'), 'dir');
    writeFileSync(join(app, 'consumer.cjs'), CJS_CONSUMER);
    writeFileSync(join(app, 'consumer.mjs'), ESM_CONSUMER);
    built = await run('npm', ['run', '--silent', 'build', '--', '--out-dir', join(pkg, 'dist')], ROOT, 80_000);
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('compiles lib/ into CommonJS, .d.ts and the generated ESM entry', () => {
    assert.equal(built.code, 0, `the build failed:\n${built.stdout}${built.stderr}`);
    for (const file of ['index.js', 'index.d.ts', 'esm/index.mjs', 'esm/index.d.mts', 'client/flagstream-client.d.ts', 'server/cli.js']) {
      assert.ok(existsSync(join(pkg, 'dist', file)), `dist/${file} is missing`);
    }
    assert.match(built.stdout, /ESM entry esm\/index\.mjs with \d+ exports/);
  });

  it('works with require() by package name (flagstream, flagstream/server), and the process exits by itself', async () => {
    const result = await run(process.execPath, ['consumer.cjs'], app);
    assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
    const [names, offline, evaluated, closed] = lines(result.stdout);
    assert.ok((names.exports as string[]).includes('createClient'));
    assert.equal(names.server, 'function', 'flagstream/server does not export createFlagServer');
    assert.deepEqual(offline, { offline: 'fallback' });
    assert.deepEqual(evaluated, { values: ['hello', 'bonjour'], closedBefore: false });
    assert.deepEqual(closed, { closed: true });
    assert.equal(result.stderr, '');
  });

  it('works with import by package name: the same exports and objects as require()', async () => {
    const cjs = lines((await run(process.execPath, ['consumer.cjs'], app)).stdout)[0];
    const result = await run(process.execPath, ['consumer.mjs'], app);
    assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
    const [names, offline, evaluated, closed] = lines(result.stdout);
    assert.deepEqual(names, { exports: cjs.exports, sameAsRequire: true, server: 'function' });
    assert.deepEqual(offline, { offline: 'fallback' });
    assert.deepEqual(evaluated, { values: ['hello', 'bonjour'], closedBefore: false });
    assert.deepEqual(closed, { closed: true });
    assert.equal(result.stderr, '');
  });

  it('declares types for import and require consumers (TypeScript nodenext)', async () => {
    writeFileSync(join(app, 'typed.mts'), TYPED_ESM);
    writeFileSync(join(app, 'typed.cts'), TYPED_CJS);
    const options = { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], skipLibCheck: false };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['typed.mts', 'typed.cts'] }));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
    assert.equal(result.code, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
  });

  it('runs the server from dist/ through bin/flagstream-server.js', async () => {
    const result = await run(process.execPath, [join(pkg, 'bin', 'flagstream-server.js'), '--help'], app);
    assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /^Usage: flagstream-server/);
  });

  it('requires at run time only Node built-ins and declared dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const builtins = new Set(builtinModules);
    const undeclared = new Set<string>();
    const seen = new Set<string>();
    for (const file of jsFiles(join(pkg, 'dist'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)|\bfrom '([^'.][^']*)'/g)) {
        const specifier = match[1] ?? match[2];
        if (specifier.startsWith('.')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/', 2).join('/') : specifier.split('/', 1)[0];
        seen.add(name);
        if (!specifier.startsWith('node:') && !builtins.has(name) && !declared.has(name)) undeclared.add(`${name} (${file.slice(pkg.length + 1)})`);
      }
    }
    assert.ok(seen.has('rxjs') && seen.has('ws') && seen.has('node:crypto'), `the scan found too little: ${[...seen].join(', ')}`);
    assert.deepEqual([...undeclared], []);
  });
});
