import type { CodeUnitSet } from './code-unit-set';
import type { PatternNode } from './parse-js-pattern';

/** Where the code units 0xD800–0xDFFF (UTF-16 surrogates) are moved for the linear engine. */
const SURROGATE_BASE = 0xf0000;
const SURROGATES = /[\uD800-\uDFFF]/;

/** RE2's largest repetition count. */
const MAX_REPEAT = 1000;

/**
 * Writes a parsed JavaScript pattern in RE2 syntax (for the `re2js` engine) with the same
 * meaning, or returns the construct RE2 cannot express.
 *
 * RE2 matches code points while a JavaScript regex without `u` matches UTF-16 code units, so the
 * translation spells every character set out by code unit and moves the surrogate code units
 * 0xD800–0xDFFF to U+F0000–U+F07FF; {@link toLinearInput} moves them in the value the same way.
 * Every other code unit is itself. With that, `.`, `\s`, negated classes and the rest mean
 * exactly what they mean in JavaScript.
 *
 * @param node the parsed pattern
 * @returns the RE2 source, or `{ unsupported }` naming what RE2 cannot run
 */
export function toLinearSyntax(node: PatternNode): { source: string } | { unsupported: string } {
  try {
    return { source: emit(node) };
  } catch (e) {
    if (e instanceof Unsupported) return { unsupported: e.message };
    throw e;
  }
}

/**
 * The value as the translated pattern expects it: each surrogate code unit moved to
 * U+F0000 + (unit − 0xD800) (see {@link toLinearSyntax}); other values unchanged.
 */
export function toLinearInput(value: string): string {
  if (!SURROGATES.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    out += unit >= 0xd800 && unit <= 0xdfff ? String.fromCodePoint(SURROGATE_BASE + unit - 0xd800) : value[i];
  }
  return out;
}

class Unsupported extends Error {}

function emit(node: PatternNode): string {
  switch (node.type) {
    case 'char':
      return emitSet(node.set);
    case 'sequence':
      return node.items.length === 0 ? '(?:)' : node.items.map(emit).join('');
    case 'alternation':
      return `(?:${node.alternatives.map(emit).join('|')})`;
    case 'group':
      return `(?:${emit(node.body)})`;
    case 'repeat': {
      if (node.min > MAX_REPEAT || (node.max !== Infinity && node.max > MAX_REPEAT)) {
        throw new Unsupported(`a repetition count over ${MAX_REPEAT}`);
      }
      const max = node.max === Infinity ? '' : String(node.max);
      return `(?:${emit(node.body)}){${node.min},${max}}`;
    }
    case 'assertion':
      return { start: '^', end: '$', wordBoundary: '\\b', notWordBoundary: '\\B' }[node.kind];
    case 'lookaround':
      throw new Unsupported(node.behind ? 'a lookbehind' : 'a lookahead');
    case 'backReference':
      throw new Unsupported('a back-reference');
  }
}

function emitSet(set: CodeUnitSet): string {
  if (set.length === 0) return '[^\\x{0}-\\x{10FFFF}]';
  const parts: string[] = [];
  for (let i = 0; i < set.length; i += 2) {
    for (const [lo, hi] of moveSurrogates(set[i], set[i + 1])) {
      parts.push(lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`);
    }
  }
  return `[${parts.join('')}]`;
}

/** Splits a code unit range around the surrogates and moves the surrogate part. */
function moveSurrogates(lo: number, hi: number): [number, number][] {
  const out: [number, number][] = [];
  if (lo < 0xd800) out.push([lo, Math.min(hi, 0xd7ff)]);
  const sLo = Math.max(lo, 0xd800);
  const sHi = Math.min(hi, 0xdfff);
  if (sLo <= sHi) out.push([SURROGATE_BASE + sLo - 0xd800, SURROGATE_BASE + sHi - 0xd800]);
  if (hi > 0xdfff) out.push([Math.max(lo, 0xe000), hi]);
  return out;
}

function hex(unit: number): string {
  return `\\x{${unit.toString(16)}}`;
}
