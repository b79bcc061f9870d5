import type { ExecutionContext } from '@nestjs/common';
import type { ClientOptions } from '../../client/client-options';
import type { FlagstreamClient } from '../../client/flagstream-client';
import type { ContextInput } from '../../context/context-input';

/**
 * Finds the evaluation context of a request (or of a GraphQL resolver call, WebSocket message…)
 * from Nest's execution context. Return `undefined` for "no context": flags then evaluate for
 * the anonymous context.
 */
export type ContextFromRequest = (executionContext: ExecutionContext) => ContextInput | undefined;

/** The options of `FlagstreamModule.forRoot`: the client's options (or a client) plus Nest's part. */
export interface FlagstreamModuleOptions extends ClientOptions {
  /**
   * An existing client to use instead of creating one from the other options. The module then
   * leaves closing it to the application. @default a client created from the options, closed by the module
   */
  readonly client?: FlagstreamClient;
  /**
   * The evaluation context of a request. @default for HTTP, `request.user` (as Passport sets it)
   * mapped to `{ kind: 'user', key }` from its `key`, `id` or `sub`; otherwise, and for other
   * execution contexts (GraphQL, WebSocket, RPC), the anonymous context
   */
  readonly context?: ContextFromRequest;
  /** How long bootstrap waits for the first flag data, in ms. @default 5000 */
  readonly initializationTimeout?: number;
  /**
   * What happens when the first data does not arrive in time (or the SDK key is refused): `'fail'`
   * fails the boot with the error; `'warn'` logs a warning and starts on default values (the
   * client keeps trying; `client.status$` tells the rest). @default 'warn'
   */
  readonly onInitializationFailure?: 'fail' | 'warn';
  /** Register the module globally, so every module can inject the client. @default true */
  readonly global?: boolean;
  /**
   * What `@RequireFlag` throws when the flag is not `true` for the request, unless the decorator
   * says otherwise. @default a `NotFoundException` ("Cannot GET /path"), as for an unknown route
   */
  readonly guardException?: (executionContext: ExecutionContext, flagKey: string) => Error;
}

/** The names of {@link FlagstreamModuleOptions} that are Nest's, not the client's. */
const NEST_OPTIONS = ['client', 'context', 'initializationTimeout', 'onInitializationFailure', 'global', 'guardException'] as const;

/** Splits module options into the client's options and the rest. */
export function splitModuleOptions(options: FlagstreamModuleOptions): { readonly clientOptions: ClientOptions; readonly nest: FlagstreamModuleOptions } {
  const clientOptions: Record<string, unknown> = { ...options };
  for (const name of NEST_OPTIONS) delete clientOptions[name];
  return { clientOptions: clientOptions as ClientOptions, nest: options };
}
