import * as crypto from 'node:crypto';
import type { AttributeRef } from '../context/attribute-ref';
import type { EvaluationContext } from '../context/evaluation-context';

/** `0xFFFFFFFFFFFFFFF` (15 hex digits) as a double, the divisor of LaunchDarkly's bucket formula. */
const LONG_SCALE = 0xfffffffffffffff;

/**
 * SHA-1 of a string (its UTF-8 bytes), as a 20-character string of byte values (`binary`, i.e. latin1).
 * `crypto.hash` (Node ≥ 20.12) is about twice as fast as `createHash` for short inputs, and
 * reading bytes from a `binary` digest avoids hex encoding and parsing (measured: ~210 ns vs
 * ~380 ns per bucket on the reference machine). Older Node versions fall back to `createHash`.
 */
const hash = crypto.hash;
const createHash = crypto.createHash;
const sha1Bytes: (input: string) => string =
  typeof hash === 'function' ? (input) => hash('sha1', input, 'binary') : (input) => createHash('sha1').update(input).digest('binary');

/**
 * The string a context attribute contributes to the bucketing hash, or `null` when the attribute
 * cannot be bucketed (then the bucket is 0): strings as they are, integers in decimal (`33333` ⇒
 * `"33333"`); anything else (fractions, booleans, arrays, objects, null, missing) ⇒ `null`.
 *
 * @param value the attribute value
 */
export function bucketableValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return null;
}

/**
 * The hash-input prefix of a rollout, including the trailing dot: `${seed}.` when a seed is given
 * (the Node SDK treats `seed: 0` as absent), otherwise `${key}.${salt}.`.
 *
 * @param key the flag or segment key
 * @param salt the flag or segment salt (missing ⇒ `""`)
 * @param seed the rollout seed, if any
 */
export function bucketPrefix(key: string, salt: string | null | undefined, seed?: number | null): string {
  return seed ? `${Number(seed)}.` : `${key}.${salt || ''}.`;
}

/**
 * LaunchDarkly's bucket of a context in a rollout, in `[0, 1]`: the first 15 hex digits of
 * SHA-1(`prefix + value`) as an integer, divided by `0xFFFFFFFFFFFFFFF` (reference §2.9).
 *
 * @param prefix from {@link bucketPrefix}
 * @param value from {@link bucketableValue}
 */
export function bucketOf(prefix: string, value: string): number {
  const d = sha1Bytes(prefix + value);
  // The first 60 bits (15 hex digits) in two exact parts, 32 + 28 bits; the sum is rounded once,
  // exactly as the Node SDK's parseInt(hex.substring(0, 15), 16) rounds it.
  const high = ((d.charCodeAt(0) << 24) | (d.charCodeAt(1) << 16) | (d.charCodeAt(2) << 8) | d.charCodeAt(3)) >>> 0;
  const low = (d.charCodeAt(4) << 20) | (d.charCodeAt(5) << 12) | (d.charCodeAt(6) << 4) | (d.charCodeAt(7) >>> 4);
  return (high * 0x10000000 + low) / LONG_SCALE;
}

/**
 * The bucket of `context` for a rollout or a weighted segment rule: the attribute `ref` of the
 * part of kind `kind` is hashed with `prefix`; 0 when that part is absent or the attribute cannot
 * be bucketed (see {@link bucketableValue}).
 *
 * @param context the context
 * @param kind the rollout's context kind
 * @param ref the `bucketBy` attribute (valid)
 * @param prefix from {@link bucketPrefix}
 */
export function bucketContext(context: EvaluationContext, kind: string, ref: AttributeRef, prefix: string): number {
  let value: unknown;
  if (ref.isKind) {
    value = context.kinds;
  } else {
    const part = context.individual(kind);
    value = part === undefined ? undefined : part.get(ref);
  }
  const hashable = bucketableValue(value);
  return hashable === null ? 0 : bucketOf(prefix, hashable);
}
