import { createHmac } from 'node:crypto';
import {
  filter, firstValueFrom, map, Observable, take, timeout,
} from 'rxjs';
import { parseContext } from '../context/evaluation-context';
import type { DataSourceStatus } from '../data-sources/data-source-status';
import { ClientClosedError } from '../errors/client-closed-error';
import { InitializationFailedError } from '../errors/initialization-failed-error';
import { InitializationTimeoutError } from '../errors/initialization-timeout-error';
import { InvalidContextError } from '../errors/invalid-context-error';
import { InvalidOptionError } from '../errors/invalid-option-error';
import type { EvaluationDetail } from '../evaluation/evaluation-reason';
import type { EventProcessor } from '../events/event-processor';
import type { Flag } from '../model/flag';
import { BoundUser } from './bound-user';
import { buildFlagsState, invalidFlagsState } from './build-flags-state';
import { createEvents } from './create-events';
import { DataSync, type FlagChange } from './data-sync';
import { FlagEvaluator } from './flag-evaluator';
import type { FlagsState, FlagsStateOptions } from './flags-state';
import type { ContextInput } from '../context/context-input';
import type { FlagDefault, FlagKey, FlagKeyOf, FlagValue } from './flag-types';
import type { Hook } from './hook';
import { HookRunner } from './hook-runner';
import type { ResolvedOptions } from './resolve-options';
import { sameDetail, sameValue } from './same-value';
import { selectDataSource } from './select-data-source';

/**
 * A flagstream client: keeps every flag in memory, synced from its data source, and evaluates
 * them locally and synchronously. Create one with {@link createClient} (or the process-wide
 * {@link configure}); close it with {@link FlagstreamClient.close}.
 */
export class FlagstreamClient {
  /** The data source status: the current one at once, then each change; completes on close. */
  readonly status$: Observable<DataSourceStatus>;
  /** `{ key }` for every flag whose configuration changed (also through prerequisites and segments); completes on close. */
  readonly flagChanges$: Observable<FlagChange>;

  private readonly sync: DataSync;
  private readonly store: DataSync['store'];
  private readonly status: DataSync['status'];
  private readonly events: EventProcessor | undefined;
  private readonly evaluator: FlagEvaluator;
  private readonly hooks: HookRunner;
  private closing: Promise<void> | undefined;
  private isClosed = false;

  /** @internal use {@link createClient} */
  constructor(private readonly options: ResolvedOptions) {
    const { scheduler, logger } = options;
    this.sync = new DataSync(selectDataSource(options), { sdkKey: options.sdkKey, logger, scheduler }, options.featureStore);
    this.store = this.sync.store;
    this.status = this.sync.status;
    this.status$ = this.status.status$;
    this.flagChanges$ = this.sync.flagChanges$;
    this.events = createEvents(options);
    this.hooks = new HookRunner(options.hooks, logger);
    this.evaluator = new FlagEvaluator(this.store, () => this.initialized, this.hooks, this.events, logger, options.offline);
  }

  /** True once the first full data set has arrived (and until close). */
  get initialized(): boolean {
    return this.store.initialized && !this.isClosed;
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Resolves with this client once the first full data set is in (at once when offline).
   * Rejects with `InitializationTimeoutError` after `timeout` ms, `InitializationFailedError` if
   * the data source stops for good first (e.g. the SDK key was refused), `ClientClosedError` if
   * the client is closed first. Without a timeout it may wait forever, so a warning is logged.
   *
   * @param options.timeout most milliseconds to wait; @default none (warns)
   */
  waitForInitialization(options: { timeout?: number } = {}): Promise<this> {
    const wait = options.timeout;
    if (wait !== undefined && (typeof wait !== 'number' || !(wait >= 0))) {
      return Promise.reject(new InvalidOptionError('timeout', `expected a number of milliseconds ≥ 0, got ${String(wait)}`));
    }
    if (this.options.offline || this.initialized) return Promise.resolve(this);
    if (this.closed) return Promise.reject(new ClientClosedError('waitForInitialization'));
    if (wait === undefined) this.options.logger.warn('waitForInitialization() was called without a timeout: it may wait forever; pass { timeout } (ms)');
    const outcome$ = this.status.status$.pipe(
      filter((status) => this.store.initialized || status.state === 'OFF'),
      take(1),
      map((status) => {
        if (this.store.initialized && !this.closed) return this;
        throw this.closed ? new ClientClosedError('waitForInitialization') : new InitializationFailedError(status.lastError);
      }),
    );
    const limited$ =
      wait === undefined
        ? outcome$
        : outcome$.pipe(
            timeout({
              first: wait,
              scheduler: this.options.scheduler,
              with: () => {
                throw new InitializationTimeoutError(wait, this.status.current.lastError?.message);
              },
            }),
          );
    return firstValueFrom(limited$, { defaultValue: undefined }).then((client) => {
      if (client === undefined) throw new ClientClosedError('waitForInitialization');
      return client;
    });
  }

  /**
   * The flag's value for `context`; `defaultValue` on any error. Synchronous; never throws.
   * Typed as the default value widened (`false` → `boolean`), or as the flag's declared type
   * with typed flags ({@link Flags}).
   */
  variation<T = unknown, K extends FlagKey = FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): FlagValue<K, T> {
    return this.evaluator.detail(key, context, defaultValue, 'any', 'variation', false).value as FlagValue<K, T>;
  }

