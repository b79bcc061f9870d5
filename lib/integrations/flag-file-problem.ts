import type { DataSourceErrorInfo } from '../data-sources/data-source-status';

/**
 * Why flag files could not be loaded. `message` always starts with the file path:
 * `/etc/flags.yaml: flags.checkout.variations: expected Array<unknown> or null, got 5`.
 * - `INVALID_DATA`: a file is not valid JSON/YAML, does not match the flag file schema, or a key
 *   is defined twice;
 * - `UNKNOWN`: a file could not be read (missing, unreadable, not a regular file, too large).
 */
export interface FlagFileProblem {
  readonly kind: Extract<DataSourceErrorInfo['kind'], 'INVALID_DATA' | 'UNKNOWN'>;
  readonly message: string;
}

/** A problem with the data in a file (`INVALID_DATA`), its message prefixed with the path. */
export function invalidData(path: string, what: string): FlagFileProblem {
  return { kind: 'INVALID_DATA', message: `${path}: ${what}` };
}

/** A problem reading a file (`UNKNOWN`), its message prefixed with the path. */
export function unreadable(path: string, what: string): FlagFileProblem {
  return { kind: 'UNKNOWN', message: `${path}: ${what}` };
}
