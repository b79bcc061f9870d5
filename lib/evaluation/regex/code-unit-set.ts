/**
 * A set of UTF-16 code units (0–0xFFFF), as sorted, disjoint, non-adjacent inclusive ranges
 * `[lo0, hi0, lo1, hi1, …]`. A JavaScript regex without the `u` flag matches code units, so every
 * character matcher of a pattern (a literal, `.`, `\d`, a class) is one such set.
 */
export type CodeUnitSet = readonly number[];

/** The largest code unit. */
export const MAX_CODE_UNIT = 0xffff;

/** The set of the given inclusive ranges (in any order, overlapping or not). */
export function unitSet(ranges: readonly (readonly [number, number])[]): CodeUnitSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    if (out.length > 0 && lo <= out[out.length - 1] + 1) out[out.length - 1] = Math.max(out[out.length - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The union of sets. */
export function union(...sets: CodeUnitSet[]): CodeUnitSet {
  const ranges: [number, number][] = [];
  for (const set of sets) for (let i = 0; i < set.length; i += 2) ranges.push([set[i], set[i + 1]]);
  return unitSet(ranges);
}

/** The code units not in `set`. */
export function complement(set: CodeUnitSet): CodeUnitSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i] > next) out.push(next, set[i] - 1);
    next = set[i + 1] + 1;
  }
  if (next <= MAX_CODE_UNIT) out.push(next, MAX_CODE_UNIT);
  return out;
}

/** True when the sets share a code unit. */
export function intersects(a: CodeUnitSet, b: CodeUnitSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1] < b[j]) i += 2;
    else if (b[j + 1] < a[i]) j += 2;
    else return true;
  }
  return false;
}

/** `[0-9]`, JavaScript's `\d`. */
export const DIGITS: CodeUnitSet = [0x30, 0x39];
/** `[0-9A-Z_a-z]`, JavaScript's `\w` (and the word characters of `\b`) without the `u` flag. */
export const WORD: CodeUnitSet = unitSet([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
/** What `.` matches without the `s` flag: every code unit but the line terminators. */
export const DOT: CodeUnitSet = complement(unitSet([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]));

let whitespace: CodeUnitSet | undefined;

/**
 * JavaScript's `\s` as the running engine defines it (white space and line terminators, a list
 * that follows the engine's Unicode version), read once from the engine itself.
 */
export function whitespaceSet(): CodeUnitSet {
  if (whitespace !== undefined) return whitespace;
  let all = '';
  for (let unit = 0; unit <= MAX_CODE_UNIT; unit += 4096) {
    all += String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => unit + i));
  }
  const ranges: [number, number][] = [];
  for (const match of all.matchAll(/\s/g)) ranges.push([match.index, match.index]);
  whitespace = unitSet(ranges);
  return whitespace;
}
