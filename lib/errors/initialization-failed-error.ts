import { FlagstreamError } from './flagstream-error';

/** The data source stopped for good (e.g. the SDK key was refused) before any data arrived. */
export class InitializationFailedError extends FlagstreamError {
  override readonly name = 'InitializationFailedError';
  readonly code = 'INITIALIZATION_FAILED';

  constructor(
    /** The data source's last error (a `DataSourceErrorInfo`), when there was one. */
    readonly error: { readonly kind: string; readonly message: string; readonly statusCode?: number } | undefined,
  ) {
    super(`flagstream could not initialize: ${error ? error.message : 'the data source stopped'}`);
  }
}
