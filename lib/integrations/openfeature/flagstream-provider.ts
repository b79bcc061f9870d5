import {
  type EvaluationContext, type JsonValue, type Logger as OpenFeatureLogger, type Provider, type ResolutionDetails,
  type TrackingEventDetails, ErrorCode, GeneralError, OpenFeatureEventEmitter, ProviderEvents, ProviderFatalError,
} from '@openfeature/server-sdk';
import type { Subscription } from 'rxjs';
import type { ClientOptions } from '../../client/client-options';
import { createClient } from '../../client/create-client';
import { FlagstreamClient } from '../../client/flagstream-client';
import type { EvaluationDetail } from '../../evaluation/evaluation-reason';
import { InitializationFailedError } from '../../errors/initialization-failed-error';
import { InvalidOptionError } from '../../errors/invalid-option-error';
import { ProviderStatusEvents, type StatusEvent } from './provider-status-events';
import { toFlagstreamContext } from './to-flagstream-context';
import { errorResolution, toResolutionDetails } from './to-resolution-details';

/** Options of {@link FlagstreamProvider}. */
export interface FlagstreamProviderOptions {
  /** How long `initialize` waits for the first flag data, in ms. @default 10000 */
  readonly initializationTimeout?: number;
  /**
   * Close the client in `onClose` (`OpenFeature.close()`, or when the provider is replaced).
   * @default true for a client the provider created from options, false for a client passed in
   */
  readonly closeClient?: boolean;
}

type Expected = 'boolean' | 'string' | 'number' | 'object';

/**
 * flagstream as an OpenFeature provider (`@openfeature/server-sdk`, an optional peer dependency).
 * Evaluates locally and synchronously on the client's in-memory flags; reasons, error codes and
 * events follow OpenFeature's vocabulary (docs/openfeature.md).
 *
 * ```ts
 * import { OpenFeature } from '@openfeature/server-sdk';
 * import { FlagstreamProvider } from 'flagstream/openfeature';
 * await OpenFeature.setProviderAndWait(new FlagstreamProvider({ sdkKey, baseUri }));
 * const enabled = await OpenFeature.getClient().getBooleanValue('new-checkout', false, { targetingKey: 'alice' });
 * ```
 *
 * Events: READY (from `initialize`, and again on recovery), CONFIGURATION_CHANGED with
 * `flagsChanged` (also flags changed through prerequisites and segments), STALE while the data
 * source is interrupted, ERROR with `PROVIDER_FATAL` when the SDK key is refused (401/403); each
 * once per change of state, however many retries fail.
 */
