import type { DataSourceErrorInfo } from '../data-sources/data-source-status';
import { FlagstreamError } from './flagstream-error';

/** The data source stopped for good (e.g. the SDK key was refused) before any data arrived. */
export class InitializationFailedError extends FlagstreamError {
  override readonly name = 'InitializationFailedError';
  readonly code = 'INITIALIZATION_FAILED';

  constructor(readonly error: DataSourceErrorInfo | undefined) {
    super(`flagstream could not initialize: ${error ? error.message : 'the data source stopped'}`);
  }
}
