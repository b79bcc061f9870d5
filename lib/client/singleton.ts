import { SingletonError } from '../errors/singleton-error';
import type { ClientOptions } from './client-options';
import { createClient } from './create-client';
import type { FlagstreamClient } from './flagstream-client';

let configured: FlagstreamClient | undefined;

/**
 * Creates the process-wide client (as the FeatBit/featureflag.co and Leanbase SDKs do).
 * Throws `SingletonError` (`ALREADY_CONFIGURED`) if a configured client is still open; once
 * that client is closed, `configure` may be called again (handy in tests).
 *
 * @returns the new client (also returned by {@link get})
 */
export function configure(options: ClientOptions): FlagstreamClient {
  if (configured && !configured.closed) {
    throw new SingletonError('ALREADY_CONFIGURED', 'flagstream is already configured: call get() to use the client, or close() it before configuring again');
  }
  configured = createClient(options);
  return configured;
}

/**
 * The process-wide client created by {@link configure}. Throws `SingletonError`
 * (`NOT_CONFIGURED`) if `configure` has not been called.
 */
export function get(): FlagstreamClient {
  if (!configured) throw new SingletonError('NOT_CONFIGURED', 'flagstream is not configured: call configure(options) first');
  return configured;
}
