import { Inject } from '@nestjs/common';
import { FlagstreamClient } from '../../client/flagstream-client';

/**
 * Injects the module's {@link FlagstreamClient} (the same as injecting by the class), for code
 * that declares constructor parameters without type metadata:
 * `constructor(@InjectFlagstream() private readonly flags: FlagstreamClient) {}`.
 */
export function InjectFlagstream(): PropertyDecorator & ParameterDecorator {
  return Inject(FlagstreamClient);
}
