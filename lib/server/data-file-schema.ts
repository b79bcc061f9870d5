import * as t from 'io-ts';
import { FileFlag, FileSegment } from '../model/flag-file';

/**
 * One environment as stored in the flag server's data file (JSON or YAML):
 *
 * ```yaml
 * environments:
 *   production:
 *     name: Production            # optional display name; default: the environment key
 *     sdkKeys: [sdk-3f1c…]        # keys that select this environment
 *     disabledSdkKeys: [sdk-9a…]  # optional: keys refused with 403 (revoked but recognised)
 *     flags: { new-checkout: { on: true, variations: [true, false], … } }
 *     segments: { beta-users: { included: [u1] } }
 * ```
 *
 * Flags and segments use LaunchDarkly's schema; in the file `key` defaults to the map key and
 * `version` to 1. Deleted items are kept as tombstones (`{ key, version, deleted: true }`) so
 * that versions keep increasing across a delete and a re-create.
 */
export const EnvironmentDocument = t.intersection(
  [
    t.type({ sdkKeys: t.array(t.string) }),
    t.partial({
      name: t.string,
      disabledSdkKeys: t.array(t.string),
      flags: t.record(t.string, FileFlag),
      segments: t.record(t.string, FileSegment),
    }),
  ],
  'Environment',
);
export type EnvironmentDocument = t.TypeOf<typeof EnvironmentDocument>;

/** The whole data file: environments by key. */
export const DataFileDocument = t.type({ environments: t.record(t.string, EnvironmentDocument) }, 'DataFile');
export type DataFileDocument = t.TypeOf<typeof DataFileDocument>;

/**
 * Environment, flag and segment keys: letters, digits, `.`, `_`, `-`, starting with a letter or
 * digit, at most 256 characters (they appear in URLs and log lines).
 */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/;
