import type { FileFlag } from '../../../lib/model/flag-file';
import type { DataFileDocument } from '../../../lib/server/data-file-schema';

/** The SDK key of the `production` environment. */
export const SDK_KEY = 'sdk-e2e-production-4c1d9a';
/** An SDK key the server does not know. */
export const UNKNOWN_SDK_KEY = 'sdk-e2e-unknown-77aa01';
/** The admin token of every e2e server. */
export const ADMIN_TOKEN = 'e2e-admin-token-5b0e2f9c31d8';
/** The environment the specs use. */
export const ENVIRONMENT = 'production';

/** A context. */
export const ALICE = { kind: 'user', key: 'alice' };

/**
 * One environment, `production`:
 * - `checkout`: boolean, on, serves `true` (off: `false`);
 * - `plan`: `'full'` while its prerequisite `checkout` serves `true`, `'basic'` otherwise;
 * - `banner`: string, serves `'hello'`;
 * - `legacy`: boolean, serves `true` (deleted by some specs).
 */
export function e2eEnvironments(): DataFileDocument['environments'] {
  return {
    [ENVIRONMENT]: {
      sdkKeys: [SDK_KEY],
      flags: {
        checkout: flag('checkout', [true, false]),
        plan: flag('plan', ['full', 'basic'], { prerequisites: [{ key: 'checkout', variation: 0 }] }),
        banner: flag('banner', ['hello', 'welcome back', 'goodbye'], { offVariation: 2 }),
        legacy: flag('legacy', [true, false]),
      },
      segments: {},
    },
  };
}

/** A flag at version 1, on, serving variation 0 (off: variation 1). */
export function flag(key: string, variations: unknown[], extra: Partial<FileFlag> = {}): FileFlag {
  return { key, version: 1, on: true, salt: key, variations, fallthrough: { variation: 0 }, offVariation: 1, ...extra };
}
