import { createClient } from '../../client/create-client';
import type { FlagstreamClient } from '../../client/flagstream-client';
import { type FlagstreamModuleOptions, splitModuleOptions } from './flagstream-module-options';
import { nestLogger } from './nest-logger';

/** The module's client and whether the module closes it. */
export interface ClientState {
  readonly client: FlagstreamClient;
  readonly owned: boolean;
}

/** Default for `initializationTimeout`. */
export const DEFAULT_INITIALIZATION_TIMEOUT = 5000;

/**
 * Creates (or takes) the client and waits for its first data, as the module's async provider, so
 * Nest's bootstrap waits too. On failure: rethrows with `onInitializationFailure: 'fail'`, else
 * logs a warning (to the client's logger, Nest's by default) and goes on (the client keeps trying in the background).
 */
export async function startClient(options: FlagstreamModuleOptions): Promise<ClientState> {
  const { clientOptions } = splitModuleOptions(options);
  const owned = options.client === undefined;
  const logger = clientOptions.logger ?? nestLogger();
  const client = options.client ?? createClient({ ...clientOptions, logger });
  const timeout = options.initializationTimeout ?? DEFAULT_INITIALIZATION_TIMEOUT;
  try {
    await client.waitForInitialization({ timeout });
  } catch (error) {
    if (options.onInitializationFailure === 'fail') {
      if (owned) await client.close();
      throw error;
    }
    logger.warn(`${error instanceof Error ? error.message : String(error)}: starting on default values; client.status$ reports when flags arrive`);
  }
  return { client, owned };
}
