import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

type PublicApi = typeof import('../lib/index');
type FlagEvaluatorModule = typeof import('../lib/client/flag-evaluator');
type HookRunnerModule = typeof import('../lib/client/hook-runner');
type PreparedFlagModule = typeof import('../lib/evaluation/prepared-flag');
type PreparedSegmentModule = typeof import('../lib/evaluation/prepared-segment');
type FlagStoreModule = typeof import('../lib/store/flag-store');
type DecodeModule = typeof import('../lib/model/decode');
type FlagDataModule = typeof import('../lib/model/flag-data');

/** Where benchmarks load flagstream from: the TypeScript source (through tsx) or the build. */
export type FlagstreamSource = 'lib' | 'dist';

/**
 * The parts of flagstream the benchmarks use, loaded from one {@link FlagstreamSource} so that
 * the client and the bare evaluator are measured from the same code.
 */
export interface FlagstreamModules {
  /** `lib` or `dist`. */
  readonly source: FlagstreamSource;
  /** The public entry (`index`): `createClient`, `TestData`, `silentLogger`, … */
  readonly api: Pick<PublicApi, 'createClient' | 'TestData' | 'silentLogger'>;
  /** The client's evaluation sequence (what every variation method runs), usable without a client. */
  readonly FlagEvaluator: FlagEvaluatorModule['FlagEvaluator'];
  readonly HookRunner: HookRunnerModule['HookRunner'];
  readonly FlagStore: FlagStoreModule['FlagStore'];
  readonly prepareFlag: PreparedFlagModule['prepareFlag'];
  readonly prepareSegment: PreparedSegmentModule['prepareSegment'];
  readonly decodeOrThrow: DecodeModule['decodeOrThrow'];
  readonly FlagData: FlagDataModule['FlagData'];
}

const ROOT = join(__dirname, '..');

/**
 * Loads flagstream from `lib/` (TypeScript run through tsx, as the specs do: tsx turns each
 * imported binding into a getter) or from `dist/` (the JavaScript `npm run build` emits, which
 * is what an application runs; tsx leaves it as it is). Throws if `dist/` is missing; warns on
 * stderr when a file in `lib/` is newer than `dist/index.js`.
 */
export function loadFlagstreamModules(source: FlagstreamSource): FlagstreamModules {
  const base = join(ROOT, source);
  if (source === 'dist') checkBuild(base);
  const load = <M>(path: string): M => require(join(base, path)) as M;
  return {
    source,
    api: load<PublicApi>('index'),
    FlagEvaluator: load<FlagEvaluatorModule>('client/flag-evaluator').FlagEvaluator,
    HookRunner: load<HookRunnerModule>('client/hook-runner').HookRunner,
    FlagStore: load<FlagStoreModule>('store/flag-store').FlagStore,
    prepareFlag: load<PreparedFlagModule>('evaluation/prepared-flag').prepareFlag,
    prepareSegment: load<PreparedSegmentModule>('evaluation/prepared-segment').prepareSegment,
    decodeOrThrow: load<DecodeModule>('model/decode').decodeOrThrow,
    FlagData: load<FlagDataModule>('model/flag-data').FlagData,
  };
}

function checkBuild(dist: string): void {
  const entry = join(dist, 'index.js');
  if (!existsSync(entry)) throw new Error(`--dist: ${entry} does not exist; run \`npm run build\` first`);
  const built = statSync(entry).mtimeMs;
  const newer = newestFile(join(ROOT, 'lib'));
  if (newer.mtimeMs > built) {
    console.error(`warning: ${newer.path} is newer than dist/: the build may be stale (run \`npm run build\`)`);
  }
}

function newestFile(dir: string): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestFile(path) : { path, mtimeMs: statSync(path).mtimeMs };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}
