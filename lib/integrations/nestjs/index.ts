/**
 * `flagstream/nestjs`: flagstream in NestJS (docs/nestjs.md). Needs the optional peer
 * dependencies `@nestjs/common`, `@nestjs/core` and `reflect-metadata`; importing this subpath
 * without them throws a `MissingPeerError` naming the packages to install.
 */
import './peers';

export { FlagstreamModule } from './flagstream-module';
export type { FlagstreamModuleAsyncOptions } from './flagstream-module';
export type { FlagstreamModuleOptions, ContextFromRequest } from './flagstream-module-options';
export { RequireFlag } from './require-flag';
export type { RequireFlagOptions } from './require-flag';
export { FlagValue, FlagContext } from './flag-value';
export { InjectFlagstream } from './inject-flagstream';
export { FlagGuard } from './flag-guard';
export { FlagValuePipe, FlagContextPipe } from './flag-pipes';
export { FlagstreamShutdown } from './flagstream-shutdown';
export { nestLogger } from './nest-logger';
export { ANONYMOUS_CONTEXT, defaultContextFromRequest } from './request-context';
export { FlagstreamClient } from '../../client/flagstream-client';
export { MissingPeerError } from '../frameworks/missing-peer-error';
