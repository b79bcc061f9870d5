import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import type { BackoffOptions } from '../../../lib/data-sources/backoff';
import { streamingDataSource } from '../../../lib/data-sources/streaming-data-source';
import { type Logger, silentLogger } from '../../../lib/logging/logger';
import { SDK_KEY } from './e2e-data';

/** Options of {@link streamingClient}. */
export interface StreamingClientOptions {
  /** @default SDK_KEY */
  readonly sdkKey?: string;
  /** Merged over the spec default: 20 ms doubling to 100 ms, no jitter. */
  readonly reconnect?: BackoffOptions;
  /** @default 5000 */
  readonly readTimeout?: number;
  /** @default silentLogger */
  readonly logger?: Logger;
}

/**
 * The real client (`createClient`) streaming from `url`, with reconnect delays short enough for
 * specs. `createClient` has no options for the stream's backoff and read timeout, so the
 * streaming data source is built here and handed over as `dataSource` (with the `sdkKey`).
 * Analytics events are off: only the stream touches the server.
 */
export function streamingClient(url: string, options: StreamingClientOptions = {}): FlagstreamClient {
  return createClient({
    sdkKey: options.sdkKey ?? SDK_KEY,
    dataSource: streamingDataSource({
      streamUri: url,
      reconnect: { initialDelay: 20, maxDelay: 100, jitterRatio: 0, ...options.reconnect },
      readTimeout: options.readTimeout ?? 5000,
    }),
    sendEvents: false,
    logger: options.logger ?? silentLogger,
  });
}
