/**
 * Timing loops for per-call benchmarks: warm up, time a fixed number of calls cycling through
 * inputs, repeat, take the median. Results are nanoseconds per call.
 */

/** How much work one measurement does. */
export interface TimingPlan {
  /** Untimed calls before each timed run (JIT warm-up). Reference value: 50,000. */
  readonly warmup: number;
  /** Timed calls per run. Reference value: 200,000. */
  readonly iterations: number;
  /** Runs; the median is reported. Reference value: 3. */
  readonly runs: number;
}

/** The plan of /work/shared/bench/README.md: 50,000 warm-up, 200,000 timed, median of 3. */
export const REFERENCE_PLAN: TimingPlan = { warmup: 50_000, iterations: 200_000, runs: 3 };

/** A tenth of the reference plan, for a quick look (`--quick`): 5,000 / 20,000 / 3. */
export const QUICK_PLAN: TimingPlan = { warmup: 5_000, iterations: 20_000, runs: 3 };

/** A call under test: synchronous or returning a promise (awaited inside the timed loop). */
export type Call<I> = (input: I) => unknown;

/**
 * Keeps results alive so that the JIT cannot drop the calls being measured; read it after a
 * loop (e.g. print it in a debug line) to be sure.
 */
export const sink = { last: undefined as unknown, count: 0 };

/**
 * Times `iterations` calls of `call`, with input `i % inputs.length` for call `i`, starting at
 * input `offset`. Synchronous calls run in a tight loop; when the first call returns a promise
 * every call is awaited.
 *
 * @returns nanoseconds per call
 */
export async function timeCalls<I>(call: Call<I>, inputs: readonly I[], iterations: number, offset = 0): Promise<number> {
  const n = inputs.length;
  const probe = call(inputs[offset % n]);
  const isAsync = isPromise(probe);
  if (isAsync) await probe;
  const start = process.hrtime.bigint();
  if (isAsync) {
    for (let i = 0; i < iterations; i++) sink.last = await (call(inputs[(offset + i) % n]) as Promise<unknown>);
  } else {
    for (let i = 0; i < iterations; i++) sink.last = call(inputs[(offset + i) % n]);
  }
  const elapsed = process.hrtime.bigint() - start;
  sink.count++;
  return Number(elapsed) / iterations;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures several contenders on the same inputs, interleaved (run 1 of each, then run 2 of
 * each, …) so that machine noise spreads evenly; each run is warm-up then timed calls.
 *
 * @returns the median ns/call of each contender, in the order given
 */
export async function measureInterleaved<I>(calls: ReadonlyArray<Call<I>>, inputs: readonly I[], plan: TimingPlan): Promise<number[]> {
  const samples: number[][] = calls.map(() => []);
  for (let run = 0; run < plan.runs; run++) {
    for (let c = 0; c < calls.length; c++) {
      await timeCalls(calls[c], inputs, plan.warmup);
      samples[c].push(await timeCalls(calls[c], inputs, plan.iterations, plan.warmup));
    }
  }
  return samples.map(median);
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
