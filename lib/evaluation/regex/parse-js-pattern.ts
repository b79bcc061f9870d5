import { CodeUnitSet, complement, DIGITS, DOT, union, unitSet, whitespaceSet, WORD } from './code-unit-set';

/** A parsed JavaScript regex (no flags): what each part matches, by UTF-16 code units. */
export type PatternNode =
  | { readonly type: 'char'; readonly set: CodeUnitSet }
  | { readonly type: 'sequence'; readonly items: readonly PatternNode[] }
  | { readonly type: 'alternation'; readonly alternatives: readonly PatternNode[] }
  | { readonly type: 'group'; readonly body: PatternNode }
  | { readonly type: 'repeat'; readonly body: PatternNode; readonly min: number; readonly max: number }
  | { readonly type: 'assertion'; readonly kind: 'start' | 'end' | 'wordBoundary' | 'notWordBoundary' }
  | { readonly type: 'lookaround'; readonly behind: boolean; readonly negate: boolean; readonly body: PatternNode }
  | { readonly type: 'backReference' };

const ESCAPED_CONTROLS: Readonly<Record<string, number>> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };
const HEX2 = /^[0-9a-fA-F]{2}/;
const HEX4 = /^[0-9a-fA-F]{4}/;
const QUANTIFIER_BRACES = /^\{(\d+)(,(\d*))?\}/;

/**
 * Parses a pattern that `new RegExp(pattern)` accepts, with JavaScript's syntax and meaning for a
 * regex without flags (including the web-compatibility rules: a `{` or `]` that is not syntax is
 * a literal, `\1` without a first group is an octal escape, `\c` without a letter is a backslash).
 * The caller must have checked the syntax with `new RegExp`: this parser does not report errors.
 *
 * @param pattern a valid JavaScript regex source
 */
export function parseJsPattern(pattern: string): PatternNode {
  return new PatternParser(pattern).parse();
}

class PatternParser {
  private i = 0;
  private readonly groupCount: number;
  private readonly namedGroups: boolean;

  constructor(private readonly src: string) {
    const groups = countGroups(src);
    this.groupCount = groups.count;
    this.namedGroups = groups.named;
  }

  parse(): PatternNode {
    return this.disjunction();
  }

  private disjunction(): PatternNode {
    const alternatives = [this.alternative()];
    while (this.src[this.i] === '|') {
      this.i++;
      alternatives.push(this.alternative());
    }
    return alternatives.length === 1 ? alternatives[0] : { type: 'alternation', alternatives };
  }

