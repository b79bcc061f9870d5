import type { StreamReconnectOptions } from '../../../lib/client/client-options';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { type Logger, silentLogger } from '../../../lib/logging/logger';
import { SDK_KEY } from './e2e-data';

/** Options of {@link streamingClient}. */
export interface StreamingClientOptions {
  /** @default SDK_KEY */
  readonly sdkKey?: string;
  /** Merged over the spec default: 20 ms doubling to 100 ms, no jitter. */
  readonly reconnect?: StreamReconnectOptions;
  /** @default 5000 */
  readonly readTimeout?: number;
  /** @default silentLogger */
  readonly logger?: Logger;
}

/**
 * The real client (`createClient`) streaming from `url`, configured only through its public
 * options, with reconnect delays short enough for specs. Analytics events and the polling
 * fallback are off: only the stream touches the server.
 */
export function streamingClient(url: string, options: StreamingClientOptions = {}): FlagstreamClient {
  return createClient({
    sdkKey: options.sdkKey ?? SDK_KEY,
    streamUri: url,
    streamReconnect: { initialDelay: 20, maxDelay: 100, jitterRatio: 0, ...options.reconnect },
    streamReadTimeout: options.readTimeout ?? 5000,
    pollingFallbackAfter: false,
    sendEvents: false,
    logger: options.logger ?? silentLogger,
  });
}
