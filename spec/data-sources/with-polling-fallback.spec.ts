import assert from 'node:assert/strict';
import { type Observable, asyncScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { DataSource, DataSourceEvent } from '../../lib/data-sources/data-source';
import { pollingDataSource } from '../../lib/data-sources/polling-data-source';
import { streamingDataSource } from '../../lib/data-sources/streaming-data-source';
import { withPollingFallback } from '../../lib/data-sources/with-polling-fallback';
import { silentLogger } from '../../lib/logging/logger';
import { Collector, sleep } from './helpers/collect';
import { describeEvents } from './helpers/describe-events';
import { fastScheduler } from './helpers/fast-scheduler';
import { flag, FlagTestServer, SDK_KEY } from './helpers/flag-test-server';

const flags = (version: number) => ({ flags: { f: flag('f', version) as never }, segments: {} });
const values: Record<string, DataSourceEvent> = {
  p: { type: 'put', data: flags(1) },
  v: { type: 'status', state: 'VALID' },
  i: { type: 'status', state: 'INTERRUPTED', error: { kind: 'NETWORK_ERROR', message: 'down', time: 0 } },
  o: { type: 'status', state: 'OFF', error: { kind: 'ERROR_RESPONSE', statusCode: 401, message: 'no', time: 0 } },
  q: { type: 'put', data: flags(2) },
  V: { type: 'status', state: 'VALID' },
  I: { type: 'status', state: 'INTERRUPTED', error: { kind: 'ERROR_RESPONSE', statusCode: 503, message: 'poll', time: 0 } },
  O: { type: 'status', state: 'OFF', error: { kind: 'ERROR_RESPONSE', statusCode: 403, message: 'poll', time: 0 } },
};

describe('withPollingFallback', () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  });

  function source(observable: Observable<DataSourceEvent>): DataSource {
    return { connect: () => observable };
  }

  function connect(primary: Observable<DataSourceEvent>, fallback: Observable<DataSourceEvent>, after: number) {
    return withPollingFallback(source(primary), source(fallback), { after }).connect({
      sdkKey: SDK_KEY,
      logger: silentLogger,
      scheduler: testScheduler,
    });
  }

  it('starts the fallback after the primary has been down for `after` ms, and stops it when the primary is back', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<DataSourceEvent>('-i 49ms (pv)', values);
      const fallback = cold<DataSourceEvent>('-(qV)', values);
      expectObservable(connect(primary, fallback, 20)).toBe('-i 20ms (qV) 25ms (pv)', values);
      expectSubscriptions(fallback.subscriptions).toBe('21ms ^ 29ms !');
    });
  });

  it('hides the primary’s failures while the fallback delivers, not while the fallback fails', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const primary = cold<DataSourceEvent>('-i 29ms i 29ms i', values);
      const fallback = cold<DataSourceEvent>('-(qV) 40ms I', values);
      expectObservable(connect(primary, fallback, 10), '^ 80ms !').toBe('-i 10ms (qV) 40ms I 4ms i', values);
    });
  });

  it('never starts the fallback when the primary recovers in time', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<DataSourceEvent>('-i 5ms (pv)', values);
      const fallback = cold<DataSourceEvent>('-(qV)', values);
      expectObservable(connect(primary, fallback, 20), '^ 100ms !').toBe('-i 5ms (pv)', values);
      expectSubscriptions(fallback.subscriptions).toBe([]);
    });
  });

  it('ignores the fallback’s OFF and ends with the primary’s OFF', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<DataSourceEvent>('-i 29ms (o|)', values);
      const fallback = cold<DataSourceEvent>('-O', values);
      expectObservable(connect(primary, fallback, 10)).toBe('-i 29ms (o|)', values);
      expectSubscriptions(fallback.subscriptions).toBe('11ms ^ 19ms !');
    });
  });

  it('cancels the pending fallback and both sources on unsubscribe', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const primary = cold<DataSourceEvent>('-i', values);
      const fallback = cold<DataSourceEvent>('-(qV)', values);
      expectObservable(connect(primary, fallback, 20), '^ 10ms !').toBe('-i', values);
      expectSubscriptions(primary.subscriptions).toBe('^ 10ms !');
      expectSubscriptions(fallback.subscriptions).toBe([]);
    });
  });

  it('polls a real server while its stream refuses, and stops polling once the stream is back', async () => {
    const server = await FlagTestServer.start();
    server.refuseWith = 503;
    const dataSource = withPollingFallback(
      streamingDataSource({ streamUri: server.baseUri, reconnect: { initialDelay: 1000, maxDelay: 1000, random: () => 0 } }),
      pollingDataSource({ baseUri: server.baseUri, pollInterval: 1000 }),
      { after: 500 },
    );
    // Time runs 50× faster: 1,000 ms reconnect and poll intervals take 20 real ms.
    const collector = new Collector(dataSource.connect({ sdkKey: SDK_KEY, logger: silentLogger, scheduler: fastScheduler(50) }));
    try {
      await collector.until((events) => events.some((event) => event.type === 'put'));
      await sleep(60);
      assert.deepEqual(describeEvents(collector.values), ['INTERRUPTED ERROR_RESPONSE 503', 'put f@1', 'VALID']);
      server.data = { flags: { f: flag('f', 2) }, segments: {} };
      server.refuseWith = undefined;
      await server.until(() => server.connections === 1, 3000, 'the stream to connect');
      await collector.until((events) => describeEvents(events).slice(-2).join() === 'put f@2,VALID');
      await sleep(40); // the stream's put has arrived by now (a poll may have won the race)
      const polls = server.polls;
      await sleep(100);
      assert.equal(server.polls, polls);
      assert.deepEqual(describeEvents(collector.values).slice(-2), ['put f@2', 'VALID']);
    } finally {
      collector.stop();
      await server.stop();
    }
  });
});
