import type { DataSource } from '../data-sources/data-source';
import { pollingDataSource } from '../data-sources/polling-data-source';
import { streamingDataSource } from '../data-sources/streaming-data-source';
import { withPollingFallback } from '../data-sources/with-polling-fallback';
import type { ResolvedOptions } from './resolve-options';

/**
 * The data source a client uses: none offline; the given `dataSource`; else streaming over
 * WebSocket from `streamUri` (default; while the stream has been down for 60 s it polls `baseUri`
 * until the stream is back) or polling `baseUri` every `pollInterval` ms.
 */
export function selectDataSource(options: ResolvedOptions): DataSource | undefined {
  if (options.offline) return undefined;
  if (options.dataSource) return options.dataSource;
  const polling = pollingDataSource({ baseUri: options.baseUri, pollInterval: options.pollInterval, requestTimeout: options.requestTimeout, proxy: options.proxy });
  if (!options.stream) return polling;
  const streaming = streamingDataSource({ streamUri: options.streamUri, readTimeout: options.streamReadTimeout, connectTimeout: options.requestTimeout, reconnect: options.streamReconnect, proxy: options.proxy });
  if (options.pollingFallbackAfter === false) return streaming;
  return withPollingFallback(streaming, polling, { after: options.pollingFallbackAfter });
}
