import { parseDateValue } from './dates';
import { compilePattern } from './safe-regex';
import { compareSemVer, parseSemVer, type SemVer } from './semver';

/** Tests one context value (never an array: the caller iterates arrays) against a clause's values. */
export type ValueTest = (value: unknown) => boolean;

/** `in` lists longer than this are looked up in a Set. */
const SET_THRESHOLD = 8;

const never: ValueTest = () => false;
const always: ValueTest = () => true;

/**
 * Compiles the operator `op` with its clause `values` into one test of a context value: true
 * when the value matches *any* clause value (docs/evaluation.md, "Operators"). Clause values are type-filtered and
 * parsed here, once (regexes compiled, dates and semantic versions parsed); only the context value
 * is examined per evaluation.
 *
 * Type rules (a mismatch is simply false for that pair):
 * - `in`: strict equality (`===`) of JSON values: `1` equals `1.0`, `true` never equals `1`,
 *   arrays and objects never match;
 * - `startsWith`, `endsWith`, `contains`, `matches`: both strings (`matches`: see `compilePattern`);
 * - `lessThan`, `lessThanOrEqual`, `greaterThan`, `greaterThanOrEqual`: both numbers;
 * - `before`, `after`: both timestamps (number of Unix ms, or RFC 3339 string; see `parseDateValue`);
 * - `semVerEqual`, `semVerLessThan`, `semVerGreaterThan`: both versions (see `parseSemVer`);
 * - an unknown operator never matches. As in the Node SDK (which looks operators up in a plain
 *   object), the names of `Object.prototype` members behave as that lookup makes them behave.
 *
 * @param op the clause operator
 * @param values the clause values
 * @param warn receives a message for each clause value that can never match (bad regex)
 */
export function compileOperator(op: string, values: readonly unknown[], warn: (message: string) => void): ValueTest {
  switch (op) {
    case 'in':
      return inTest(values);
    case 'startsWith':
      return stringTest(values, startsWith);
    case 'endsWith':
      return stringTest(values, endsWith);
    case 'contains':
      return stringTest(values, (v, c) => v.includes(c));
    case 'matches':
      return matchesTest(values, warn);
    case 'lessThan':
      return numberTest(values, (v, c) => v < c);
    case 'lessThanOrEqual':
      return numberTest(values, (v, c) => v <= c);
    case 'greaterThan':
      return numberTest(values, (v, c) => v > c);
    case 'greaterThanOrEqual':
      return numberTest(values, (v, c) => v >= c);
    case 'before':
      return dateTest(values, (v, c) => v < c);
    case 'after':
      return dateTest(values, (v, c) => v > c);
    case 'semVerEqual':
      return semVerTest(values, (cmp) => cmp === 0);
    case 'semVerLessThan':
      return semVerTest(values, (cmp) => cmp < 0);
    case 'semVerGreaterThan':
      return semVerTest(values, (cmp) => cmp > 0);
    default:
      return prototypeMemberTest(op, values);
  }
}

function inTest(values: readonly unknown[]): ValueTest {
  // Objects and arrays can never be === to a context value, so only primitives are kept.
  const primitives = values.filter((v) => v === null || typeof v !== 'object');
  if (primitives.length === 0) return never;
  if (primitives.length === 1) {
    const only = primitives[0];
    return (v) => v === only;
  }
  if (primitives.length <= SET_THRESHOLD) {
    return (v) => {
      for (let i = 0; i < primitives.length; i++) if (primitives[i] === v) return true;
      return false;
    };
  }
  const set = new Set(primitives.filter((v) => v === v)); // NaN is === to nothing
  return (v) => set.has(v);
}

function stringTest(values: readonly unknown[], op: (value: string, clauseValue: string) => boolean): ValueTest {
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (strings.length === 0) return never;
  return (v) => {
    if (typeof v !== 'string') return false;
    for (let i = 0; i < strings.length; i++) if (op(v, strings[i])) return true;
    return false;
  };
}

