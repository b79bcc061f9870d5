/**
 * One benchmark that `npm run bench` can run (`bench/index.ts` lists them). Each module parses
 * its own options from `args` and prints its own results.
 */
export interface BenchModule {
  /** Name used to select it: `npm run bench -- <name> [options]`. */
  readonly name: string;
  /** One line shown by `npm run bench -- --help`. */
  readonly description: string;
  /**
   * Runs the benchmark. Options this module does not know are ignored (they may belong to
   * another module of the same run). Resolves `true` when the run succeeded; `false` makes the
   * process exit with status 1 (e.g. a failed correctness check).
   */
  run(args: readonly string[]): Promise<boolean>;
}
