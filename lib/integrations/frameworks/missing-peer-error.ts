import { FlagstreamError } from '../../errors/flagstream-error';

/**
 * A subpath of flagstream (`flagstream/nestjs`, `flagstream/openfeature`, `flagstream/otel`) was
 * imported without the framework package it adapts. The message names what to install.
 */
export class MissingPeerError extends FlagstreamError {
  override readonly name = 'MissingPeerError';
  readonly code = 'MISSING_PEER_DEPENDENCY';

  constructor(
    /** The subpath that was imported, e.g. `flagstream/nestjs`. */
    readonly subpath: string,
    /** The packages it needs that could not be found. */
    readonly missing: readonly string[],
  ) {
    super(`${subpath} needs ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed: run \`npm install ${missing.join(' ')}\``);
  }
}
