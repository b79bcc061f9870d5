import { type ExecutionContext, Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { FlagstreamClient } from '../../client/flagstream-client';
import type { ContextInput } from '../../context/context-input';
import { requestContext } from './request-context';
import type { ResolvedNestOptions } from './resolved-options';
import { FLAGSTREAM_MODULE_OPTIONS } from './tokens';

/** What the `@FlagValue`/`@FlagContext` parameter factories hand to their pipe. */
export interface FlagParameter {
  readonly executionContext: ExecutionContext;
  readonly key?: string;
  readonly defaultValue?: unknown;
}

/** Turns a {@link FlagParameter} into the request's evaluation context (pipe of `@FlagContext`). */
export class FlagContextPipe implements PipeTransform<FlagParameter, ContextInput> {
  constructor(private readonly options: ResolvedNestOptions) {}

  transform(parameter: FlagParameter): ContextInput {
    return requestContext(this.options.context, parameter.executionContext);
  }
}
Injectable()(FlagContextPipe);
Inject(FLAGSTREAM_MODULE_OPTIONS)(FlagContextPipe, undefined, 0);

/** Turns a {@link FlagParameter} into the flag's value for the request (pipe of `@FlagValue`). */
export class FlagValuePipe implements PipeTransform<FlagParameter, unknown> {
  constructor(
    private readonly client: FlagstreamClient,
    private readonly options: ResolvedNestOptions,
  ) {}

  transform(parameter: FlagParameter): unknown {
    const context = requestContext(this.options.context, parameter.executionContext);
    return this.client.variation(parameter.key ?? '', context, parameter.defaultValue);
  }
}
Injectable()(FlagValuePipe);
Inject(FlagstreamClient)(FlagValuePipe, undefined, 0);
Inject(FLAGSTREAM_MODULE_OPTIONS)(FlagValuePipe, undefined, 1);
