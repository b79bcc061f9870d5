import { createHash } from 'node:crypto';

/**
 * The SHA-256 of an SDK key, hex. The server indexes environments by this digest, so looking up
 * a presented key takes the same time however many leading characters it shares with a real one.
 */
export function sdkKeyDigest(sdkKey: string): string {
  return createHash('sha256').update(sdkKey).digest('hex');
}

/**
 * What log lines and the admin API show instead of an SDK key: `key#` and the first 8 hex
 * characters of its SHA-256 (`key#3fa81c2e`). Enough to tell keys apart, useless to an attacker.
 */
export function shortKeyHash(sdkKey: string): string {
  return `key#${sdkKeyDigest(sdkKey).slice(0, 8)}`;
}
