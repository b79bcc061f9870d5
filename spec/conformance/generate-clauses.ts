import {
  BAD_REFERENCES,
  DATES,
  KINDS,
  LITERALS,
  NUMBERS,
  REFERENCES,
  REGEXES,
  SEMVERS,
  poolOf,
  type AttributeName,
} from './pools';
import type { Random } from './random';

/** A generated clause, as LaunchDarkly JSON. */
export interface ClauseJson {
  contextKind?: string;
  attribute?: string;
  op: string;
  values: unknown[];
  negate?: boolean;
}

/** Every operator LaunchDarkly knows, plus two it does not (a non-match, not an error). */
export const OPERATORS = [
  'in', 'startsWith', 'endsWith', 'contains', 'matches', 'lessThan', 'lessThanOrEqual', 'greaterThan',
  'greaterThanOrEqual', 'before', 'after', 'semVerEqual', 'semVerLessThan', 'semVerGreaterThan', 'segmentMatch',
] as const;
const UNKNOWN_OPERATORS = ['regexMatch', 'IN'];

const STRING_TARGETS = ['name', 'email', 'country', 'key', 'tags', 'version', 'mixed', '/slash', 'a/b'];
const NUMBER_TARGETS = ['age', 'mixed', 'signup', 'score'];

/** What a clause generator needs to know about the data set being built. */
export interface ClauseScope {
  /** Keys of the segments in the data set (plus missing ones are made up here). */
  readonly segmentKeys: readonly string[];
}

/** A random clause for a flag or segment rule. */
export function generateClause(r: Random, scope: ClauseScope): ClauseJson {
  const op = r.weighted<string>([
    [6, 'in'], [2, 'startsWith'], [2, 'endsWith'], [2, 'contains'], [2, 'matches'],
    [1, 'lessThan'], [1, 'lessThanOrEqual'], [1, 'greaterThan'], [1, 'greaterThanOrEqual'],
    [2, 'before'], [2, 'after'], [2, 'semVerEqual'], [2, 'semVerLessThan'], [2, 'semVerGreaterThan'],
    [4, 'segmentMatch'], [0.5, 'unknown'],
  ]);
  if (op === 'segmentMatch') return segmentClause(r, scope);
  const realOp = op === 'unknown' ? r.pick(UNKNOWN_OPERATORS) : op;
  const { contextKind, attribute, target } = chooseAttribute(r, realOp);
  const clause: ClauseJson = { op: realOp, values: valuesFor(r, realOp, target) };
  if (contextKind !== undefined) clause.contextKind = contextKind;
  if (attribute !== undefined) clause.attribute = attribute;
  if (r.chance(0.25)) clause.negate = true;
  else if (r.chance(0.5)) clause.negate = false;
  return clause;
}

function segmentClause(r: Random, scope: ClauseScope): ClauseJson {
  const keys = [...scope.segmentKeys, 'missing-segment'];
  const values: unknown[] = r.some(keys, r.between(1, 2));
  if (r.chance(0.05)) values.push(5);
  const clause: ClauseJson = { op: 'segmentMatch', values };
  // Real data written by LaunchDarkly has `attribute: ""` and often `contextKind: "user"`.
  if (r.chance(0.6)) clause.attribute = '';
  if (r.chance(0.4)) clause.contextKind = 'user';
  if (r.chance(0.2)) clause.negate = true;
  return clause;
}

/** Where a clause looks: `attribute` undefined means the clause has no `attribute` at all. */
interface ChosenAttribute {
  readonly contextKind: string | undefined;
  readonly attribute: string | undefined;
  readonly target: string;
}

