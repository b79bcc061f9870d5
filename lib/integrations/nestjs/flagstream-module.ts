import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata, type OptionalFactoryDependency, type Provider } from '@nestjs/common';
import { FlagstreamClient } from '../../client/flagstream-client';
import { TestData } from '../../integrations/test-data/test-data';
import { silentLogger } from '../../logging/logger';
import { type ClientState, startClient } from './client-state';
import { FlagGuard } from './flag-guard';
import { FlagContextPipe, FlagValuePipe } from './flag-pipes';
import type { FlagstreamModuleOptions } from './flagstream-module-options';
import { FlagstreamShutdown } from './flagstream-shutdown';
import { defaultContextFromRequest } from './request-context';
import type { ResolvedNestOptions } from './resolved-options';
import { FLAGSTREAM_ASYNC_OPTIONS, FLAGSTREAM_CLIENT_STATE, FLAGSTREAM_MODULE_OPTIONS } from './tokens';

/** Options of {@link FlagstreamModule.forRootAsync}. */
export interface FlagstreamModuleAsyncOptions {
  /** Modules whose providers the factory needs (e.g. `ConfigModule`). */
  readonly imports?: ModuleMetadata['imports'];
  /** Providers passed to the factory, in order. */
  readonly inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Builds the module options (may be async). */
  readonly useFactory: (...args: any[]) => FlagstreamModuleOptions | Promise<FlagstreamModuleOptions>;
  /** Register the module globally. @default true */
  readonly global?: boolean;
}

/**
 * flagstream in a Nest application: provides the {@link FlagstreamClient} (injectable by its
 * class or `@InjectFlagstream()`), awaits its first flag data during bootstrap, closes it in
 * `beforeApplicationShutdown`, and backs `@RequireFlag`, `@FlagValue` and `@FlagContext`.
 *
 * ```ts
 * @Module({ imports: [FlagstreamModule.forRoot({ sdkKey: process.env.FLAGSTREAM_SDK_KEY, baseUri })] })
 * export class AppModule {}
 * ```
 */
export class FlagstreamModule {
  /** The module with a client made from `options` (or `options.client`). Global unless `global: false`. */
  static forRoot(options: FlagstreamModuleOptions): DynamicModule {
    return FlagstreamModule.build([{ provide: FLAGSTREAM_ASYNC_OPTIONS, useValue: options }], [], options.global ?? true);
  }

  /** The module with options from a factory that can use other providers (configuration, secrets). */
  static forRootAsync(options: FlagstreamModuleAsyncOptions): DynamicModule {
    const provider: Provider = { provide: FLAGSTREAM_ASYNC_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] };
    return FlagstreamModule.build([provider], options.imports ?? [], options.global ?? true);
  }

  /**
   * The module for `Test.createTestingModule`: a client on `testData` (a new `TestData` if none),
   * no network, no analytics events, silent. `TestData` is injectable too, to change flags in a test.
   *
   * @param options further module options (e.g. `context`); client options other than `logger` and `hooks` are ignored
   */
  static forTesting(testData: TestData = new TestData(), options: Pick<FlagstreamModuleOptions, 'context' | 'guardException' | 'logger' | 'hooks'> = {}): DynamicModule {
    const moduleOptions: FlagstreamModuleOptions = { ...options, dataSource: testData, sendEvents: false, logger: options.logger ?? silentLogger };
    return FlagstreamModule.build(
      [{ provide: FLAGSTREAM_ASYNC_OPTIONS, useValue: moduleOptions }, { provide: TestData, useValue: testData }],
      [],
      true,
      [TestData],
    );
  }

  private static build(optionProviders: Provider[], imports: NonNullable<ModuleMetadata['imports']>, global: boolean, extraExports: InjectionToken[] = []): DynamicModule {
    const providers: Provider[] = [
      ...optionProviders,
      { provide: FLAGSTREAM_CLIENT_STATE, useFactory: (options: FlagstreamModuleOptions) => startClient(options), inject: [FLAGSTREAM_ASYNC_OPTIONS] },
      { provide: FlagstreamClient, useFactory: (state: ClientState) => state.client, inject: [FLAGSTREAM_CLIENT_STATE] },
      {
        provide: FLAGSTREAM_MODULE_OPTIONS,
        useFactory: (options: FlagstreamModuleOptions): ResolvedNestOptions => ({ context: options.context ?? defaultContextFromRequest, guardException: options.guardException }),
        inject: [FLAGSTREAM_ASYNC_OPTIONS],
      },
      FlagstreamShutdown,
      FlagGuard,
      FlagValuePipe,
      FlagContextPipe,
    ];
    return {
      module: FlagstreamModule,
      global,
      imports,
      providers,
      exports: [FlagstreamClient, FLAGSTREAM_MODULE_OPTIONS, FlagGuard, FlagValuePipe, FlagContextPipe, ...extraExports],
    };
  }
}
Module({})(FlagstreamModule);
