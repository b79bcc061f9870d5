import { randomBytes, randomUUID } from 'node:crypto';
import type { DataFileDocument } from './data-file-schema';

/**
 * Generates a new random SDK key: `sdk-` followed by a random UUID (122 random bits).
 */
export function generateSdkKey(): string {
  return `sdk-${randomUUID()}`;
}

/**
 * The data a new user sees first: one environment, `development`, with a fresh random SDK key
 * and a few flags showing each kind of targeting:
 * - `new-checkout`: boolean, on, user `alice` targeted to `true`, everyone else `false`;
 * - `new-search`: boolean percentage rollout, 25 % `true` by user key;
 * - `banner-text`: string flag with three variations; members of the segment `beta-testers`
 *   get the second one;
 * - segment `beta-testers`: users `alice` and `bob`, plus anyone whose email ends with
 *   `@example.com`.
 *
 * Written to the data file when the server starts and the file does not exist.
 */
export function createExampleData(): DataFileDocument {
  return {
    environments: {
      development: {
        name: 'Development',
        sdkKeys: [generateSdkKey()],
        flags: {
          'new-checkout': {
            key: 'new-checkout',
            version: 1,
            on: true,
            variations: [true, false],
            offVariation: 1,
            fallthrough: { variation: 1 },
            targets: [{ variation: 0, values: ['alice'] }],
            prerequisites: [],
            rules: [],
            salt: salt(),
          },
          'new-search': {
            key: 'new-search',
            version: 1,
            on: true,
            variations: [true, false],
            offVariation: 1,
            fallthrough: {
              rollout: {
                variations: [
                  { variation: 0, weight: 25000 },
                  { variation: 1, weight: 75000 },
                ],
              },
            },
            targets: [],
            prerequisites: [],
            rules: [],
            salt: salt(),
          },
          'banner-text': {
            key: 'banner-text',
            version: 1,
            on: true,
            variations: ['Welcome!', 'Welcome, beta tester!', 'Free shipping this week'],
            offVariation: 0,
            fallthrough: { variation: 0 },
            targets: [],
            prerequisites: [],
            rules: [
              {
                id: 'beta-testers-rule',
                clauses: [{ attribute: '', op: 'segmentMatch', values: ['beta-testers'], negate: false }],
                variation: 1,
              },
            ],
            salt: salt(),
          },
        },
        segments: {
          'beta-testers': {
            key: 'beta-testers',
            version: 1,
            included: ['alice', 'bob'],
            excluded: [],
            rules: [
              {
                id: 'example-emails',
                clauses: [{ attribute: 'email', op: 'endsWith', values: ['@example.com'], negate: false }],
              },
            ],
            salt: salt(),
          },
        },
      },
    },
  };
}

function salt(): string {
  return randomBytes(8).toString('hex');
}
