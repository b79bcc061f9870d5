import type { ClientOptions } from './client-options';
import { FlagstreamClient } from './flagstream-client';
import { resolveOptions } from './resolve-options';

/**
 * Creates a client and starts loading flag data at once. Throws `InvalidOptionError` (naming
 * the option) for a bad option.
 *
 * ## Example
 * ```ts
 * const client = createClient({ sdkKey: process.env.FLAGSTREAM_SDK_KEY });
 * await client.waitForInitialization({ timeout: 5000 });
 * client.variation('new-checkout', { kind: 'user', key: 'alice' }, false); // true or false
 * ```
 */
export function createClient(options: ClientOptions): FlagstreamClient {
  return new FlagstreamClient(resolveOptions(options));
}
