import type { EvaluationDetail } from '../evaluation/evaluation-reason';
import type { Logger } from '../logging/logger';
import type { EvaluationSeriesContext, EvaluationSeriesData, Hook } from './hook';

const EMPTY: EvaluationSeriesData = Object.freeze({});

/** Runs the hooks' stages around one evaluation; an exception in a hook is logged, never thrown. */
export class HookRunner {
  /** Replaced (never mutated) on {@link add}, so an evaluation under way keeps the list it started with. */
  private hooks: readonly Hook[];

  constructor(
    hooks: readonly Hook[],
    private readonly logger: Logger,
  ) {
    this.hooks = hooks.slice();
  }

  get empty(): boolean {
    return this.hooks.length === 0;
  }

  /** Adds `hook` after the others: it runs for every evaluation that starts from now on. */
  add(hook: Hook): void {
    this.hooks = [...this.hooks, hook];
  }

  /** Wraps `evaluate` with every hook's before/after stages. */
  run<T>(context: EvaluationSeriesContext, evaluate: () => EvaluationDetail<T>): EvaluationDetail<T> {
    const hooks = this.hooks;
    const data: EvaluationSeriesData[] = new Array(hooks.length);
    for (let i = 0; i < hooks.length; i++) {
      data[i] = this.stage(hooks[i], 'beforeEvaluation', () => hooks[i].beforeEvaluation?.(context, EMPTY));
    }
    const detail = evaluate();
    for (let i = hooks.length - 1; i >= 0; i--) {
      this.stage(hooks[i], 'afterEvaluation', () => hooks[i].afterEvaluation?.(context, data[i], detail));
    }
    return detail;
  }

  private stage(hook: Hook, name: string, call: () => EvaluationSeriesData | undefined): EvaluationSeriesData {
    try {
      return call() ?? EMPTY;
    } catch (error) {
      this.logger.error(`hook '${hookName(hook)}' failed in ${name}: ${String(error)}`);
      return EMPTY;
    }
  }
}

function hookName(hook: Hook): string {
  try {
    return hook.getMetadata().name;
  } catch {
    return 'unknown';
  }
}
