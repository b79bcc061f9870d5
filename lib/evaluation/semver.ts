/**
 * A parsed semantic version (SemVer 2.0), as the `semVer*` operators compare it. Build metadata
 * is dropped: it never affects comparison.
 */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Prerelease identifiers; numeric ones below 2^53 - 1 are numbers, the rest strings. */
  readonly prerelease: readonly (number | string)[];
}

const MAX_LENGTH = 256;
const NO_PRERELEASE: readonly (number | string)[] = Object.freeze([]);
const LENIENT_PREFIX = /^\d+(\.\d+)?(\.\d+)?/;

/**
 * Parses a clause or attribute value for the `semVer*` operators, with the Node SDK's leniency
 * (docs/evaluation.md, "Operators"):
 * - the value must be a string not starting with `v`; surrounding whitespace is ignored;
 * - strict SemVer 2.0 (`1.2.3`, `1.2.3-rc.1+build`, no leading zeros), at most 256 characters,
 *   numbers at most 2^53 - 1 (the rules of npm `semver` 7.5, which the Node SDK uses);
 * - failing that, a missing minor and/or patch is filled with `.0` (`2` ⇒ `2.0.0`,
 *   `2.1-rc` ⇒ `2.1.0-rc`) and the result is parsed strictly.
 *
 * @param value any JSON value
 * @returns the version, or `null` when the value is not one
 */
export function parseSemVer(value: unknown): SemVer | null {
  if (typeof value !== 'string') return null;
  // Versions in contexts repeat (app and OS versions): parsed results are remembered, in a
  // bounded table that is simply emptied when full. Parsed versions are frozen, so sharing is safe.
  const cached = PARSED.get(value);
  if (cached !== undefined) return cached;
  const parsed = parseUncached(value);
  if (value.length <= MAX_CACHED_LENGTH) {
    if (PARSED.size >= MAX_CACHED) PARSED.clear();
    PARSED.set(value, parsed);
  }
  return parsed;
}

/** Remembered results of {@link parseSemVer}, by input string (null for "not a version"). */
const PARSED = new Map<string, SemVer | null>();
/** Most entries of {@link PARSED} before it is emptied. */
const MAX_CACHED = 4096;
/** Longer strings are not remembered (they are rare, and keep memory bounded). */
const MAX_CACHED_LENGTH = 64;

function parseUncached(value: string): SemVer | null {
  if (value.startsWith('v')) return null;
  const strict = parseStrict(value);
  if (strict !== null) return strict;
  const prefix = LENIENT_PREFIX.exec(value);
  if (prefix === null) return null;
  const padded = prefix[0] + (prefix[1] === undefined ? '.0' : '') + (prefix[2] === undefined ? '.0' : '') + value.substring(prefix[0].length);
  return parseStrict(padded);
}

/**
 * Compares two versions by SemVer precedence: main numbers, then a version without prerelease
 * is greater, then prerelease identifiers one by one (numeric ones numerically and below
 * alphanumeric ones, alphanumeric ones by code unit), a longer list being greater.
 *
 * @returns a negative number, 0 or a positive number
 */
export function compareSemVer(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  const pa = a.prerelease;
  const pb = b.prerelease;
  // A version without prerelease identifiers ranks above any prerelease of it.
  if (pa.length === 0) return pb.length === 0 ? 0 : 1;
  if (pb.length === 0) return -1;
  for (let i = 0; ; i++) {
    if (i >= pa.length) return i >= pb.length ? 0 : -1;
    if (i >= pb.length) return 1;
    const x = pa[i];
    const y = pb[i];
    if (x !== y) return compareIdentifiers(x, y);
  }
}

/** npm `semver`'s identifier order: numeric (digits only) ones numerically and first. */
function compareIdentifiers(a: number | string, b: number | string): number {
  const aNumeric = typeof a === 'number' || ALL_DIGITS.test(a);
  const bNumeric = typeof b === 'number' || ALL_DIGITS.test(b);
  if (aNumeric && bNumeric) {
    const x = +a;
    const y = +b;
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (aNumeric) return -1;
  if (bNumeric) return 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

const ALL_DIGITS = /^[0-9]+$/;

/** Strict SemVer 2.0 (optional leading `v`, trimmed), or null. */
function parseStrict(input: string): SemVer | null {
  if (input.length > MAX_LENGTH) return null;
  const s = input.trim();
  const end = s.length;
  let i = s.charCodeAt(0) === V ? 1 : 0;
  const majorEnd = numericEnd(s, i);
  if (majorEnd < 0 || s.charCodeAt(majorEnd) !== DOT) return null;
  const minorEnd = numericEnd(s, majorEnd + 1);
  if (minorEnd < 0 || s.charCodeAt(minorEnd) !== DOT) return null;
  const patchEnd = numericEnd(s, minorEnd + 1);
  if (patchEnd < 0) return null;
  const major = numberAt(s, i, majorEnd);
  const minor = numberAt(s, majorEnd + 1, minorEnd);
  const patch = numberAt(s, minorEnd + 1, patchEnd);
  if (major > Number.MAX_SAFE_INTEGER || minor > Number.MAX_SAFE_INTEGER || patch > Number.MAX_SAFE_INTEGER) return null;
  i = patchEnd;
  let prerelease = NO_PRERELEASE;
  if (s.charCodeAt(i) === HYPHEN) {
    const ids: (number | string)[] = [];
    do {
      const start = i + 1;
      i = identifierEnd(s, start);
      if (i === start) return null;
      const id = s.slice(start, i);
      if (ALL_DIGITS.test(id)) {
        if (id.length > 1 && id.charCodeAt(0) === ZERO) return null; // leading zero
        const n = +id;
        ids.push(n < Number.MAX_SAFE_INTEGER ? n : id);
      } else {
        ids.push(id);
      }
    } while (s.charCodeAt(i) === DOT);
    prerelease = ids;
  }
  if (s.charCodeAt(i) === PLUS) {
    do {
      const start = i + 1;
      i = identifierEnd(s, start);
      if (i === start) return null;
    } while (s.charCodeAt(i) === DOT);
  }
  if (i !== end) return null;
  return Object.freeze({ major, minor, patch, prerelease: prerelease === NO_PRERELEASE ? prerelease : Object.freeze(prerelease) });
}

const V = 0x76;
const DOT = 0x2e;
const HYPHEN = 0x2d;
const PLUS = 0x2b;
const ZERO = 0x30;

/** End of a numeric identifier (`0` or a digit run without leading zero) at `i`, or -1. */
function numericEnd(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === ZERO) return i + 1;
  if (!(first > ZERO && first <= 0x39)) return -1;
  let j = i + 1;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  return j;
}

/** The decimal number in `s[start, end)`, as `+s.slice(start, end)` would read it. */
function numberAt(s: string, start: number, end: number): number {
  if (end - start > 15) return +s.slice(start, end); // beyond exact integer arithmetic
  let n = 0;
  for (let j = start; j < end; j++) n = n * 10 + (s.charCodeAt(j) - ZERO);
  return n;
}

/** End of a run of `[0-9A-Za-z-]` starting at `i`. */
function identifierEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (!(isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === HYPHEN)) break;
    j++;
  }
  return j;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= 0x39;
}
