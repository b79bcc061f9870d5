#!/usr/bin/env node
/**
 * `npm run build [-- --out-dir <dir>]`: compiles `lib/` into a publishable `dist/`.
 *
 * 1. Empties the output directory (default `dist/` of the project root).
 * 2. Runs the TypeScript compiler of devDependencies (`tsc -p tsconfig.build.json`, TypeScript 7
 *    native) with `--outDir <dir>`: CommonJS `.js`, `.d.ts` and source maps, mirroring `lib/`
 *    (so `dist/index.js` is the package entry and `dist/server/cli.js` the server's, which
 *    `bin/flagstream-server.js` runs).
 * 3. For each entry ({@link ENTRIES}: the package root and the subpaths `flagstream/nestjs`,
 *    `flagstream/openfeature`, `flagstream/otel`), loads the compiled CommonJS file and writes
 *    the ESM entry from its export names: `esm/<name>.mjs` re-exports each name of the one
 *    CommonJS instance (no dual-package hazard: `require` and `import` share the same classes and
 *    singleton), `esm/<name>.d.mts` re-exports the types. No list of names is kept by hand: an
 *    export added to `lib/index.ts` (or a subpath's index) appears in both. Loading a subpath
 *    needs its framework (the optional peers are devDependencies).
 * 4. Imports each ESM entry and checks that it exposes exactly the CommonJS names.
 *
 * The compiled code needs the package's runtime dependencies at run time, so the output
 * directory must be able to resolve them (`dist/` of the project, or a directory next to a
 * `node_modules`). Exits with status 1 and a message naming what failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildConsole, describeConsoleBuild } from './build-console.mjs';

/** The project root (where package.json and tsconfig.build.json are). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The package's entry points: the ESM file `esm/<name>.mjs` re-exports the CommonJS file `cjs`. */
const ENTRIES = [
  { name: 'index', cjs: 'index.js' },
  { name: 'nestjs', cjs: join('integrations', 'nestjs', 'index.js') },
  { name: 'openfeature', cjs: join('integrations', 'openfeature', 'index.js') },
  { name: 'otel', cjs: join('integrations', 'otel', 'index.js') },
];

/** Names the ESM entry can export as `export const <name>`. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Refuses output directories whose emptying would destroy the project or its sources. */
function checkOutDir(outDir) {
  const inside = (child, parent) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  if (inside(ROOT, outDir)) throw new Error(`--out-dir ${outDir} contains the project itself`);
  for (const folder of ['lib', 'spec', 'bench', 'scripts', 'bin', 'docs', 'examples', 'node_modules']) {
    if (inside(outDir, join(ROOT, folder))) throw new Error(`--out-dir ${outDir} is inside the project's ${folder}/`);
  }
}

/** Runs TypeScript's `tsc` (the devDependency's own launcher, under this Node) and fails on errors. */
function compile(outDir) {
  const manifest = require.resolve('typescript/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  const tsc = join(dirname(manifest), typeof bin === 'string' ? bin : bin.tsc);
  const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw new Error(`could not run tsc (${tsc}): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit status ${result.status ?? result.signal})`);
}

/** The export names of the compiled CommonJS entry, sorted; throws if one cannot be an ESM name. */
function commonJsExports(entry) {
  let exported;
  try {
    exported = require(entry);
  } catch (error) {
    throw new Error(`could not load the compiled entry ${entry} (are the dependencies installed where it can find them?): ${error.message}`);
  }
  const names = Object.keys(exported).filter((name) => name !== '__esModule').sort();
  const bad = names.filter((name) => !IDENTIFIER.test(name) || name === 'default');
  if (bad.length > 0) throw new Error(`${entry} exports names an ESM module cannot re-export by name: ${bad.join(', ')}`);
  if (names.length === 0) throw new Error(`${entry} exports nothing`);
  return names;
}

/** Writes `esm/<name>.mjs` and `esm/<name>.d.mts` re-exporting `names` from the CommonJS file `cjs`. */
function writeEsmEntry(outDir, { name, cjs }, names) {
  const esmDir = join(outDir, 'esm');
  mkdirSync(esmDir, { recursive: true });
  const target = `../${cjs.split(sep).join('/')}`;
  const header = `// Generated by scripts/build.mjs from the exports of ${target}: do not edit.\n`;
  const body = names.map((exported) => `  ${exported},\n`).join('');
  writeFileSync(join(esmDir, `${name}.mjs`), `${header}import entry from '${target}';\n\nexport const {\n${body}} = entry;\n`);
  writeFileSync(join(esmDir, `${name}.d.mts`), `${header}export * from '${target}';\n`);
}

/** Imports an ESM entry and checks it exposes exactly `names`, each the CommonJS export itself. */
async function checkEsmEntry(outDir, { name, cjs: cjsFile }, names) {
  const esm = await import(pathToFileURL(join(outDir, 'esm', `${name}.mjs`)).href);
  const cjs = require(join(outDir, cjsFile));
  const got = Object.keys(esm).sort();
  if (got.join() !== names.join()) throw new Error(`esm/${name}.mjs exports ${got.join(', ')}; expected ${names.join(', ')}`);
  const different = names.filter((exported) => esm[exported] !== cjs[exported]);
  if (different.length > 0) throw new Error(`esm/${name}.mjs exports other values than ${cjsFile} for ${different.join(', ')}`);
}

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { 'out-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log('usage: node scripts/build.mjs [--out-dir <dir>]   (default: dist/ of the project)');
    return;
  }
  const outDir = resolve(values['out-dir'] ?? join(ROOT, 'dist'));
  checkOutDir(outDir);
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  compile(outDir);
  for (const file of [...ENTRIES.map((entry) => entry.cjs), 'index.d.ts', join('server', 'cli.js')]) {
    if (!existsSync(join(outDir, file))) throw new Error(`tsc did not emit ${file} into ${outDir}`);
  }
  const counts = [];
  for (const entry of ENTRIES) {
    const names = commonJsExports(join(outDir, entry.cjs));
    writeEsmEntry(outDir, entry, names);
    await checkEsmEntry(outDir, entry, names);
    counts.push(`esm/${entry.name}.mjs with ${names.length} exports`);
  }
  const shown = relative(process.cwd(), outDir) || '.';
  console.log(`built ${shown}/ in ${Date.now() - started} ms: CommonJS + .d.ts, ESM entry ${counts.join(', ')}`);
  const consoleDir = join(outDir, 'console');
  console.log(describeConsoleBuild(consoleDir, await buildConsole(consoleDir)));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
