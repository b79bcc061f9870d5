/**
 * `npm run bench -- [module…] [options]`: runs the listed benchmark modules (all when none is
 * named), one after the other, passing every option to each. `--help` lists the modules.
 *
 * To add a benchmark, write a {@link BenchModule} in its own file under bench/ and append it to
 * {@link MODULES}.
 */
import type { BenchModule } from './bench-module';
import { evaluationBench } from './evaluation';
import { eventsBench } from './events';
import { fanOutBench } from './fan-out';
import { largePutBench } from './large-put';
import { nestjsGuardBench } from './nestjs-guard';
import { openFeatureBench } from './openfeature';
import { propagationBench } from './propagation';
import { regexBench } from './regex';
import { replicasBench } from './replicas';
import { storageBench } from './storage';

/** Every benchmark, in the order a full run executes them. */
export const MODULES: readonly BenchModule[] = [evaluationBench, fanOutBench, eventsBench, propagationBench, regexBench, largePutBench, storageBench, replicasBench, openFeatureBench, nestjsGuardBench];

async function main(argv: readonly string[]): Promise<number> {
  const firstOption = argv.findIndex((a) => a.startsWith('-'));
  const names = firstOption === -1 ? argv : argv.slice(0, firstOption);
  const options = firstOption === -1 ? [] : argv.slice(firstOption);
  if (options.includes('--help') || options.includes('-h')) {
    console.log('usage: npm run bench -- [module…] [options]\n\nmodules:');
    for (const m of MODULES) console.log(`  ${m.name.padEnd(12)} ${m.description}`);
    return 0;
  }
  const unknown = names.filter((n) => !MODULES.some((m) => m.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; available: ${MODULES.map((m) => m.name).join(', ')}`);
    return 2;
  }
  const selected = names.length === 0 ? MODULES : MODULES.filter((m) => names.includes(m.name));
  let ok = true;
  for (const module of selected) {
    console.log(`==== ${module.name} ====`);
    ok = (await module.run(options)) && ok;
  }
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