export class FlagstreamProvider implements Provider {
  readonly metadata = { name: 'flagstream' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  /** The client the provider evaluates with. */
  readonly client: FlagstreamClient;

  private readonly timeout: number;
  private readonly closeClient: boolean;
  private readonly statusEvents: ProviderStatusEvents;
  private changes: Subscription | undefined;
  private pendingChanges: Set<string> | undefined;

  /**
   * @param clientOrOptions an existing client, or the options to create one with ({@link createClient})
   */
  constructor(clientOrOptions: FlagstreamClient | ClientOptions, options: FlagstreamProviderOptions = {}) {
    const timeout = options.initializationTimeout ?? 10_000;
    if (typeof timeout !== 'number' || !(timeout >= 0)) {
      throw new InvalidOptionError('initializationTimeout', `expected a number of milliseconds ≥ 0, got ${String(timeout)}`);
    }
    const owned = !(clientOrOptions instanceof FlagstreamClient);
    this.client = owned ? createClient(clientOrOptions as ClientOptions) : (clientOrOptions as FlagstreamClient);
    this.timeout = timeout;
    this.closeClient = options.closeClient ?? owned;
    this.statusEvents = new ProviderStatusEvents((event) => this.emitStatus(event));
  }

  /**
   * Waits for the client's first flag data (at most `initializationTimeout` ms). Rejects with
   * `ProviderFatalError` when the SDK key is refused, with `GeneralError` on a timeout (the client
   * keeps trying: the provider emits READY once data arrives).
   */
  async initialize(): Promise<void> {
    this.statusEvents.follow(this.client.status$);
    this.changes ??= this.client.flagChanges$.subscribe(({ key }) => this.changed(key));
    try {
      await this.client.waitForInitialization({ timeout: this.timeout });
      this.statusEvents.settle('READY');
    } catch (error) {
      const code = error instanceof InitializationFailedError ? error.error?.statusCode : undefined;
      if (code === 401 || code === 403) {
        this.statusEvents.settle('FATAL');
        throw new ProviderFatalError(`the flag server refused the SDK key (HTTP ${code})`, { cause: error });
      }
      this.statusEvents.settle('ERROR');
      throw new GeneralError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  /** Stops emitting events and, when the provider owns the client (see `closeClient`), closes it. */
  async onClose(): Promise<void> {
    this.statusEvents.stop();
    this.changes?.unsubscribe();
    this.changes = undefined;
    if (this.closeClient) await this.client.close();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext, _logger?: OpenFeatureLogger): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'boolean'));
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext, _logger?: OpenFeatureLogger): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'string'));
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext, _logger?: OpenFeatureLogger): Promise<ResolutionDetails<number>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'number'));
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext, _logger?: OpenFeatureLogger): Promise<ResolutionDetails<T>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'object'));
  }

  /** OpenFeature's `track(name, context, details)`: `client.track(name, context, details, details.value)`. */
  track(trackingEventName: string, context: EvaluationContext, trackingEventDetails: TrackingEventDetails): void {
    const mapped = toFlagstreamContext(context);
    if (!mapped.ok) return;
    const details = trackingEventDetails ?? {};
    const hasData = Object.keys(details).length > 0;
    this.client.track(trackingEventName, mapped.context, hasData ? details : undefined, typeof details.value === 'number' ? details.value : undefined);
  }

  /** The synchronous resolution behind the four `resolve…Evaluation` methods. */
  resolve<T>(flagKey: string, defaultValue: T, context: EvaluationContext, expected: Expected): ResolutionDetails<T> {
    const mapped = toFlagstreamContext(context);
    if (!mapped.ok) return errorResolution(defaultValue, ErrorCode.TARGETING_KEY_MISSING, mapped.message);
    const client = this.client;
    let detail: EvaluationDetail<unknown>;
    switch (expected) {
      case 'boolean':
        detail = client.boolVariationDetail(flagKey, mapped.context, defaultValue as boolean);
        break;
      case 'string':
        detail = client.stringVariationDetail(flagKey, mapped.context, defaultValue as string);
        break;
      case 'number':
        detail = client.numberVariationDetail(flagKey, mapped.context, defaultValue as number);
        break;
      case 'object':
        detail = client.jsonVariationDetail(flagKey, mapped.context, defaultValue as unknown);
        if (detail.variationIndex !== null && (typeof detail.value !== 'object' || detail.value === null)) {
          return errorResolution(defaultValue, ErrorCode.TYPE_MISMATCH, `flag '${flagKey}': the flag serves ${detail.value === null ? 'null' : typeof detail.value}, not an object`);
        }
        break;
    }
    return toResolutionDetails(flagKey, detail as EvaluationDetail<T>, client.flagConfiguration(flagKey));
  }

  /** Collects the keys changed in one turn into a single CONFIGURATION_CHANGED event. */
  private changed(key: string): void {
    if (this.statusEvents.phase === 'NOT_READY' || this.statusEvents.phase === 'FATAL') return;
    if (this.pendingChanges) {
      this.pendingChanges.add(key);
      return;
    }
    this.pendingChanges = new Set([key]);
    queueMicrotask(() => {
      const flagsChanged = [...(this.pendingChanges ?? [])];
      this.pendingChanges = undefined;
      this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged });
    });
  }

  private emitStatus(event: StatusEvent): void {
    switch (event.type) {
      case 'ready':
        this.events.emit(ProviderEvents.Ready, {});
        return;
      case 'stale':
        this.events.emit(ProviderEvents.Stale, { message: event.message });
        return;
      case 'fatal':
        this.events.emit(ProviderEvents.Error, { message: event.message, errorCode: ErrorCode.PROVIDER_FATAL });
        return;
    }
  }
}
