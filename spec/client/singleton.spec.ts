import assert from 'node:assert/strict';
import { configure, get } from '../../lib/client/singleton';
import { SingletonError } from '../../lib/errors/singleton-error';
import { silentLogger } from '../../lib/logging/logger';

describe('configure / get', () => {
  it('refuses get() before configure(), configure() twice, and allows it again after close', async () => {
    assert.throws(() => get(), (error: unknown) => error instanceof SingletonError && error.code === 'NOT_CONFIGURED' && /call configure\(options\) first/.test(error.message));
    const client = configure({ offline: true, logger: silentLogger });
    assert.equal(get(), client);
    assert.throws(() => configure({ offline: true, logger: silentLogger }), (error: unknown) => error instanceof SingletonError && error.code === 'ALREADY_CONFIGURED');
    assert.equal(get(), client);
    await client.close();
    const again = configure({ offline: true, logger: silentLogger });
    assert.notEqual(again, client);
    assert.equal(get(), again);
    await again.close();
  });
});
