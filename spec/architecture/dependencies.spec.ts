import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LIB = resolve(__dirname, '../../lib');

/** Which lib folders each folder may import (besides itself). Dependencies point one way. */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  logging: [],
  model: ['errors'],
  context: ['model', 'errors'],
  evaluation: ['model', 'context', 'errors'],
  store: ['model', 'evaluation', 'errors'],
  transport: ['errors', 'logging'],
  options: ['transport', 'errors'],
  'data-sources': ['model', 'store', 'transport', 'options', 'errors', 'logging'],
  integrations: ['model', 'store', 'data-sources', 'options', 'errors', 'logging'],
  events: ['model', 'context', 'evaluation', 'transport', 'options', 'errors', 'logging'],
  client: ['model', 'context', 'evaluation', 'store', 'data-sources', 'integrations', 'events', 'transport', 'options', 'errors', 'logging'],
  server: ['model', 'context', 'evaluation', 'errors', 'logging', 'server'],
  // Framework adapters (the subpath exports flagstream/nestjs, /openfeature, /otel and their shared
  // helpers) sit above the client; nothing else may import them.
  frameworks: ['model', 'context', 'evaluation', 'store', 'data-sources', 'integrations', 'events', 'transport', 'errors', 'logging', 'client'],
};

/** Files of the framework adapters, a layer of their own inside lib/integrations. */
const FRAMEWORKS = /^integrations\/(nestjs|openfeature|otel|frameworks)\//;

/** Packages and globals the pure layers must not touch: no I/O, no timers, no clock. */
const PURE = ['model', 'context', 'evaluation'];
const IMPURE_PACKAGES = /^(rxjs|ws|cross-fetch|https-proxy-agent|node:(http|https|net|fs|timers|child_process))/;
const IMPURE_GLOBALS = /\b(Date\.now|new Date\(\)|setTimeout|setInterval|setImmediate|process\.hrtime|performance\.now)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+'([^']+)'|require\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]);
}

function folderOf(file: string): string {
  const path = relative(LIB, file);
  return FRAMEWORKS.test(path) ? 'frameworks' : path.split('/')[0];
}

describe('architecture', () => {
  const files = sourceFiles(LIB);

  it('finds the source tree', () => {
    assert.ok(files.length > 50, `${files.length} files`);
  });

  it('keeps dependencies pointing one way (model → evaluation → store → data sources → client)', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from === 'index.ts') continue;
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(LIB)) {
          violations.push(`${relative(LIB, file)} imports ${spec} (outside lib/)`);
          continue;
        }
        const to = folderOf(`${target}.ts`);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) violations.push(`${relative(LIB, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    assert.deepEqual(violations, []);
  });

  it('keeps model, context and evaluation pure: no rxjs, network, file system, timers or clock', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => PURE.includes(folderOf(f)))) {
      for (const spec of importsOf(file)) if (IMPURE_PACKAGES.test(spec)) violations.push(`${relative(LIB, file)} imports ${spec}`);
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const match = code.match(IMPURE_GLOBALS);
      if (match) violations.push(`${relative(LIB, file)} uses ${match[0]}`);
    }
    assert.deepEqual(violations, []);
  });

  it('does not load the flag server from the SDK entry point', () => {
    const entry = importsOf(join(LIB, 'index.ts'));
    assert.deepEqual(entry.filter((s) => s.includes('server')), []);
  });

  it('has named exports only', () => {
    const defaults = files.filter((f) => /^export default\b/m.test(readFileSync(f, 'utf8')));
    assert.deepEqual(defaults.map((f) => relative(LIB, f)), []);
  });
});
