import assert from 'node:assert/strict';
import { resolveOptions } from '../../lib/client/resolve-options';
import { pollingDataSource } from '../../lib/data-sources/polling-data-source';
import { streamingDataSource } from '../../lib/data-sources/streaming-data-source';
import { createEventProcessor } from '../../lib/events/create-event-processor';
import { silentLogger } from '../../lib/logging/logger';
import { DEFAULT_BASE_URI } from '../../lib/options/check-options';

/** The message a call throws (it must throw). */
function messageOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected an InvalidOptionError');
}

const client = (options: Record<string, unknown>) => () => resolveOptions({ sdkKey: 'k', logger: silentLogger, ...options });

describe('one option validator: createClient, the data sources and the events pipeline hold an option to the same rule and message', () => {
  it('pollInterval', () => {
    const expected = "Invalid option 'pollInterval': expected a number of milliseconds ≥ 1000, got 999";
    assert.equal(messageOf(client({ pollInterval: 999 })), expected);
    assert.equal(messageOf(() => pollingDataSource({ pollInterval: 999 })), expected);
  });

  it('requestTimeout: Infinity or NaN is refused everywhere', () => {
    for (const value of [Infinity, NaN]) {
      assert.match(messageOf(client({ requestTimeout: value })), /'requestTimeout': expected a number of milliseconds ≥ 1, got/);
      assert.match(messageOf(() => pollingDataSource({ requestTimeout: value })), /'requestTimeout': expected a number of milliseconds ≥ 0, got/);
    }
  });

  it('URLs: the same words for a wrong scheme and for text that is not a URL', () => {
    assert.equal(messageOf(client({ streamUri: 'ftp://flags' })), "Invalid option 'streamUri': expected an http: or https: URL, got \"ftp://flags\"");
    assert.equal(messageOf(() => streamingDataSource({ streamUri: 'ftp://flags' })), "Invalid option 'streamUri': expected an http: or https: URL, got \"ftp://flags\"");
    assert.equal(messageOf(client({ baseUri: 'not a url' })), "Invalid option 'baseUri': not a valid URL: \"not a url\"");
    assert.equal(messageOf(() => pollingDataSource({ baseUri: 'not a url' })), "Invalid option 'baseUri': not a valid URL: \"not a url\"");
    assert.equal(messageOf(client({ eventsUri: 'ftp://flags' })), messageOf(() => createEventProcessor({ sdkKey: 'k', eventsUri: 'ftp://flags' })));
  });

  it('reconnect backoff: unknown fields and ranges alike', () => {
    assert.equal(messageOf(client({ streamReconnect: { jitterRatio: 2 } })), "Invalid option 'streamReconnect.jitterRatio': expected a number from 0 to 1, got 2");
    assert.equal(messageOf(() => streamingDataSource({ reconnect: { jitterRatio: 2 } })), "Invalid option 'reconnect.jitterRatio': expected a number from 0 to 1, got 2");
    assert.match(messageOf(client({ streamReconnect: { delay: 1 } })), /'streamReconnect.delay': unknown option \(known: initialDelay, maxDelay, jitterRatio, resetAfter, random\)/);
    assert.match(messageOf(() => streamingDataSource({ reconnect: { delay: 1 } as never })), /'reconnect.delay': unknown option \(known: initialDelay, maxDelay, jitterRatio, resetAfter, random\)/);
  });

  it('proxy and whole-number options', () => {
    assert.equal(messageOf(client({ proxy: 42 })), "Invalid option 'proxy': expected a proxy URL or false, got 42");
    assert.equal(messageOf(() => streamingDataSource({ proxy: 42 as never })), "Invalid option 'proxy': expected a proxy URL or false, got 42");
    assert.equal(messageOf(() => createEventProcessor({ sdkKey: 'k', eventsUri: 'http://x', proxy: 42 as never })), "Invalid option 'proxy': expected a proxy URL or false, got 42");
    assert.equal(messageOf(client({ events: { capacity: 2.5 } })), "Invalid option 'events.capacity': expected a whole number ≥ 1, got 2.5");
    assert.equal(messageOf(() => createEventProcessor({ sdkKey: 'k', eventsUri: 'http://x', capacity: 2.5 })), "Invalid option 'capacity': expected a whole number ≥ 1, got 2.5");
  });

  it('one default flag server address', () => {
    assert.equal(resolveOptions({ sdkKey: 'k', logger: silentLogger }).baseUri, DEFAULT_BASE_URI);
    assert.equal(DEFAULT_BASE_URI, 'http://localhost:8030');
  });
});