  /** Like {@link variation}, with the variation index and the reason. */
  variationDetail<T = unknown, K extends FlagKey = FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): EvaluationDetail<FlagValue<K, T>> {
    return this.evaluator.detail(key, context, defaultValue, 'any', 'variationDetail', true) as EvaluationDetail<FlagValue<K, T>>;
  }

  /** A boolean flag's value; `defaultValue` (reason `WRONG_TYPE` in detail) if the value is not a boolean. */
  boolVariation(key: FlagKeyOf<boolean>, context: ContextInput, defaultValue: boolean): boolean {
    return this.evaluator.detail(key, context, defaultValue, 'boolean', 'boolVariation', false).value;
  }

  /** A number flag's value; `defaultValue` if the value is not a number. */
  numberVariation(key: FlagKeyOf<number>, context: ContextInput, defaultValue: number): number {
    return this.evaluator.detail(key, context, defaultValue, 'number', 'numberVariation', false).value;
  }

  /** A string flag's value; `defaultValue` if the value is not a string. */
  stringVariation(key: FlagKeyOf<string>, context: ContextInput, defaultValue: string): string {
    return this.evaluator.detail(key, context, defaultValue, 'string', 'stringVariation', false).value;
  }

  /** A flag's value of any JSON type (typed like {@link variation}). */
  jsonVariation<T = unknown, K extends FlagKey = FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): FlagValue<K, T> {
    return this.evaluator.detail(key, context, defaultValue, 'any', 'jsonVariation', false).value as FlagValue<K, T>;
  }

  /** {@link boolVariation} with details. */
  boolVariationDetail(key: FlagKeyOf<boolean>, context: ContextInput, defaultValue: boolean): EvaluationDetail<boolean> {
    return this.evaluator.detail(key, context, defaultValue, 'boolean', 'boolVariationDetail', true);
  }

  /** {@link numberVariation} with details. */
  numberVariationDetail(key: FlagKeyOf<number>, context: ContextInput, defaultValue: number): EvaluationDetail<number> {
    return this.evaluator.detail(key, context, defaultValue, 'number', 'numberVariationDetail', true);
  }

  /** {@link stringVariation} with details. */
  stringVariationDetail(key: FlagKeyOf<string>, context: ContextInput, defaultValue: string): EvaluationDetail<string> {
    return this.evaluator.detail(key, context, defaultValue, 'string', 'stringVariationDetail', true);
  }

  /** {@link jsonVariation} with details. */
  jsonVariationDetail<T = unknown, K extends FlagKey = FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): EvaluationDetail<FlagValue<K, T>> {
    return this.evaluator.detail(key, context, defaultValue, 'any', 'jsonVariationDetail', true) as EvaluationDetail<FlagValue<K, T>>;
  }

  /**
   * The flag's value for `context` now, then again each time it changes (a change to another
   * flag, or one that leaves this context's value as it was, emits nothing). Never errors;
   * completes when the client closes. Each emitted value counts as an evaluation in analytics.
   *
   * Subscribed while the client is still initializing, the first emission waits for the first
   * data set (then it is the flag's real value), or for the data source to stop for good (`OFF`)
   * or the client to close (then it is `defaultValue`): a worker never acts on a default that
   * is replaced a moment later. Offline or initialized, it emits at once.
   */
  variation$<T = unknown, K extends FlagKey = FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): Observable<FlagValue<K, T>> {
    return this.watch<unknown, FlagValue<K, T>>(key, context, defaultValue, 'variation$', false, (a, b) => sameValue(a.value, b.value), (detail) => detail.value as FlagValue<K, T>);
  }

  /** Like {@link variation$}, emitting details; emits when the value, variation index or reason changes. */
  variationDetail$<T = unknown, K extends FlagKey = FlagKey>(key: K, context: ContextInput, defaultValue: T & FlagDefault<K>): Observable<EvaluationDetail<FlagValue<K, T>>> {
    return this.watch<unknown, EvaluationDetail<FlagValue<K, T>>>(key, context, defaultValue, 'variationDetail$', true, sameDetail, (detail) => detail as EvaluationDetail<FlagValue<K, T>>);
  }

  /**
   * The configuration of flag `key` as this client holds it now (frozen; `undefined` when unknown
   * or deleted). For integrations that describe a result, e.g. OpenFeature's `SPLIT` reason.
   */
  flagConfiguration(key: string): Flag | undefined {
    return this.store.getFlagModel(key);
  }

  /**
   * Every flag's value for `context`, for bootstrapping a front end (no analytics events).
   * Invalid (`$valid: false`, no flags) when the client is not ready, offline, closed, or the
   * context is invalid.
   */
  allFlagsState(context: ContextInput, options: FlagsStateOptions = {}): FlagsState {
    if (!this.initialized) return invalidFlagsState();
    return buildFlagsState(this.store.allFlags(), this.store, context, options);
  }

  /**
   * A handle bound to one context (e.g. per request): `canAccess(key)`, `variation(key, default)`,
   * `variationDetail(key, default)`, `variation$(key, default)`. Nothing is evaluated until called.
   */
  user(context: ContextInput): BoundUser {
    return new BoundUser(this, context);
  }

  /** Records a custom event (`metricValue` for numeric metrics); dropped with a warning if the context is invalid. */
  track(eventKey: string, context: ContextInput, data?: unknown, metricValue?: number): void {
    if (typeof eventKey !== 'string' || eventKey === '') {
      this.options.logger.warn(`track: the event key must be a non-empty string, got ${typeof eventKey}; event dropped`);
      return;
    }
    if (metricValue !== undefined && (typeof metricValue !== 'number' || !Number.isFinite(metricValue))) {
      this.options.logger.warn(`track('${eventKey}'): metricValue must be a finite number; event dropped`);
      return;
    }
    const parsed = parseContext(context);
    if (!parsed.valid) {
      this.options.logger.warn(`track('${eventKey}'): ${parsed.message}; event dropped`);
      return;
    }
    this.events?.recordCustom(eventKey, parsed, data, metricValue);
  }

  /** Records an identify event for `context`; dropped with a warning if the context is invalid. */
  identify(context: ContextInput): void {
    const parsed = parseContext(context);
    if (!parsed.valid) {
      this.options.logger.warn(`identify: ${parsed.message}; event dropped`);
      return;
    }
    this.events?.recordIdentify(parsed);
  }

  /**
   * The secure-mode hash of `context` for client-side SDKs: hex HMAC-SHA256 of its canonical key
   * with the SDK key. Throws `InvalidContextError` for an invalid context.
   */
  secureModeHash(context: ContextInput): string {
    const parsed = parseContext(context);
    if (!parsed.valid) throw new InvalidContextError('secureModeHash', parsed.message);
    return createHmac('sha256', this.options.sdkKey).update(parsed.canonicalKey).digest('hex');
  }

  /**
   * Adds a hook at run time (LaunchDarkly's `addHook`): it runs after the hooks given in the
   * options, for every evaluation that starts from now on. Throws `InvalidOptionError` if `hook`
   * has no `getMetadata()` method.
   */
  addHook(hook: Hook): void {
    if (typeof hook !== 'object' || hook === null || typeof (hook as Partial<Hook>).getMetadata !== 'function') {
      throw new InvalidOptionError('addHook(hook)', 'expected an object with a getMetadata() method');
    }
    this.hooks.add(hook);
  }

  /** Sends queued analytics events now; resolves when delivered or given up. */
  async flush(): Promise<void> {
    await this.events?.flush();
  }

  /**
   * Stops the data source, completes every Observable, flushes analytics events and releases
   * every timer and socket. Idempotent: later calls return the same promise.
   */
  close(): Promise<void> {
    this.isClosed = true;
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** No data yet, but some may come: not offline, not failed for good, not closed. */
  private awaitingData(): boolean {
    return !this.store.initialized && !this.isClosed && this.status.current.state === 'INITIALIZING';
  }

  private async shutdown(): Promise<void> {
    await Promise.all([this.sync.close(), this.events?.close()]);
  }

  /**
   * One live subscription: evaluates now, then on each change of `key`'s configuration, and
   * emits `project(detail)` when `same` says the result changed. A plain callback per affected
   * subscription (no operator chain). The context is read again at each evaluation, so the
   * subscription sees the context object as it is then.
   */
  private watch<T, R>(
    key: string,
    context: unknown,
    defaultValue: T,
    method: string,
    withReason: boolean,
    same: (a: EvaluationDetail<T>, b: EvaluationDetail<T>) => boolean,
    project: (detail: EvaluationDetail<T>) => R,
  ): Observable<R> {
    return new Observable<R>((subscriber) => {
      let last: EvaluationDetail<T> | undefined;
      const changed = () => {
        // While initializing, the first emission waits for the first data (or OFF, or close).
        if (last === undefined && this.awaitingData()) return;
        const detail = this.evaluator.peek(key, context, defaultValue, 'any');
        if (last !== undefined && same(last, detail)) return;
        last = detail;
        // The emitted value counts as an evaluation (hooks and analytics events), when anything observes evaluations.
        if (!this.isClosed && this.evaluator.observed) this.evaluator.detail(key, context, defaultValue, 'any', method, withReason);
        subscriber.next(project(detail));
      };
      changed();
      const closed = () => {
        if (last === undefined) changed(); // closed before any data: the default, then complete
        subscriber.complete();
      };
      return this.sync.watchers.watch(key, { changed, closed });
    });
  }

}

export type { FlagChange };
