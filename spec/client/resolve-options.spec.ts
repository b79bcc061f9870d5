import assert from 'node:assert/strict';
import { resolveOptions } from '../../lib/client/resolve-options';
import { InvalidOptionError } from '../../lib/errors/invalid-option-error';
import { silentLogger } from '../../lib/logging/logger';

function rejects(options: unknown, message: RegExp): void {
  assert.throws(() => resolveOptions(options), (error: unknown) => {
    assert.ok(error instanceof InvalidOptionError);
    assert.match(error.message, message);
    return true;
  });
}

describe('resolveOptions', () => {
  it('fills in the documented defaults', () => {
    const options = resolveOptions({ sdkKey: 'sdk-1', logger: silentLogger });
    assert.equal(options.baseUri, 'http://localhost:8030');
    assert.equal(options.streamUri, 'http://localhost:8030');
    assert.equal(options.eventsUri, 'http://localhost:8030');
    assert.equal(options.stream, true);
    assert.equal(options.pollInterval, 30_000);
    assert.equal(options.sendEvents, true);
    assert.deepEqual(options.events, { capacity: 10_000, flushInterval: 5_000, contextKeysCapacity: 1_000, contextKeysFlushInterval: 300_000 });
  });

  it('keeps given events options and fills in the others', () => {
    const options = resolveOptions({ sdkKey: 'k', logger: silentLogger, events: { contextKeysCapacity: 50_000 } });
    assert.deepEqual(options.events, { capacity: 10_000, flushInterval: 5_000, contextKeysCapacity: 50_000, contextKeysFlushInterval: 300_000 });
  });

  it('derives stream and events URIs from baseUri and trims trailing slashes', () => {
    const options = resolveOptions({ sdkKey: 'k', baseUri: 'https://flags.example.com/', logger: silentLogger });
    assert.equal(options.streamUri, 'https://flags.example.com');
    assert.equal(options.eventsUri, 'https://flags.example.com');
  });

  it('names the bad option and what was wrong', () => {
    rejects(undefined, /Invalid option 'options': expected an object, got undefined/);
    rejects({}, /'sdkKey': required unless offline is true or a dataSource is given/);
    rejects({ sdkKey: '' }, /'sdkKey': expected a non-empty string, got an empty string/);
    rejects({ sdkKey: 'k', pollInterval: 'soon' }, /'pollInterval': expected a number of milliseconds ≥ 1000, got "soon"/);
    rejects({ sdkKey: 'k', baseUri: 'localhost:8030' }, /'baseUri': expected an http: or https: URL/);
    rejects({ sdkKey: 'k', baseUri: 'not a url' }, /'baseUri': not a valid URL/);
    rejects({ sdkKey: 'k', stream: 'yes' }, /'stream': expected true or false, got "yes"/);
    rejects({ sdkKey: 'k', events: { capacity: 0 } }, /'events.capacity': expected a whole number ≥ 1, got 0/);
    rejects({ sdkKey: 'k', events: { flushIntervall: 10 } }, /'events.flushIntervall': unknown option \(known: capacity, flushInterval, contextKeysCapacity, contextKeysFlushInterval\)/);
    rejects({ sdkKey: 'k', events: { contextKeysCapacity: 2.5 } }, /'events.contextKeysCapacity': expected a whole number ≥ 1, got 2.5/);
    rejects({ sdkKey: 'k', events: { contextKeysFlushInterval: 10 } }, /'events.contextKeysFlushInterval': expected a number of milliseconds ≥ 1000, got 10/);
    rejects({ sdkKey: 'k', events: { flushInterval: 'often' } }, /'events.flushInterval': expected a number of milliseconds ≥ 100, got "often"/);
    rejects({ sdkKey: 'k', logger: console.log }, /'logger': expected an object with error, warn, info and debug methods/);
    rejects({ sdkKey: 'k', hooks: [{}] }, /'hooks\[0\]': expected an object with a getMetadata\(\) method/);
    rejects({ sdkKey: 'k', dataSource: {} }, /'dataSource': expected a data source/);
    rejects({ sdkKey: 'k', privateAttributes: 'email' }, /'privateAttributes': expected an array of attribute names/);
  });

  it('rejects an unknown option, which is usually a typo', () => {
    rejects({ sdkKey: 'k', pollIntervall: 5 }, /Invalid option 'pollIntervall': unknown option/);
  });

  it('never puts the SDK key in an error message', () => {
    assert.throws(() => resolveOptions({ sdkKey: 'sdk-secret-123', stream: 1 }), (error: Error) => !error.message.includes('sdk-secret-123'));
  });

  it('needs no SDK key offline', () => {
    assert.equal(resolveOptions({ offline: true, logger: silentLogger }).offline, true);
  });
});

describe('resolveOptions: stream tuning', () => {
  it('accepts and checks the stream and polling tuning options', () => {
    const options = resolveOptions({ sdkKey: 'k', logger: silentLogger, streamReadTimeout: 5000, streamReconnect: { initialDelay: 50, jitterRatio: 0 }, pollingFallbackAfter: false });
    assert.equal(options.streamReadTimeout, 5000);
    assert.deepEqual(options.streamReconnect, { initialDelay: 50, jitterRatio: 0 });
    assert.equal(options.pollingFallbackAfter, false);
    assert.equal(resolveOptions({ sdkKey: 'k', logger: silentLogger }).pollingFallbackAfter, 60_000);
    assert.throws(() => resolveOptions({ sdkKey: 'k', streamReconnect: { initialDelay: -1 } }), /'streamReconnect.initialDelay': expected a number of milliseconds ≥ 0, got -1/);
    assert.throws(() => resolveOptions({ sdkKey: 'k', streamReconnect: { jitterRatio: 2 } }), /'streamReconnect.jitterRatio': expected a number from 0 to 1, got 2/);
    assert.throws(() => resolveOptions({ sdkKey: 'k', streamReconnect: { delay: 1 } }), /'streamReconnect.delay': unknown option/);
    assert.throws(() => resolveOptions({ sdkKey: 'k', streamReadTimeout: 'x' }), /'streamReadTimeout'/);
  });
});
