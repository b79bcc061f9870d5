/** Patterns longer than this are not compiled (the clause value never matches). */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * Attribute values longer than this are never tested against a `matches` pattern (the test is
 * false). This bounds the cost of super-linear but undetected patterns (e.g. `.*a.*b` on a huge
 * value); LaunchDarkly has no such limit, so only values over 10,000 characters can differ.
 */
export const MAX_MATCH_INPUT_LENGTH = 10_000;

/** A `matches` clause value, compiled once: a regex, or the reason it is not used. */
export type CompiledPattern = { readonly regex: RegExp; readonly error?: undefined } | { readonly regex?: undefined; readonly error: string };

/**
 * Compiles a `matches` pattern as the Node SDK does (`new RegExp(pattern)`: ECMAScript syntax, no
 * flags, unanchored search) — unless it could backtrack catastrophically.
 *
 * **Decision on pathological patterns.** JavaScript regexes backtrack, so a pattern such as
 * `^(a+)+$` takes exponential time on `'aaaa…!'` and would hang evaluation (the Node SDK does
 * hang). A pattern is therefore refused when:
 * - it is longer than {@link MAX_PATTERN_LENGTH} characters, or
 * - a group that may repeat more than once (`*`, `+`, `{n,}`, `{n,m}` with m > 1) contains a
 *   quantifier or an alternation (`(a+)+`, `(a|a)*`, `(\w+\s?)*`, `((ab)*c)+`; conservatively
 *   also benign ones such as `(foo|bar)+`).
 * A refused (or syntactically invalid) pattern never matches — exactly what the Node SDK does for
 * an invalid pattern, so `negate` still applies — and the prepared flag or segment records a
 * warning. Every other pattern behaves exactly as in the Node SDK, for values up to
 * {@link MAX_MATCH_INPUT_LENGTH} characters.
 *
 * @param pattern the clause value
 */
export function compilePattern(pattern: string): CompiledPattern {
  const risk = backtrackingRisk(pattern);
  if (risk !== undefined) return { error: `regular expression ${quote(pattern)} refused: ${risk}; it never matches` };
  try {
    return { regex: new RegExp(pattern) };
  } catch (e) {
    return { error: `invalid regular expression ${quote(pattern)} (${(e as Error).message}); it never matches` };
  }
}

interface GroupFrame {
  /** The group's body contains a quantifier. */
  quantified: boolean;
  /** The group's body contains an alternation. */
  alternation: boolean;
}

/** Why `pattern` may backtrack catastrophically, or `undefined`. A linear scan of its syntax. */
function backtrackingRisk(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  const stack: GroupFrame[] = [{ quantified: false, alternation: false }];
  let closedGroup: GroupFrame | undefined; // set when the last atom is a group
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    const top = stack[stack.length - 1];
    if (c === '\\') {
      i += 2;
      closedGroup = undefined;
    } else if (c === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      closedGroup = undefined;
    } else if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      i = afterGroupPrefix(pattern, i + 1);
      closedGroup = undefined;
    } else if (c === ')') {
      if (stack.length > 1) {
        const group = stack.pop()!;
        const parent = stack[stack.length - 1];
        parent.quantified ||= group.quantified;
        parent.alternation ||= group.alternation;
        closedGroup = group;
      }
      i++;
    } else if (c === '|') {
      top.alternation = true;
      i++;
      closedGroup = undefined;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier === undefined) {
        i++;
        closedGroup = undefined;
        continue;
      }
      if (closedGroup !== undefined && quantifier.max > 1 && (closedGroup.quantified || closedGroup.alternation)) {
        return closedGroup.quantified ? 'nested quantifiers' : 'alternation inside a repeated group';
      }
      top.quantified = true;
      i = quantifier.end;
      if (pattern[i] === '?') i++; // lazy
      closedGroup = undefined;
    }
  }
  return undefined;
}

const BRACES = /\{(\d+)(,(\d*))?\}/y;

/** The quantifier starting at `i` (its maximum count and end), if any. */
function quantifierAt(pattern: string, i: number): { max: number; end: number } | undefined {
  const c = pattern[i];
  if (c === '*' || c === '+') return { max: Infinity, end: i + 1 };
  if (c === '?') return { max: 1, end: i + 1 };
  if (c !== '{') return undefined;
  BRACES.lastIndex = i;
  const m = BRACES.exec(pattern);
  if (m === null) return undefined; // a literal '{'
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return { max, end: i + m[0].length };
}

/** Skips `?:`, `?=`, `?!`, `?<=`, `?<!` or `?<name>` after a `(` at `i`. */
function afterGroupPrefix(pattern: string, i: number): number {
  if (pattern[i] !== '?') return i;
  const next = pattern[i + 1];
  if (next === ':' || next === '=' || next === '!') return i + 2;
  if (next === '<') {
    const after = pattern[i + 2];
    if (after === '=' || after === '!') return i + 3;
    const close = pattern.indexOf('>', i + 2);
    return close < 0 ? i + 2 : close + 1;
  }
  return i + 1;
}

function quote(pattern: string): string {
  return pattern.length > 60 ? `'${pattern.slice(0, 60)}…'` : `'${pattern}'`;
}