  private alternative(): PatternNode {
    const items: PatternNode[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? items[0] : { type: 'sequence', items };
  }

  private quantified(atom: PatternNode): PatternNode {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
      this.i++;
    } else if (c === '{') {
      const m = QUANTIFIER_BRACES.exec(this.src.slice(this.i, this.i + 40));
      if (m === null) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else {
      return atom;
    }
    if (this.src[this.i] === '?') this.i++; // lazy: the same strings match
    return { type: 'repeat', body: atom, min, max };
  }

  private atom(): PatternNode {
    const src = this.src;
    const c = src[this.i];
    switch (c) {
      case '^':
        this.i++;
        return { type: 'assertion', kind: 'start' };
      case '$':
        this.i++;
        return { type: 'assertion', kind: 'end' };
      case '.':
        this.i++;
        return { type: 'char', set: DOT };
      case '[':
        return this.characterClass();
      case '(':
        return this.group();
      case '\\':
        return this.atomEscape();
      default:
        this.i++;
        return char(c.charCodeAt(0));
    }
  }

  private group(): PatternNode {
    const src = this.src;
    this.i++; // (
    let kind: 'capture' | 'plain' | 'ahead' | 'notAhead' | 'behind' | 'notBehind' = 'capture';
    if (src[this.i] === '?') {
      const next = src[this.i + 1];
      if (next === ':') kind = 'plain';
      else if (next === '=') kind = 'ahead';
      else if (next === '!') kind = 'notAhead';
      else if (src.startsWith('<=', this.i + 1)) kind = 'behind';
      else if (src.startsWith('<!', this.i + 1)) kind = 'notBehind';
      if (kind === 'behind' || kind === 'notBehind') this.i += 3;
      else if (kind !== 'capture') this.i += 2;
      else this.i = src.indexOf('>', this.i) + 1; // (?<name>
    }
    const body = this.disjunction();
    this.i++; // )
    if (kind === 'capture' || kind === 'plain') return { type: 'group', body };
    return { type: 'lookaround', behind: kind === 'behind' || kind === 'notBehind', negate: kind === 'notAhead' || kind === 'notBehind', body };
  }

  private atomEscape(): PatternNode {
    const src = this.src;
    const c = src[this.i + 1];
    if (c === 'b' || c === 'B') {
      this.i += 2;
      return { type: 'assertion', kind: c === 'b' ? 'wordBoundary' : 'notWordBoundary' };
    }
    if (c >= '1' && c <= '9') {
      let end = this.i + 1;
      while (end < src.length && src[end] >= '0' && src[end] <= '9') end++;
      if (Number(src.slice(this.i + 1, end)) <= this.groupCount) {
        this.i = end;
        return { type: 'backReference' };
      }
    }
    if (c === 'k' && this.namedGroups) {
      this.i = src.indexOf('>', this.i) + 1;
      return { type: 'backReference' };
    }
    return { type: 'char', set: this.characterEscape(false) };
  }

  /** An escape at `this.i` (a backslash) as a set of code units; advances past it. */
  private characterEscape(inClass: boolean): CodeUnitSet {
    const src = this.src;
    const c = src[this.i + 1];
    this.i += 2;
    switch (c) {
      case 'd':
        return DIGITS;
      case 'D':
        return complement(DIGITS);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return whitespaceSet();
      case 'S':
        return complement(whitespaceSet());
      case 'c': {
        const letter = src[this.i] ?? '';
        if (/[A-Za-z]/.test(letter) || (inClass && /[0-9_]/.test(letter))) {
          this.i++;
          return single(letter.charCodeAt(0) % 32);
        }
        this.i--; // a backslash; the 'c' is read next as a literal
        return single(0x5c);
      }
      case 'x':
      case 'u': {
        const digits = (c === 'x' ? HEX2 : HEX4).exec(src.slice(this.i, this.i + 4));
        if (digits === null) return single(c.charCodeAt(0));
        this.i += digits[0].length;
        return single(parseInt(digits[0], 16));
      }
      case 'b': // only in a class: backspace
        return single(0x08);
      default:
        break;
    }
    if (c in ESCAPED_CONTROLS) return single(ESCAPED_CONTROLS[c]);
    if (c >= '0' && c <= '7') {
      // a legacy octal escape: up to three digits, at most 0o377
      let value = Number(c);
      const maxDigits = c <= '3' ? 3 : 2;
      for (let n = 1; n < maxDigits && src[this.i] >= '0' && src[this.i] <= '7'; n++) value = value * 8 + Number(src[this.i++]);
      return single(value);
    }
    return single(c.charCodeAt(0)); // identity escape (also '8', '9', 'k' without named groups)
  }

  private characterClass(): PatternNode {
    const src = this.src;
    this.i++; // [
    const negated = src[this.i] === '^';
    if (negated) this.i++;
    const parts: CodeUnitSet[] = [];
    while (this.i < src.length && src[this.i] !== ']') {
      const from = this.classAtom();
      if (src[this.i] === '-' && src[this.i + 1] !== ']' && this.i + 1 < src.length) {
        this.i++; // -
        const to = this.classAtom();
        if (from.single !== undefined && to.single !== undefined) {
          parts.push(unitSet([[from.single, to.single]]));
        } else {
          parts.push(from.set, single(0x2d), to.set); // a class escape in a range: no range
        }
      } else {
        parts.push(from.set);
      }
    }
    this.i++; // ]
    const set = union(...parts);
    return { type: 'char', set: negated ? complement(set) : set };
  }

  private classAtom(): { set: CodeUnitSet; single?: number } {
    const src = this.src;
    if (src[this.i] !== '\\') {
      const unit = src.charCodeAt(this.i++);
      return { set: single(unit), single: unit };
    }
    const next = src[this.i + 1];
    if (next === '-') {
      this.i += 2;
      return { set: single(0x2d), single: 0x2d };
    }
    const set = this.characterEscape(true);
    const isClassEscape = 'dDwWsS'.includes(next);
    return isClassEscape ? { set } : { set, single: set[0] };
  }
}

function single(unit: number): CodeUnitSet {
  return [unit, unit];
}

function char(unit: number): PatternNode {
  return { type: 'char', set: single(unit) };
}

/** The number of capturing groups, and whether any is named. */
function countGroups(src: string): { count: number; named: boolean } {
  let count = 0;
  let named = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
    } else if (c === '(') {
      if (src[i + 1] !== '?') count++;
      else if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        count++;
        named = true;
      }
    }
  }
  return { count, named };
}
