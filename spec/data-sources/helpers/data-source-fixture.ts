import type { DataSourceEvent } from '../../../lib/data-sources/data-source';
import type { Collector } from './collect';
import { assertKeyNeverLeaked, captureLogger } from './describe-events';
import { FlagTestServer, SDK_KEY } from './flag-test-server';

/** What each streaming or polling data source spec runs against. */
export interface DataSourceFixture {
  /** A loopback flag server on an ephemeral port. */
  readonly server: FlagTestServer;
  /** A logger that keeps every line (checked for the SDK key at the end). */
  readonly logger: ReturnType<typeof captureLogger>;
}

/** Starts a {@link DataSourceFixture} (call it in `beforeEach`). */
export async function startDataSourceFixture(): Promise<DataSourceFixture> {
  return { server: await FlagTestServer.start(), logger: captureLogger() };
}

/**
 * Ends a spec (call it in `afterEach`): unsubscribes the collector, stops the server, then checks
 * that the SDK key appears in no event and no log line.
 */
export async function stopDataSourceFixture(fixture: DataSourceFixture, collector: Collector<DataSourceEvent> | undefined): Promise<void> {
  collector?.stop();
  await fixture.server.stop();
  assertKeyNeverLeaked(SDK_KEY, collector?.values ?? [], fixture.logger.lines);
}
