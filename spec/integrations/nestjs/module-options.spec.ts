import assert from 'node:assert/strict';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NEVER } from 'rxjs';
import { createClient } from '../../../lib/client/create-client';
import { FlagstreamClient } from '../../../lib/client/flagstream-client';
import type { DataSource } from '../../../lib/data-sources/data-source';
import { InitializationTimeoutError } from '../../../lib/errors/initialization-timeout-error';
import { TestData } from '../../../lib/integrations/test-data/test-data';
import type { Logger } from '../../../lib/logging/logger';
import { silentLogger } from '../../../lib/logging/logger';
import { FlagstreamModule, nestLogger } from '../../../lib/integrations/nestjs';

/** A data source that never delivers anything: initialization cannot finish. */
const silentSource: DataSource = { connect: () => NEVER };

@Injectable()
class FlagConfig {
  readonly timeout = 50;
}

@Module({ providers: [FlagConfig], exports: [FlagConfig] })
class ConfigModule {}

describe('FlagstreamModule options: forRootAsync, initialization failure, an existing client, the logger', function () {
  this.timeout(10_000);

  it('forRootAsync builds the options with injected providers, and the module closes the client it created on shutdown', async () => {
    const td = new TestData();
    await td.update(td.flag('f').variations('a', 'b').fallthroughVariation(1));
    const moduleRef = await Test.createTestingModule({
      imports: [
        FlagstreamModule.forRootAsync({
          imports: [ConfigModule],
          inject: [FlagConfig],
          useFactory: (config: FlagConfig) => ({ dataSource: td, sendEvents: false, logger: silentLogger, initializationTimeout: config.timeout * 10 }),
        }),
      ],
    }).compile();
    const client = moduleRef.get(FlagstreamClient);
    assert.equal(client.variation('f', { key: 'u' }, 'z'), 'b');
    await moduleRef.close();
    assert.equal(client.closed, true);
  });

  it("onInitializationFailure: 'fail' fails the boot with the timeout; 'warn' (the default) starts on defaults", async () => {
    await assert.rejects(
      Test.createTestingModule({
        imports: [FlagstreamModule.forRoot({ dataSource: silentSource, sendEvents: false, logger: silentLogger, initializationTimeout: 50, onInitializationFailure: 'fail' })],
      }).compile(),
      InitializationTimeoutError,
    );
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const moduleRef = await Test.createTestingModule({
      imports: [FlagstreamModule.forRoot({ dataSource: silentSource, sendEvents: false, logger, initializationTimeout: 50 })],
    }).compile();
    const client = moduleRef.get(FlagstreamClient);
    assert.equal(client.initialized, false);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /50 ?ms.*starting on default values; client\.status\$ reports when flags arrive/);
    assert.equal(client.variation('f', { key: 'u' }, 'default'), 'default');
    await moduleRef.close();
  });

  it('uses an existing client without closing it', async () => {
    const client = createClient({ offline: true, logger: silentLogger });
    const moduleRef = await Test.createTestingModule({ imports: [FlagstreamModule.forRoot({ client })] }).compile();
    assert.equal(moduleRef.get(FlagstreamClient), client);
    await moduleRef.close();
    assert.equal(client.closed, false);
    await client.close();
  });

  it("nestLogger maps flagstream's levels onto Nest's", () => {
    const calls: string[] = [];
    const nest = { log: (m: string) => calls.push(`log ${m}`), error: (m: string) => calls.push(`error ${m}`), warn: (m: string) => calls.push(`warn ${m}`), debug: (m: string) => calls.push(`debug ${m}`) };
    const logger: Logger = nestLogger(nest);
    logger.error('e');
    logger.warn('w', 42);
    logger.info('i');
    logger.debug('d');
    assert.deepEqual(calls, ['error e', 'warn w 42', 'log i', 'debug d']);
  });
});
