import { init, integrations, type LDClient, type LDLogger } from '@launchdarkly/node-server-sdk';

/** Flags and segments as raw LaunchDarkly JSON, keyed by flag/segment key. */
export interface RawFlagData {
  readonly flags: Readonly<Record<string, unknown>>;
  readonly segments: Readonly<Record<string, unknown>>;
}

/** LaunchDarkly's `LDEvaluationDetail`, as plain JSON. */
export interface LaunchDarklyDetail {
  readonly value: unknown;
  readonly variationIndex?: number | null;
  readonly reason: unknown;
}

/** A logger that drops everything: evaluation errors (bad contexts, unknown flags) are expected here. */
const silentLogger: LDLogger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/** Any SDK key: it is never sent anywhere, the client makes no network connection. */
const OFFLINE_SDK_KEY = 'sdk-conformance-offline';

/**
 * Default time the LaunchDarkly client may take to load the data set, in milliseconds: 5,000.
 * Loading is in-memory, so reaching it means something is broken.
 */
const INIT_TIMEOUT_MS = 5000;

/**
 * A `@launchdarkly/node-server-sdk` 9.x client loaded OFFLINE with one data set: data goes in
 * through the SDK's own `integrations.TestData` (`usePreconfiguredFlag`/`usePreconfiguredSegment`,
 * which run the same JSON post-processing as the streaming path), as the update processor, so the
 * client opens no stream. Events are off unless {@link LaunchDarklyEvents} turn them on (the
 * events benchmark); diagnostics are off. Always `close()` it.
 */
/** Analytics events for a {@link LaunchDarklyRunner} (default: off). */
export interface LaunchDarklyEvents {
  /** Where the client posts events (`${eventsUri}/bulk`). */
  readonly eventsUri: string;
  /** LaunchDarkly's `contextKeysCapacity` (its default: 1,000). */
  readonly contextKeysCapacity?: number;
}

export class LaunchDarklyRunner {
  private constructor(private readonly client: LDClient) {}

  /**
   * Creates a client holding exactly `data` and waits until it is initialised.
   *
   * @param data flags and segments as LaunchDarkly JSON (deep-copied; the caller's objects are
   *   not modified)
   * @param events turns analytics events on (default: off)
   */
  static async open(data: RawFlagData, events?: LaunchDarklyEvents): Promise<LaunchDarklyRunner> {
    const td = new integrations.TestData();
    // TestData only starts serving data to clients created after this, and both calls copy the
    // JSON before LaunchDarkly's in-place post-processing.
    for (const segment of Object.values(data.segments)) await td.usePreconfiguredSegment(asRecord(segment));
    for (const flag of Object.values(data.flags)) await td.usePreconfiguredFlag(asRecord(flag));
    const client = init(OFFLINE_SDK_KEY, {
      updateProcessor: td.getFactory(),
      sendEvents: events !== undefined,
      ...(events === undefined ? {} : { eventsUri: events.eventsUri, contextKeysCapacity: events.contextKeysCapacity }),
      diagnosticOptOut: true,
      logger: silentLogger,
    });
    try {
      await client.waitForInitialization({ timeout: INIT_TIMEOUT_MS / 1000 });
    } catch (err) {
      client.close();
      throw err;
    }
    return new LaunchDarklyRunner(client);
  }

  /** `variationDetail(key, context, defaultValue)`, unmodified. */
  evaluate(key: string, context: unknown, defaultValue: unknown): Promise<LaunchDarklyDetail> {
    // The SDK's types promise an LDContext; invalid contexts are exactly what some cases pass.
    return this.client.variationDetail(key, context as never, defaultValue);
  }

  /** `variation(key, context, defaultValue)`, unmodified (what the benchmark times). */
  variation(key: string, context: unknown, defaultValue: unknown): Promise<unknown> {
    return this.client.variation(key, context as never, defaultValue);
  }

  /** Closes the client; it holds no socket or timer afterwards. */
  close(): void {
    this.client.close();
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`expected a flag or segment object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
