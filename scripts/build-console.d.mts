/** Sizes of a console build, bytes (and how long it took, ms). */
export interface ConsoleBuildSizes {
  readonly js: number;
  readonly jsGzip: number;
  readonly css: number;
  readonly cssGzip: number;
  readonly ms: number;
}

/** The console's JavaScript budget: 250 KB gzipped. */
export const CONSOLE_JS_BUDGET_BYTES: number;

/** Bundles the console into `outDir` (default `dist/console/`) and checks the budget. */
export function buildConsole(outDir?: string, options?: { sourcemap?: boolean }): Promise<ConsoleBuildSizes>;

/** One line describing a build. */
export function describeConsoleBuild(outDir: string, sizes: ConsoleBuildSizes): string;
