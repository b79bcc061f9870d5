#!/usr/bin/env node
/**
 * `node scripts/build-console.mjs [--out-dir <dir>] [--sourcemap]`: bundles the web console
 * (`console/src`, Preact) into `<dir>` (default `dist/console/`): `app.js`, `app.css` and an
 * `index.html` that loads them, nothing from a CDN. esbuild does it in well under a second, so
 * `npm test` runs it first (`pretest`) and `npm run build` calls {@link buildConsole}.
 *
 * Prints the sizes (raw and gzipped) and fails when the JavaScript is over the budget of
 * 250 KB gzipped (`CONSOLE_JS_BUDGET_BYTES`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The console's JavaScript may take at most this many bytes gzipped (250 KB). */
export const CONSOLE_JS_BUDGET_BYTES = 250 * 1000;

/**
 * Bundles the console into `outDir` (emptied first) and checks the budget.
 *
 * @returns the sizes in bytes `{ js, jsGzip, css, cssGzip, ms }`
 * @throws Error naming what failed (a compile error with its file and line, the budget)
 */
export async function buildConsole(outDir = join(ROOT, 'dist', 'console'), { sourcemap = false } = {}) {
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(ROOT, 'console', 'src', 'main.tsx') },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome109', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(ROOT, 'console', 'tsconfig.json'),
    sourcemap: sourcemap ? 'linked' : false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const js = readFileSync(join(outDir, 'app.js'));
  const css = readFileSync(join(outDir, 'app.css'));
  const version = (body) => createHash('sha256').update(body).digest('hex').slice(0, 10);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>flagstream console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/app.css?v=${version(css)}">
<script type="module" src="/console/app.js?v=${version(js)}"></script>
</head>
<body>
<noscript>The flagstream console needs JavaScript.</noscript>
<div id="app"></div>
</body>
</html>
`;
  writeFileSync(join(outDir, 'index.html'), html);
  const sizes = { js: js.length, jsGzip: gzipSync(js, { level: 9 }).length, css: css.length, cssGzip: gzipSync(css, { level: 9 }).length, ms: Date.now() - started };
  if (sizes.jsGzip > CONSOLE_JS_BUDGET_BYTES) {
    throw new Error(`the console's JavaScript is ${kb(sizes.jsGzip)} gzipped, over the budget of ${kb(CONSOLE_JS_BUDGET_BYTES)}`);
  }
  return sizes;
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** One line describing a build, e.g. for `npm test`'s output. */
export function describeConsoleBuild(outDir, sizes) {
  const shown = relative(process.cwd(), outDir) || '.';
  return `console built into ${shown}/ in ${sizes.ms} ms: app.js ${kb(sizes.js)} (${kb(sizes.jsGzip)} gzipped, budget ${kb(CONSOLE_JS_BUDGET_BYTES)}), app.css ${kb(sizes.css)} (${kb(sizes.cssGzip)} gzipped)`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, sourcemap: { type: 'boolean' } }, strict: true });
  const outDir = resolve(values['out-dir'] ?? join(ROOT, 'dist', 'console'));
  buildConsole(outDir, { sourcemap: values.sourcemap }).then(
    (sizes) => console.log(describeConsoleBuild(outDir, sizes)),
    (error) => {
      const detail = error.errors?.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`).join('\n') ?? '';
      console.error(`console build failed: ${error.message}${detail ? `\n${detail}` : ''}`);
      process.exitCode = 1;
    },
  );
}
