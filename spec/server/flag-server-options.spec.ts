import assert from 'node:assert/strict';
import { ServerConfigError } from '../../lib/errors/server-config-error';
import { createFlagServer } from '../../lib/server/flag-server';
import { resolveServerOptions } from '../../lib/server/flag-server-options';

describe('flag server options', () => {
  it('refuses to create a server without an admin token outside dev mode', () => {
    assert.throws(() => createFlagServer({}), (error: unknown) => error instanceof ServerConfigError && error.option === 'adminToken');
    assert.throws(() => createFlagServer({ adminToken: '' }), ServerConfigError);
    assert.throws(() => createFlagServer({ adminToken: 'short' }), /at least 16 characters/);
  });

  it('applies the documented defaults', () => {
    const options = resolveServerOptions({ adminToken: 'a-long-enough-admin-token' });
    assert.equal(options.port, 8030);
    assert.equal(options.host, '0.0.0.0');
    assert.equal(options.heartbeatIntervalMs, 15_000);
    assert.deepEqual(options.limits, {
      maxBodyBytes: 1_048_576,
      maxMessageBytes: 65_536,
      maxConnectionsPerKey: 10_000,
      maxBufferedBytes: 4_194_304,
      maxEventBatches: 1000,
      maxEventBytes: 16_777_216,
    });
    assert.equal(resolveServerOptions({ dev: true }).host, '127.0.0.1', 'dev mode binds to loopback by default');
  });

  it('names a bad limit', () => {
    assert.throws(() => resolveServerOptions({ dev: true, limits: { maxBodyBytes: -1 } }), /'limits\.maxBodyBytes'/);
    assert.throws(() => resolveServerOptions({ dev: true, port: 70000 }), /'port'/);
  });
});
