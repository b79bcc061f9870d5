import { applyDecorators, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import type { FlagKeyOf } from '../../client/flag-types';
import { FlagGuard, type FlagRequirement } from './flag-guard';
import { REQUIRE_FLAG_METADATA } from './tokens';

/** Options of {@link RequireFlag}. */
export interface RequireFlagOptions {
  /** What to throw when the flag is not `true`. @default the module's `guardException`, else a 404 `NotFoundException` */
  readonly exception?: (executionContext: ExecutionContext, flagKey: string) => Error;
}

/**
 * Guards a route (or every route of a controller): the request goes through only when flag
 * `key` serves `true` for the request's context; otherwise 404 (configurable). Evaluated per
 * request from memory, so a flag change applies to the next request.
 *
 * ```ts
 * @Get('checkout') @RequireFlag('new-checkout') checkout() { … }
 * ```
 */
export function RequireFlag(key: FlagKeyOf<boolean>, options: RequireFlagOptions = {}): MethodDecorator & ClassDecorator {
  const requirement: FlagRequirement = { key, exception: options.exception };
  return applyDecorators(SetMetadata(REQUIRE_FLAG_METADATA, requirement), UseGuards(FlagGuard));
}
