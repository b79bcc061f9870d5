import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, copyFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BARE_CONFIG, CONSUMER_FILES, NODE10_CONFIG, TYPE_CONFIGS, TYPED_FLAGS_CONFIG } from './consumers';

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

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Links `<dir>/node_modules/<name>` to the project's copy of package `name`. */
function linkPackage(dir: string, name: string): void {
  const target = join(dir, 'node_modules', name);
  mkdirSync(join(target, '..'), { recursive: true });
  if (!existsSync(target)) symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
}

describe('the packed package (npm run build, npm pack), installed as a user would', function () {
  this.timeout(20_000);
  let tmp: string;
  /** An application with the package, its dependencies and every optional peer. */
  let full: string;
  /** An application with the package and its dependencies only (no optional peer). */
  let bare: string;
  /** The full application with Nest 11 instead of the project's Nest 12. */
  let nest11: string;
  let built: Run;
  let packed: { files: Array<{ path: string }> };
  let manifest: Manifest;

  // The build and `npm pack` run once; both applications get the unpacked tarball as
  // node_modules/flagstream and symlinks to the project's node_modules for everything else.
  before(async function () {
    this.timeout(120_000);
    tmp = mkdtempSync(join(tmpdir(), 'flagstream-pack-'));
    const pkg = join(tmp, 'pkg');
    mkdirSync(pkg);
    for (const file of ['package.json', 'README.md', 'LICENSE']) copyFileSync(join(ROOT, file), join(pkg, file));
    cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'docs'), join(pkg, 'docs'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    built = await run('npm', ['run', '--silent', 'build', '--', '--out-dir', join(pkg, 'dist')], ROOT, 110_000);
    assert.equal(built.code, 0, `the build failed:\n${built.stdout}${built.stderr}`);
    const pack = await run('npm', ['pack', '--json', '--pack-destination', tmp], pkg, 60_000);
    assert.equal(pack.code, 0, `npm pack failed:\n${pack.stderr}`);
    packed = (JSON.parse(pack.stdout) as Array<typeof packed & { filename: string }>)[0];
    const tarball = join(tmp, (packed as unknown as { filename: string }).filename);
    manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
    full = join(tmp, 'full');
    bare = join(tmp, 'bare');
    for (const app of [full, bare]) {
      mkdirSync(join(app, 'node_modules'), { recursive: true });
      const untar = await run('tar', ['xzf', tarball, '-C', join(app, 'node_modules')], app);
      assert.equal(untar.code, 0, untar.stderr);
      renameSync(join(app, 'node_modules', 'package'), join(app, 'node_modules', 'flagstream'));
      for (const name of Object.keys(manifest.dependencies ?? {})) linkPackage(app, name);
      linkPackage(app, '@types/node');
    }
    for (const name of [...Object.keys(manifest.peerDependencies ?? {}), '@openfeature/core', '@nestjs/platform-express', '@nestjs/testing', 'typescript', 'typescript5']) linkPackage(full, name);
    // The same application with Nest 11 (npm installs it for the workspace spec/fixtures/nest11,
    // beside the project's Nest 12): the same peers, the four Nest packages linked to that copy.
    nest11 = join(tmp, 'nest11');
    cpSync(join(full, 'node_modules', 'flagstream'), join(nest11, 'node_modules', 'flagstream'), { recursive: true });
    for (const name of ['common', 'core', 'platform-express', 'testing']) {
      mkdirSync(join(nest11, 'node_modules', '@nestjs'), { recursive: true });
      symlinkSync(join(ROOT, 'spec', 'fixtures', 'nest11', 'node_modules', '@nestjs', name), join(nest11, 'node_modules', '@nestjs', name), 'dir');
    }
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) linkPackage(nest11, name);
    for (const [file, text] of Object.entries(CONSUMER_FILES)) {
      writeFileSync(join(full, file), text);
      writeFileSync(join(bare, file), text);
      writeFileSync(join(nest11, file), text);
    }
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('builds CommonJS, .d.ts and the generated ESM entries of the root and each subpath', () => {
    assert.match(built.stdout, /esm\/index\.mjs with \d+ exports, esm\/nestjs\.mjs with \d+ exports, esm\/openfeature\.mjs with \d+ exports, esm\/otel\.mjs with \d+ exports/);
  });

  it('packs the build, LICENSE (Apache-2.0), README, docs and the bin; no sources or specs', () => {
    const paths = packed.files.map((f) => f.path);
    for (const file of ['LICENSE', 'README.md', 'package.json', 'bin/flagstream-server.js', 'dist/index.js', 'dist/index.d.ts', 'dist/esm/index.mjs', 'dist/esm/nestjs.mjs', 'dist/esm/openfeature.d.mts', 'dist/integrations/otel/index.d.ts', 'dist/server/flag-server.d.ts']) {
      assert.ok(paths.includes(file), `${file} is not in the tarball`);
    }
    assert.deepEqual(paths.filter((p) => /^(lib|spec|bench|scripts|examples)\//.test(p)), []);
    assert.match(readFileSync(join(full, 'node_modules', 'flagstream', 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  });

  it('declares each framework (and ioredis) an optional peer dependency', () => {
    const peers = Object.keys(manifest.peerDependencies ?? {}).sort();
    assert.deepEqual(peers, ['@nestjs/common', '@nestjs/core', '@openfeature/server-sdk', '@opentelemetry/api', 'ioredis', 'reflect-metadata']);
    for (const peer of peers) assert.equal(manifest.peerDependenciesMeta?.[peer]?.optional, true, `${peer} is not optional`);
    assert.equal(manifest.dependencies?.ioredis, undefined);
  });

  it('works with require() by package name: root, flagstream/server and the subpaths; the process exits by itself', async () => {
    const result = await run(process.execPath, ['consumer.cjs'], full);
    assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
    const [names, offline, evaluated, closed, subpaths] = lines(result.stdout);
    assert.ok((names.exports as string[]).includes('createClient'));
    assert.equal(names.server, 'function', 'flagstream/server does not export createFlagServer');
    assert.deepEqual(offline, { offline: 'fallback' });
    assert.deepEqual(evaluated, { values: ['hello', 'bonjour'], closedBefore: false });
    assert.deepEqual(closed, { closed: true });
    assert.deepEqual(subpaths, { nestjs: 'function', openfeature: 'function', otel: 'function', sameClient: true });
    assert.equal(result.stderr, '');
  });

  it('works with import by package name: the same exports and objects as require(), subpaths too', async () => {
    const cjs = lines((await run(process.execPath, ['consumer.cjs'], full)).stdout)[0];
    const result = await run(process.execPath, ['consumer.mjs'], full);
    assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
    const [names, offline, evaluated, closed, subpaths] = lines(result.stdout);
    assert.deepEqual(names, { exports: cjs.exports, sameAsRequire: true, server: 'function' });
    assert.deepEqual(offline, { offline: 'fallback' });
    assert.deepEqual(evaluated, { values: ['hello', 'bonjour'], closedBefore: false });
    assert.deepEqual(closed, { closed: true });
    assert.deepEqual(subpaths, { nestjs: true, openfeature: true, otel: true });
    assert.equal(result.stderr, '');
  });

  for (const [major, app] of [
    ['12', () => full],
    ['11', () => nest11],
  ] as const) {
    it(`serves a Nest ${major} application from CommonJS: a guarded route turns on with its flag, @FlagValue, exits by itself`, async () => {
      const result = await run(process.execPath, ['nest-consumer.cjs'], app());
      assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
      const [outcome] = lines(result.stdout);
      assert.match(String(outcome.nest), new RegExp(`^${major}\\.`), 'the Nest major the application holds');
      assert.deepEqual({ ...outcome, nest: major }, { nest: major, before: 404, after: 200, banner: { banner: 'summer' } });
    });
  }

  it('without the optional peers: the root works (no ioredis either), each subpath fails naming the package to install', async () => {
    const result = await run(process.execPath, ['missing-peers.cjs'], bare);
    assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
    const [root, nestjs, openfeature, otel] = lines(result.stdout);
    assert.deepEqual(root, { value: 'fallback' });
    assert.deepEqual(nestjs, { name: 'MissingPeerError', message: 'flagstream/nestjs needs @nestjs/common and @nestjs/core and reflect-metadata, which are not installed: run `npm install @nestjs/common @nestjs/core reflect-metadata`' });
    assert.deepEqual(openfeature, { name: 'MissingPeerError', message: 'flagstream/openfeature needs @openfeature/server-sdk, which is not installed: run `npm install @openfeature/server-sdk`' });
    assert.deepEqual(otel, { name: 'MissingPeerError', message: 'flagstream/otel needs @opentelemetry/api, which is not installed: run `npm install @opentelemetry/api`' });
    const esm = await run(process.execPath, ['--input-type=module', '-e', "import('flagstream/openfeature').catch((e) => console.log(e.message))"], bare);
    assert.match(esm.stdout, /flagstream\/openfeature needs @openfeature\/server-sdk/);
  });

  it('without the optional peers (ioredis included), the root declarations compile with skipLibCheck: false', async function () {
    this.timeout(60_000);
    const tsc = join(full, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', BARE_CONFIG], bare, 50_000);
    assert.equal(result.code, 0, `tsc -p ${BARE_CONFIG} reported:\n${result.stdout}${result.stderr}`);
  });

  it('type-checks CommonJS and ESM consumers under node16 (Nest aside), nodenext and bundler resolution, declarations with skipLibCheck: false', async function () {
    this.timeout(60_000);
    const tsc = join(full, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const config of Object.keys(TYPE_CONFIGS)) {
      const result = await run(process.execPath, [tsc, '-p', config], full, 50_000);
      assert.equal(result.code, 0, `tsc -p ${config} reported:\n${result.stdout}${result.stderr}`);
    }
  });

  it('resolves flagstream/server and every subpath under node10 resolution (TypeScript 5)', async function () {
    this.timeout(60_000);
    const tsc = join(full, 'node_modules', 'typescript5', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', NODE10_CONFIG, '--listFilesOnly'], full, 50_000);
    assert.equal(result.code, 0, `tsc -p ${NODE10_CONFIG} reported:\n${result.stdout}${result.stderr}`);
    const files = result.stdout.split('\n').map((line) => line.trim());
    for (const declaration of ['dist/index.d.ts', 'dist/server/flag-server.d.ts', 'dist/integrations/nestjs/index.d.ts', 'dist/integrations/openfeature/index.d.ts', 'dist/integrations/otel/index.d.ts']) {
      assert.ok(files.some((file) => file.endsWith(`node_modules/flagstream/${declaration}`)), `${declaration} was not resolved:\n${result.stdout}`);
    }
  });

  it('typed flags: `flagstream-server types` writes a declaration that checks keys and types values (ESM and CJS)', async function () {
    this.timeout(60_000);
    const bin = join(full, 'node_modules', 'flagstream', 'bin', 'flagstream-server.js');
    const generated = await run(process.execPath, [bin, 'types', '--data', 'flags-data.json', '--out', 'flagstream-flags.d.ts'], full);
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(readFileSync(join(full, 'flagstream-flags.d.ts'), 'utf8'), /"new-checkout": boolean;/);
    const tsc = join(full, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', TYPED_FLAGS_CONFIG], full, 50_000);
    assert.equal(result.code, 0, `tsc -p ${TYPED_FLAGS_CONFIG} reported:\n${result.stdout}${result.stderr}`);
  });

  it('runs the server from dist/ through bin/flagstream-server.js', async () => {
    const result = await run(process.execPath, [join(full, 'node_modules', 'flagstream', 'bin', 'flagstream-server.js'), '--help'], full);
    assert.equal(result.code, 0, `exit ${result.code}:\n${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /^Usage: flagstream-server/);
  });

  it('requires at run time only Node built-ins, declared dependencies and (from the subpaths) optional peers', () => {
    const dist = join(full, 'node_modules', 'flagstream', 'dist');
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const builtins = new Set(builtinModules);
    const undeclared = new Set<string>();
    const seen = new Set<string>();
    for (const file of jsFiles(dist)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)|\bfrom '([^'.][^']*)'/g)) {
        const specifier = match[1] ?? match[2];
        if (specifier.startsWith('.') || specifier.startsWith('flagstream')) continue; // (doc comments show the package's own imports)
        const name = specifier.startsWith('@') ? specifier.split('/', 2).join('/') : specifier.split('/', 1)[0];
        seen.add(name);
        if (!specifier.startsWith('node:') && !builtins.has(name) && !declared.has(name)) undeclared.add(`${name} (${file.slice(dist.length + 1)})`);
      }
    }
    assert.ok(seen.has('rxjs') && seen.has('ws') && seen.has('node:crypto') && seen.has('@nestjs/common'), `the scan found too little: ${[...seen].join(', ')}`);
    assert.deepEqual([...undeclared], []);
  });
});
