import { type CanActivate, type ExecutionContext, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FlagstreamClient } from '../../client/flagstream-client';
import { requestContext } from './request-context';
import type { ResolvedNestOptions } from './resolved-options';
import { FLAGSTREAM_MODULE_OPTIONS, REQUIRE_FLAG_METADATA } from './tokens';

/** What `@RequireFlag` records on a route or controller. */
export interface FlagRequirement {
  readonly key: string;
  readonly exception?: (executionContext: ExecutionContext, flagKey: string) => Error;
}

/**
 * The guard behind `@RequireFlag(key)`: lets the request through only when the flag serves the
 * boolean `true` for the request's context (synchronously, from the client's memory); otherwise
 * throws the decorator's exception, the module's `guardException`, or a `NotFoundException`.
 * A route's requirement overrides its controller's.
 */
export class FlagGuard implements CanActivate {
  constructor(
    private readonly client: FlagstreamClient,
    private readonly reflector: Reflector,
    private readonly options: ResolvedNestOptions,
  ) {}

  canActivate(executionContext: ExecutionContext): boolean {
    const requirement = this.reflector.getAllAndOverride<FlagRequirement | undefined>(REQUIRE_FLAG_METADATA, [executionContext.getHandler(), executionContext.getClass()]);
    if (requirement === undefined) return true;
    const context = requestContext(this.options.context, executionContext);
    if (this.client.boolVariation(requirement.key, context, false)) return true;
    const exception = requirement.exception ?? this.options.guardException;
    if (exception !== undefined) throw exception(executionContext, requirement.key);
    throw notFound(executionContext);
  }
}
Injectable()(FlagGuard);
Inject(FlagstreamClient)(FlagGuard, undefined, 0);
Inject(Reflector)(FlagGuard, undefined, 1);
Inject(FLAGSTREAM_MODULE_OPTIONS)(FlagGuard, undefined, 2);

/** Nest's own answer to an unknown route: `Cannot GET /path` (404). */
function notFound(executionContext: ExecutionContext): NotFoundException {
  if (executionContext.getType() !== 'http') return new NotFoundException();
  const request = executionContext.switchToHttp().getRequest<{ method?: string; url?: string; originalUrl?: string }>();
  return new NotFoundException(`Cannot ${request.method ?? 'GET'} ${request.originalUrl ?? request.url ?? '/'}`);
}
