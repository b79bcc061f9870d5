import type { ExecutionContext } from '@nestjs/common';
import type { ContextFromRequest } from './flagstream-module-options';

/** What the guard and the parameter decorators need from the module options (provided as FLAGSTREAM_MODULE_OPTIONS). */
export interface ResolvedNestOptions {
  readonly context: ContextFromRequest;
  readonly guardException: ((executionContext: ExecutionContext, flagKey: string) => Error) | undefined;
}