function chooseAttribute(r: Random, op: string): ChosenAttribute {
  const withKind = r.chance(0.75);
  const contextKind = withKind ? r.weighted<string>([[6, 'user'], [2, 'org'], [2, 'device'], [0.5, 'nokind']]) : undefined;
  if (r.chance(0.025)) {
    // A broken attribute: missing, empty, or an invalid reference (literal names are never invalid).
    const attribute = r.chance(0.2) ? undefined : r.pick(BAD_REFERENCES);
    return { contextKind, attribute, target: 'name' };
  }
  const names = withKind ? REFERENCES : LITERALS;
  const preferred = preferredTargets(op);
  const candidates = preferred ? names.filter((n) => preferred.includes(n.target)) : names;
  // Plain attribute names come first in both lists; exotic references get a third of the draws.
  const common = candidates.filter((n) => !n.attribute.includes('/') && n.attribute !== 'nope');
  const name: AttributeName =
    r.chance(0.85) && candidates.length > 0 ? r.pick(r.chance(0.65) && common.length > 0 ? common : candidates) : r.pick(names);
  return { contextKind, attribute: name.attribute, target: name.target };
}

function preferredTargets(op: string): readonly string[] | undefined {
  switch (op) {
    case 'startsWith':
    case 'endsWith':
    case 'contains':
    case 'matches':
      return STRING_TARGETS;
    case 'lessThan':
    case 'lessThanOrEqual':
    case 'greaterThan':
    case 'greaterThanOrEqual':
      return NUMBER_TARGETS;
    case 'before':
    case 'after':
      return ['signup', 'age'];
    case 'semVerEqual':
    case 'semVerLessThan':
    case 'semVerGreaterThan':
      return ['version'];
    default:
      return undefined;
  }
}

function valuesFor(r: Random, op: string, target: string): unknown[] {
  const count = r.weighted([[1, 0], [6, 1], [4, 2], [2, 3]]);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) out.push(jsonSafe(valueFor(r, op, target)));
  return out;
}

/** Flag data is JSON: NaN and ±Infinity (which contexts may hold) never appear in clauses. */
function jsonSafe(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? 5 : value;
}

function valueFor(r: Random, op: string, target: string): unknown {
  const pool = poolOf(target);
  switch (op) {
    case 'in':
      return r.chance(0.85) ? inValue(r, pool) : r.pick(poolOf('mixed'));
    case 'startsWith':
    case 'endsWith':
    case 'contains':
      return r.chance(0.9) ? piece(r, op, r.pickSkewed(flatStrings(pool))) : r.pick(poolOf('mixed'));
    case 'matches':
      return r.chance(0.95) ? r.pick(REGEXES) : 3;
    case 'lessThan':
    case 'lessThanOrEqual':
    case 'greaterThan':
    case 'greaterThanOrEqual':
      return r.chance(0.9) ? r.pickSkewed(NUMBERS) : r.pick(['18', null, true]);
    case 'before':
    case 'after':
      return r.chance(0.95) ? r.pickSkewed(DATES) : r.pick([null, true, { t: 1 }]);
    case 'semVerEqual':
    case 'semVerLessThan':
    case 'semVerGreaterThan':
      return r.chance(0.95) ? r.pickSkewed(SEMVERS) : r.pick([2, null]);
    default:
      return r.pick(target === 'kind' ? [...KINDS, 'multi'] : pool);
  }
}

/** For `in`: a pool value itself, or an element when the pool holds arrays. */
function inValue(r: Random, pool: readonly unknown[]): unknown {
  const value = r.pickSkewed(pool);
  if (Array.isArray(value) && value.length > 0 && r.chance(0.8)) return r.pick(value);
  return value;
}

function flatStrings(pool: readonly unknown[]): string[] {
  const strings = pool.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string');
  return strings.length > 0 ? strings : ['Ann'];
}

/** A prefix, suffix or inner piece of `s`, so that string operators match. */
function piece(r: Random, op: string, s: string): string {
  if (s.length === 0 || r.chance(0.1)) return s;
  const cut = r.between(0, s.length);
  if (op === 'startsWith') return s.slice(0, cut);
  if (op === 'endsWith') return s.slice(cut);
  const end = r.between(cut, s.length);
  return s.slice(cut, end);
}
