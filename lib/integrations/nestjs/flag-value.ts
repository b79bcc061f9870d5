import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FlagDefault, FlagKey } from '../../client/flag-types';
import { type FlagParameter, FlagContextPipe, FlagValuePipe } from './flag-pipes';

const flagParameter = createParamDecorator((data: { key?: string; defaultValue?: unknown } | undefined, executionContext: ExecutionContext): FlagParameter => ({
  executionContext,
  key: data?.key,
  defaultValue: data?.defaultValue,
}));

/**
 * A handler parameter holding flag `key`'s value for the request's context, evaluated
 * synchronously from memory when the handler is called; `defaultValue` on any error.
 *
 * ```ts
 * @Get() home(@FlagValue('banner-text', 'Welcome') banner: string) { … }
 * ```
 */
export function FlagValue<K extends FlagKey>(key: K, defaultValue: FlagDefault<K>): ParameterDecorator {
  return flagParameter({ key, defaultValue }, FlagValuePipe);
}

/**
 * A handler parameter holding the request's evaluation context (from the module's `context`
 * option), e.g. to stream `client.variation$(key, context, …)` from an `@Sse` route.
 */
export function FlagContext(): ParameterDecorator {
  return flagParameter(undefined, FlagContextPipe);
}
