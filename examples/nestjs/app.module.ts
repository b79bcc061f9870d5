import { type DynamicModule, Module } from '@nestjs/common';
import { FlagstreamModule } from '../../lib/integrations/nestjs';
import { ShopController } from './shop.controller';
import { userFromRequest } from './user-from-request';

/** The application module: flagstream (global) and the shop's routes. */
@Module({})
export class AppModule {
  /** The module for the environment's FLAGSTREAM_SDK_KEY and FLAGSTREAM_BASE_URI. */
  static configure(env: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        FlagstreamModule.forRoot({
          sdkKey: env.FLAGSTREAM_SDK_KEY,
          baseUri: env.FLAGSTREAM_BASE_URI ?? 'http://127.0.0.1:8030',
          context: userFromRequest,
          initializationTimeout: 5000,
        }),
      ],
      controllers: [ShopController],
    };
  }
}