/** `value.startsWith(prefix)`, by code units, in a form the optimizing compiler inlines. */
function startsWith(value: string, prefix: string): boolean {
  const n = prefix.length;
  if (value.length < n) return false;
  for (let i = 0; i < n; i++) if (value.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  return true;
}

/** `value.endsWith(suffix)`, by code units, in a form the optimizing compiler inlines. */
function endsWith(value: string, suffix: string): boolean {
  const n = suffix.length;
  const offset = value.length - n;
  if (offset < 0) return false;
  for (let i = 0; i < n; i++) if (value.charCodeAt(offset + i) !== suffix.charCodeAt(i)) return false;
  return true;
}

function matchesTest(values: readonly unknown[], warn: (message: string) => void): ValueTest {
  const tests: ((value: string) => boolean)[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const compiled = compilePattern(value);
    if (compiled.test !== undefined) tests.push(compiled.test);
    else warn(compiled.error);
  }
  if (tests.length === 0) return never;
  return (v) => {
    if (typeof v !== 'string') return false;
    for (let i = 0; i < tests.length; i++) if (tests[i](v)) return true;
    return false;
  };
}

function numberTest(values: readonly unknown[], op: (value: number, clauseValue: number) => boolean): ValueTest {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return never;
  return (v) => {
    if (typeof v !== 'number') return false;
    for (let i = 0; i < numbers.length; i++) if (op(v, numbers[i])) return true;
    return false;
  };
}

function dateTest(values: readonly unknown[], op: (value: number, clauseValue: number) => boolean): ValueTest {
  const instants = values.map(parseDateValue).filter((v): v is number => v !== undefined);
  if (instants.length === 0) return never;
  return (v) => {
    const instant = parseDateValue(v);
    if (instant === undefined) return false;
    for (let i = 0; i < instants.length; i++) if (op(instant, instants[i])) return true;
    return false;
  };
}

function semVerTest(values: readonly unknown[], accept: (comparison: number) => boolean): ValueTest {
  const versions = values.map(parseSemVer).filter((v): v is SemVer => v !== null);
  if (versions.length === 0) return never;
  return (v) => {
    const version = parseSemVer(v);
    if (version === null) return false;
    for (let i = 0; i < versions.length; i++) if (accept(compareSemVer(version, versions[i]))) return true;
    return false;
  };
}

/** The operator whose clause values name segments (handled by clause preparation, not here). */
export const SEGMENT_MATCH = 'segmentMatch';

/**
 * The operators that compare a context value with clause values: the names the Node SDK defines
 * (own properties of its operator table). With {@link SEGMENT_MATCH}, every operator the
 * evaluator knows; the flag server validates clauses against this set.
 */
export const VALUE_OPERATORS: ReadonlySet<string> = new Set([
  'in', 'endsWith', 'startsWith', 'matches', 'contains', 'lessThan', 'lessThanOrEqual', 'greaterThan',
  'greaterThanOrEqual', 'before', 'after', 'semVerEqual', 'semVerLessThan', 'semVerGreaterThan',
]);

/**
 * Unknown operators never match, except names of `Object.prototype` methods, which the Node SDK
 * finds in its operator table's prototype and calls: `toString`, `toLocaleString`, `valueOf` and
 * `constructor` return a truthy value (always a match); `hasOwnProperty` and
 * `propertyIsEnumerable` match a context value that names a real operator.
 */
function prototypeMemberTest(op: string, values: readonly unknown[]): ValueTest {
  switch (op) {
    case 'toString':
    case 'toLocaleString':
    case 'valueOf':
    case 'constructor':
      return values.length === 0 ? never : always;
    case 'hasOwnProperty':
    case 'propertyIsEnumerable':
      return values.length === 0 ? never : (v) => VALUE_OPERATORS.has(String(v));
    default:
      return never;
  }
}
