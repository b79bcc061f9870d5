import { CodeUnitSet, intersects, union } from './code-unit-set';
import type { PatternNode } from './parse-js-pattern';

/** Alternatives multiplied along one path (`(a|b)(c|d)` is 4) that a safe pattern may have. */
const MAX_CHOICES = 64;

/** Fixed counts above this (`a{500}`) are not treated as fixed: each try could scan that far. */
const MAX_FIXED_COUNT = 100;

/** Most characters the fixed parts of a safe pattern may span (`(?:a{100}){100}` spans 10,000). */
const MAX_FIXED_WIDTH = 1000;

/** Unanchored: at most this many steps per start position (alternatives × width). */
const MAX_STEPS_PER_POSITION = 4096;

/**
 * True when JavaScript's backtracking `RegExp` provably runs `node` in time linear in the input's
 * length (times a factor bounded by the pattern), so it can run natively. Conservative: false for
 * anything outside these shapes (the caller then uses the linear engine).
 *
 * - **Unanchored** (no leading `^`): no repetition of variable count at all (`?`, `*`, `+`,
 *   `{n,m}`), only characters, fixed counts (`a{3}`), assertions and groups of alternatives:
 *   each start position then costs at most the pattern's size times the alternatives.
 * - **Anchored** (`^…`, tried at one position): a sequence of characters and repeated single
 *   characters (`[a-z]+`, `\d*`, `.{8,}`), groups of fixed alternatives (`(gmail|yahoo)`), and
 *   leading lookaheads (`^(?=.*\d)(?!admin)…`, each body itself anchored-safe). Every repeated
 *   character must be *disjoint* from whatever can follow it (`[a-z]+[0-9]*@`: after giving back a
 *   letter nothing can match it, so only the greedy choice goes on), except the last variable one,
 *   after which only fixed-width parts follow (`^.*@corp\.com$` gives back each character once).
 * - Never: back-references, lookbehinds, repeated groups of variable count (`(ab)+`).
 *
 * @param node the parsed pattern
 */
export function runsLinearlyNatively(node: PatternNode): boolean {
  const alternatives = node.type === 'alternation' ? node.alternatives : [node];
  return alternatives.every((alternative) => {
    const items = flatten(alternative);
    const anchored = items.length > 0 && items[0].type === 'assertion' && items[0].kind === 'start';
    return anchored ? anchoredSafe(items.slice(1)) : unanchoredSafe(items);
  });
}

/** The items of a sequence, with plain groups around sequences (or single items) inlined. */
function flatten(node: PatternNode): PatternNode[] {
  if (node.type === 'sequence') return node.items.flatMap(flatten);
  if (node.type === 'group' && node.body.type !== 'alternation') return flatten(node.body);
  return [node];
}

/** The code units matched by a single-character item (a char, or a repeat of one), if it is one. */
function charSetOf(node: PatternNode): CodeUnitSet | undefined {
  if (node.type === 'char') return node.set;
  if (node.type === 'group') return charSetOf(node.body);
  return undefined;
}

/** A repetition of one character set, of variable count. */
function variableRepeat(node: PatternNode): { set: CodeUnitSet; min: number } | undefined {
  if (node.type !== 'repeat' || node.min === node.max) return undefined;
  const set = charSetOf(node.body);
  return set === undefined ? undefined : { set, min: node.min };
}

/**
 * A part that matches a bounded set of fixed strings without variable repetition: characters,
 * fixed counts of fixed parts, assertions, groups and alternations of fixed parts. Returns how
 * many alternatives it multiplies, or undefined when it is not fixed.
 */
function fixedChoices(node: PatternNode): number | undefined {
  switch (node.type) {
    case 'char':
    case 'assertion':
      return 1;
    case 'group':
      return fixedChoices(node.body);
    case 'sequence': {
      let product = 1;
      for (const item of node.items) {
        const n = fixedChoices(item);
        if (n === undefined) return undefined;
        product *= n;
      }
      return product;
    }
    case 'alternation': {
      let sum = 0;
      for (const alternative of node.alternatives) {
        const n = fixedChoices(alternative);
        if (n === undefined) return undefined;
        sum += n;
      }
      return sum;
    }
    case 'repeat': {
      if (node.min !== node.max || node.min > MAX_FIXED_COUNT) return undefined;
      const n = fixedChoices(node.body);
      return n === undefined ? undefined : n === 1 ? 1 : n ** Math.min(node.min, 64);
    }
    default:
      return undefined;
  }
}

