/**
 * `npm run bench -- regex [--quick]`: the cost of `matches`.
 *
 * 1. Common patterns on short values: ns per test for flagstream's compiled pattern (native
 *    `RegExp` where proved linear, else re2js), a precompiled native `RegExp`, and LaunchDarkly's
 *    operation (`new RegExp(pattern).test(value)` per evaluation), with ratios.
 * 2. Catastrophic patterns: flagstream's time on 10,000-character values (the worst case is
 *    printed), beside the native backtracking time on the longest value it finishes within a
 *    budget (what LaunchDarkly's SDK would spend: it grows exponentially or polynomially).
 */
import { compilePattern } from '../lib/evaluation/safe-regex';
import type { BenchModule } from './bench-module';
import { measureInterleaved, QUICK_PLAN, REFERENCE_PLAN, sink } from './timing';

const COMMON: [string, string[]][] = [
  ['^[a-z]+[0-9]*@corp\\.example\\.com$', ['alice42@corp.example.com', 'bob@gmail.com', 'carol7@corp.example.com']],
  ['@(gmail|yahoo)\\.com$', ['bob@gmail.com', 'alice@corp.example.com', 'x@yahoo.com']],
  ['^(\\d+\\.)+\\d+$', ['1.2.3', '10.0.12', 'v1.2']],
  ['(foo|bar)+', ['xxbarfoo', 'nothing here', 'foo']],
  ['^\\w+.*@corp\\.com$', ['ann.lee@corp.com', 'bob@gmail.com', 'x@corp.com']],
  ['^(?=.*\\d)(?=.*[a-z]).{8,}$', ['passw0rdok', 'short1', 'NODIGITSHERE']],
];

/** Pattern, and a slow value of length n for it. */
const CATASTROPHIC: [string, (n: number) => string][] = [
  ['^(\\d+\\.)+\\d+$', (n) => `${'12.'.repeat(Math.floor(n / 3) - 1)}1.x`],
  ['^(\\d+|\\d+\\.)+$', (n) => `${'1'.repeat(n - 1)}x`],
  ['(foo|bar)+x', (n) => 'foobar'.repeat(Math.floor(n / 6))],
  ['^\\w+.*\\w+.*\\w+.*@corp\\.com$', (n) => `${'a'.repeat(n - 9)}@corp.co`],
  ['^\\w+.*\\w+.*\\w+.*@corp\\.com$', (n) => `${'a'.repeat(n - 10)}@corp.com!`], // the literal is there: a full scan
  ['^a*a*a*a*a*a*a*a*b$', (n) => 'a'.repeat(n)],
  ['^a*a*a*a*a*a*a*a*b$', (n) => `${'a'.repeat(n - 2)}ba`],
  ['(a+)+$', (n) => `${'a'.repeat(n - 1)}!`],
  ['^(\\w+\\s?)*$', (n) => `${'ab '.repeat(Math.floor(n / 3))}!`],
  ['(.*,)*x', (n) => ','.repeat(n)],
];

/** The native engine is tried on growing values until one test takes longer than this (ms). */
const NATIVE_BUDGET_MS = 200;

function msOf(f: () => unknown): number {
  const started = process.hrtime.bigint();
  sink.last = f();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export const regexBench: BenchModule = {
  name: 'regex',
  description: 'matches: ns/test on common patterns vs native RegExp and LaunchDarkly; worst case on 10,000-char catastrophic values (--quick)',
  async run(args) {
    const plan = args.includes('--quick') ? QUICK_PLAN : REFERENCE_PLAN;
    console.log('common patterns, ns per test (median of 3; LaunchDarkly = new RegExp(p).test(v) per evaluation)');
    console.log(`${'pattern'.padEnd(38)} ${'engine'.padEnd(7)} ${'flagstream'.padStart(10)} ${'RegExp'.padStart(8)} ${'LD'.padStart(8)} ${'×RegExp'.padStart(8)} ${'×LD'.padStart(6)}`);
    for (const [pattern, values] of COMMON) {
      const compiled = compilePattern(pattern);
      if (compiled.test === undefined) throw new Error(compiled.error);
      const test = compiled.test;
      const native = new RegExp(pattern);
      const [ours, precompiled, launchDarkly] = await measureInterleaved<string>(
        [(v) => test(v), (v) => native.test(v), (v) => new RegExp(pattern).test(v)],
        values,
        plan,
      );
      console.log(
        `${pattern.padEnd(38)} ${compiled.engine.padEnd(7)} ${ours.toFixed(0).padStart(10)} ${precompiled.toFixed(0).padStart(8)} ${launchDarkly.toFixed(0).padStart(8)} ${(ours / precompiled).toFixed(2).padStart(8)} ${(ours / launchDarkly).toFixed(2).padStart(6)}`,
      );
    }

    console.log('\ncatastrophic patterns: flagstream on 10,000 chars vs native backtracking on the longest value it finishes');
    let worst = { pattern: '', ms: 0 };
    for (const [pattern, value] of CATASTROPHIC) {
      const test = compilePattern(pattern).test!;
      const input = value(10_000);
      test(input); // warm-up
      const ours = Math.min(msOf(() => test(input)), msOf(() => test(input)), msOf(() => test(input)));
      if (ours > worst.ms) worst = { pattern, ms: ours };
      const native = new RegExp(pattern);
      let n = 16;
      let nativeMs = 0;
      while (n <= 10_000) {
        const probe = value(n);
        nativeMs = msOf(() => native.test(probe));
        if (nativeMs > NATIVE_BUDGET_MS) break;
        n = n < 64 ? n + 1 : Math.ceil(n * 1.1); // one character can double an exponential pattern's time
      }
      const nativeNote = n > 10_000 ? `finishes 10,000 chars in ${nativeMs.toFixed(2)} ms` : `${nativeMs.toFixed(0)} ms at only ${n} chars`;
      console.log(`${pattern.padEnd(34)} flagstream ${ours.toFixed(3).padStart(8)} ms   native: ${nativeNote}`);
    }
    console.log(`\nworst case: ${worst.pattern} on 10,000 chars: ${worst.ms.toFixed(3)} ms per test`);
    return true;
  },
};
