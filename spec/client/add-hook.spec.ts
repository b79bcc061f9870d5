import assert from 'node:assert/strict';
import { createClient } from '../../lib/client/create-client';
import type { EvaluationSeriesContext, Hook } from '../../lib/client/hook';
import { InvalidOptionError } from '../../lib/errors/invalid-option-error';
import { TestData } from '../../lib/integrations/test-data/test-data';
import type { Logger } from '../../lib/logging/logger';
import { silentLogger } from '../../lib/logging/logger';

function recordingHook(name: string, calls: string[]): Hook {
  return {
    getMetadata: () => ({ name }),
    beforeEvaluation: (context: EvaluationSeriesContext, data) => {
      calls.push(`${name}:before:${context.flagKey}:${context.method}`);
      return { ...data, from: name };
    },
    afterEvaluation: (_context, data, detail) => {
      calls.push(`${name}:after:${String(data.from)}:${String(detail.value)}`);
      return data;
    },
  };
}

describe('client.addHook', () => {
  it('adds a hook at run time that runs after the configured ones, for evaluations from then on', async () => {
    const td = new TestData();
    td.update(td.flag('f').booleanFlag().variationForAll(true));
    const calls: string[] = [];
    const client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger, hooks: [recordingHook('configured', calls)] });
    await client.waitForInitialization({ timeout: 1000 });
    client.boolVariation('f', { key: 'a' }, false);
    assert.deepEqual(calls, ['configured:before:f:boolVariation', 'configured:after:configured:true']);
    calls.length = 0;
    client.addHook(recordingHook('added', calls));
    client.variation('f', { key: 'a' }, false);
    assert.deepEqual(calls, [
      'configured:before:f:variation',
      'added:before:f:variation',
      'added:after:added:true',
      'configured:after:configured:true',
    ]);
    await client.close();
  });

  it('works on a client created without hooks, and a failing added hook is logged, never thrown', async () => {
    const td = new TestData();
    td.update(td.flag('f').variations('x', 'y').fallthroughVariation(1));
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message: string) => errors.push(message) };
    const client = createClient({ dataSource: td, sendEvents: false, logger });
    await client.waitForInitialization({ timeout: 1000 });
    client.addHook({ getMetadata: () => ({ name: 'broken' }), beforeEvaluation: () => { throw new Error('boom'); } });
    assert.equal(client.variation('f', { key: 'a' }, 'd'), 'y');
    assert.equal(errors.length, 1);
    assert.match(errors[0], /hook 'broken' failed in beforeEvaluation: Error: boom/);
    await client.close();
  });

  it('rejects something that is not a hook, naming addHook', async () => {
    const client = createClient({ offline: true, logger: silentLogger });
    assert.throws(() => client.addHook({} as Hook), (error: unknown) => error instanceof InvalidOptionError && /addHook\(hook\).*getMetadata/.test(error.message));
    await client.close();
  });
});
