import type { DataSource } from '../data-sources/data-source';
import { pollingDataSource } from '../data-sources/polling-data-source';
import { streamingDataSource } from '../data-sources/streaming-data-source';
import type { ResolvedOptions } from './resolve-options';

/**
 * The data source a client uses: none offline; the given `dataSource`; else streaming over
 * WebSocket from `streamUri` (default) or polling `baseUri` every `pollInterval` ms.
 */
export function selectDataSource(options: ResolvedOptions): DataSource | undefined {
  if (options.offline) return undefined;
  if (options.dataSource) return options.dataSource;
  if (options.stream) return streamingDataSource({ streamUri: options.streamUri });
  return pollingDataSource({ baseUri: options.baseUri, pollInterval: options.pollInterval });
}
