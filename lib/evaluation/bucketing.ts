import * as crypto from 'node:crypto';
import type { AttributeRef } from '../context/attribute-ref';
import type { EvaluationContext } from '../context/evaluation-context';
import { sha1First60Bits } from './sha1-first-60-bits';

/** `0xFFFFFFFFFFFFFFF` (15 hex digits) as a double, the divisor of LaunchDarkly's bucket formula. */
const LONG_SCALE = 0xfffffffffffffff;

/**
 * SHA-1 of a string (its UTF-8 bytes), as a 20-character string of byte values (`binary`), for
 * inputs that {@link hash60} does not take. `crypto.hash` (Node >= 20.12) is about twice as fast
 * as `createHash` for short inputs; older Node versions fall back to `createHash`.
 */
const hash = crypto.hash;
const createHash = crypto.createHash;
const sha1Bytes: (input: string) => string =
  typeof hash === 'function' ? (input) => hash('sha1', input, 'binary') : (input) => createHash('sha1').update(input).digest('binary');

/** The one padded SHA-1 block of {@link hash60}, reused (evaluation is synchronous). */
const BLOCK = new Int32Array(16);
/** Longest message that fits one SHA-1 block with its padding (0x80 byte + 64-bit length). */
const MAX_ONE_BLOCK = 55;

/**
 * The first 60 bits of SHA-1(`prefix + value`) as an integer below 2^60 (rounded to a double).
 *
 * Speed (see docs/evaluation.md, "Bucketing"): rollout inputs (`flagKey.salt.contextKey`) are
 * short ASCII strings. Those are packed straight from the strings' code units into one block and
 * hashed by the unrolled {@link sha1First60Bits} (~2x faster than `crypto.hash`, measured with
 * `npm run bench -- evaluation --flag rules`); anything else (non-ASCII, longer than 55 bytes)
 * goes through `node:crypto`. A spec checks both paths against `node:crypto`.
 */
function hash60(prefix: string, value: string): number {
  const prefixLength = prefix.length;
  const total = prefixLength + value.length;
  if (total > MAX_ONE_BLOCK) return hash60ByCrypto(prefix + value);
  // The prefix (one per rollout) is packed once and kept while the same prefix comes again.
  if (prefix !== packedPrefix && !packPrefix(prefix)) return hash60ByCrypto(prefix + value);
  const block = BLOCK;
  const full = prefixLength >> 2;
  for (let i = 0; i < full; i++) block[i] = PREFIX_WORDS[i];
  for (let i = full; i < 16; i++) block[i] = 0;
  let word = PREFIX_WORDS[full];
  for (let i = prefixLength; i < total; i++) {
    const c = value.charCodeAt(i - prefixLength);
    if (c > 0x7f) return hash60ByCrypto(prefix + value);
    word = (word << 8) | c;
    if ((i & 3) === 3) {
      block[i >> 2] = word;
      word = 0;
    }
  }
  // The 0x80 end marker after the last byte, then the length in bits in the last word.
  block[total >> 2] = ((word << 8) | 0x80) << ((3 - (total & 3)) << 3);
  block[15] = total << 3;
  return sha1First60Bits(block);
}

/** The prefix last packed into {@link PREFIX_WORDS}. */
let packedPrefix: string | undefined;
/** Its full 4-byte words, then the bytes of its last partial word (right-aligned, not shifted). */
const PREFIX_WORDS = new Int32Array(16);

/** Packs an ASCII prefix of at most 55 characters; false (nothing kept) for any other. */
function packPrefix(prefix: string): boolean {
  packedPrefix = undefined;
  let word = 0;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    if (c > 0x7f) return false;
    word = (word << 8) | c;
    if ((i & 3) === 3) {
      PREFIX_WORDS[i >> 2] = word;
      word = 0;
    }
  }
  PREFIX_WORDS[prefix.length >> 2] = word;
  packedPrefix = prefix;
  return true;
}

function hash60ByCrypto(input: string): number {
  const d = sha1Bytes(input);
  // The first 60 bits (15 hex digits) in two exact parts, 32 + 28 bits; the sum is rounded once,
  // exactly as the Node SDK's parseInt(hex.substring(0, 15), 16) rounds it.
  const high = ((d.charCodeAt(0) << 24) | (d.charCodeAt(1) << 16) | (d.charCodeAt(2) << 8) | d.charCodeAt(3)) >>> 0;
  const low = (d.charCodeAt(4) << 20) | (d.charCodeAt(5) << 12) | (d.charCodeAt(6) << 4) | (d.charCodeAt(7) >>> 4);
  return high * 0x10000000 + low;
}

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
 * SHA-1(`prefix + value`) as an integer, divided by `0xFFFFFFFFFFFFFFF` (docs/evaluation.md, "Bucketing").
 *
 * @param prefix from {@link bucketPrefix}
 * @param value from {@link bucketableValue}
 */
export function bucketOf(prefix: string, value: string): number {
  return hash60(prefix, value) / LONG_SCALE;
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