function unanchoredSafe(items: readonly PatternNode[]): boolean {
  let choices = 1;
  for (const item of items) {
    const n = fixedChoices(item);
    if (n === undefined) return false;
    choices *= n;
  }
  // Tried at every start position: each try follows at most `choices` paths of at most `width` steps.
  const width = widthOf(items);
  return choices <= MAX_CHOICES && width <= MAX_FIXED_WIDTH && choices * width <= MAX_STEPS_PER_POSITION;
}

/** The most characters the fixed parts of `items` can span (variable repeats count once). */
function widthOf(items: readonly PatternNode[]): number {
  let width = 0;
  for (const item of items) width += maxWidth(item);
  return width;
}

function maxWidth(node: PatternNode): number {
  switch (node.type) {
    case 'char':
      return 1;
    case 'group':
    case 'lookaround':
      return maxWidth(node.body);
    case 'sequence':
      return widthOf(node.items);
    case 'alternation':
      return Math.max(0, ...node.alternatives.map(maxWidth));
    case 'repeat':
      return maxWidth(node.body) * (node.min === node.max ? node.min : 1);
    default:
      return 0;
  }
}

function anchoredSafe(items: readonly PatternNode[]): boolean {
  let choices = 1;
  let leading = true;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.type === 'lookaround') {
      if (!leading || item.behind || !runsLinearlyNatively({ type: 'sequence', items: [{ type: 'assertion', kind: 'start' }, item.body] })) return false;
      continue;
    }
    leading = false;
    const repeat = variableRepeat(item);
    if (repeat !== undefined) {
      const rest = items.slice(i + 1);
      const follow = firstSet(rest);
      if (follow !== undefined && !intersects(repeat.set, follow)) continue; // only the greedy choice goes on
      if (rest.every((part) => fixedChoices(part) !== undefined)) continue; // the last variable part
      return false;
    }
    const n = fixedChoices(item);
    if (n === undefined) return false;
    choices *= n;
  }
  return choices <= MAX_CHOICES && widthOf(items) <= MAX_FIXED_WIDTH;
}

/**
 * The code units that can be the first one consumed by `items` (the end of the input counts as
 * none), or undefined when that is not known (a part this analysis does not model).
 */
function firstSet(items: readonly PatternNode[]): CodeUnitSet | undefined {
  let set: CodeUnitSet = [];
  for (const item of items) {
    const first = firstOf(item);
    if (first === undefined) return undefined;
    set = union(set, first.set);
    if (!first.nullable) return set;
  }
  return set;
}

function firstOf(node: PatternNode): { set: CodeUnitSet; nullable: boolean } | undefined {
  switch (node.type) {
    case 'char':
      return { set: node.set, nullable: false };
    case 'assertion':
      return { set: [], nullable: node.kind !== 'end' };
    case 'group':
      return firstOf(node.body);
    case 'repeat': {
      const inner = firstOf(node.body);
      return inner === undefined ? undefined : { set: inner.set, nullable: node.min === 0 || inner.nullable };
    }
    case 'sequence': {
      let set: CodeUnitSet = [];
      for (const item of node.items) {
        const first = firstOf(item);
        if (first === undefined) return undefined;
        set = union(set, first.set);
        if (!first.nullable) return { set, nullable: false };
      }
      return { set, nullable: true };
    }
    case 'alternation': {
      let set: CodeUnitSet = [];
      let nullable = false;
      for (const alternative of node.alternatives) {
        const first = firstOf(alternative);
        if (first === undefined) return undefined;
        set = union(set, first.set);
        nullable ||= first.nullable;
      }
      return { set, nullable };
    }
    default:
      return undefined;
  }
}
