import { generateClause, type ClauseJson, type ClauseScope } from './generate-clauses';
import { BUCKET_BY, KEYS, KINDS, paddingKeys } from './pools';
import type { Random } from './random';

/** A generated flag or segment, as LaunchDarkly JSON (kept loose on purpose: some are malformed). */
export type ItemJson = Record<string, unknown>;

/** What the flag generator knows about the data set being built. */
export interface FlagScope extends ClauseScope {
  /** Keys of every flag in the data set (prerequisites may point at any, itself included). */
  readonly flagKeys: readonly string[];
}

const VARIATION_SETS: ReadonlyArray<readonly unknown[]> = [
  [true, false],
  [false, true],
  ['red', 'green', 'blue'],
  [0, 1, 2.5, -3],
  [{ a: 1 }, { a: 2 }, [1, 'x']],
  ['only'],
  ['x', null, 'z'],
];

/** Optional properties LaunchDarkly treats as absent when `null`, per kind of object. */
const NULLABLE = {
  flag: ['salt', 'offVariation'],
  rule: ['id', 'variation', 'rollout', 'trackEvents'],
  fallthrough: ['variation', 'rollout'],
  rollout: ['kind', 'contextKind', 'bucketBy', 'seed'],
  clause: ['contextKind', 'negate'],
  segment: ['salt'],
  segmentRule: ['id', 'weight', 'bucketBy', 'rolloutContextKind'],
} as const;

/** Sets each absent property of `names` to `null` with probability 0.03. */
function nullsFor(r: Random, item: unknown, names: readonly string[]): void {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
  for (const name of names) {
    if (!(name in item) && r.chance(0.03)) (item as ItemJson)[name] = null;
  }
}

function clauseNulls(r: Random, rule: ItemJson): void {
  for (const clause of (rule.clauses as ItemJson[] | undefined) ?? []) {
    nullsFor(r, clause, NULLABLE.clause);
    if (clause.op === 'segmentMatch') nullsFor(r, clause, ['attribute']);
  }
}

/**
 * Writes some absent optional properties of a generated flag as `null` (the schema allows it and
 * LaunchDarkly treats it as absent), only where the schema says so, so the data still decodes.
 */
export function sprinkleFlagNulls(r: Random, flag: ItemJson): void {
  nullsFor(r, flag, NULLABLE.flag);
  nullsFor(r, flag.fallthrough, NULLABLE.fallthrough);
  for (const vr of [flag.fallthrough, ...((flag.rules as ItemJson[] | undefined) ?? [])]) {
    if (typeof vr === 'object' && vr !== null) nullsFor(r, (vr as ItemJson).rollout, NULLABLE.rollout);
  }
  for (const rule of (flag.rules as ItemJson[] | undefined) ?? []) {
    nullsFor(r, rule, NULLABLE.rule);
    clauseNulls(r, rule);
  }
  for (const target of (flag.contextTargets as ItemJson[] | undefined) ?? []) nullsFor(r, target, ['contextKind']);
}

/** The segment counterpart of {@link sprinkleFlagNulls}. */
export function sprinkleSegmentNulls(r: Random, segment: ItemJson): void {
  nullsFor(r, segment, NULLABLE.segment);
  for (const rule of (segment.rules as ItemJson[] | undefined) ?? []) {
    nullsFor(r, rule, NULLABLE.segmentRule);
    clauseNulls(r, rule);
  }
}

/** A random flag. About one in six has something malformed (bad index, empty rollout, …). */
export function generateFlag(r: Random, key: string, scope: FlagScope): ItemJson {
  const variations = structuredClone(r.pick(VARIATION_SETS));
  const n = variations.length;
  const flag: ItemJson = { key, version: r.between(1, 9), on: r.chance(0.85), variations };
  if (r.chance(0.85)) flag.salt = r.pick(['salt', 'abc', `${key}-salt`, '']);
  const off = r.weighted<() => unknown>([[14, () => r.int(n)], [3, () => undefined], [2, () => badIndex(r, n)], [1, () => null]])();
  if (off !== undefined) flag.offVariation = off;
  if (r.chance(0.3)) flag.prerequisites = prerequisites(r, scope, key);
  else if (r.chance(0.5)) flag.prerequisites = [];
  addTargets(r, flag, n);
  flag.rules = Array.from({ length: r.weighted([[2, 0], [3, 1], [3, 2], [2, 3], [1, 5]]) }, (_, i) => rule(r, scope, n, i));
  const fallthrough = r.weighted<() => unknown>([[10, () => variationOrRollout(r, n)], [0.2, () => ({})], [0.15, () => undefined]])();
  if (fallthrough !== undefined) flag.fallthrough = fallthrough;
  if (r.chance(0.2)) flag.trackEventsFallthrough = r.chance(0.5);
  if (r.chance(0.03)) flag.deleted = true;
  return flag;
}

/** A random segment: targets, per-kind targets, weighted rules, nested segmentMatch clauses. */
export function generateSegment(r: Random, key: string, scope: ClauseScope): ItemJson {
  const segment: ItemJson = { key, version: r.between(1, 9) };
  if (r.chance(0.85)) segment.salt = r.pick(['salty', `${key}-salt`, '']);
  const padded = r.chance(0.15);
  if (r.chance(0.5)) segment.included = [...r.some(KEYS.user, r.between(1, 3)), ...(padded ? paddingKeys(120) : [])];
  if (r.chance(0.3)) segment.excluded = r.some(KEYS.user, r.between(1, 3));
  if (r.chance(0.35)) segment.includedContexts = contextTargets(r, padded);
  if (r.chance(0.2)) segment.excludedContexts = contextTargets(r, false);
  // A Big Segment: no store is configured on either side, so its status is NOT_CONFIGURED. It
  // never references other segments: in a segment cycle through a Big Segment LaunchDarkly 9.x
  // loops forever (its cycle check restarts there), starving even timers — no result to compare.
  const unbounded = r.chance(0.06);
  const ruleScope = unbounded ? { segmentKeys: [] } : scope;
  segment.rules = Array.from({ length: r.weighted([[2, 0], [4, 1], [2, 2]]) }, (_, i) => segmentRule(r, ruleScope, i));
  if (unbounded) {
    segment.unbounded = true;
    if (r.chance(0.5)) segment.generation = r.between(1, 3);
    if (r.chance(0.4)) segment.unboundedContextKind = r.pick(KINDS);
  }
  if (r.chance(0.03)) segment.deleted = true;
  return segment;
}

function badIndex(r: Random, n: number): number {
  return r.pick([-1, n, n + 3, 0.5]);
}

/** A variation index, out of range about one time in fifty. */
function index(r: Random, n: number): number {
  return r.chance(0.98) ? r.int(n) : badIndex(r, n);
}

/** Prerequisites: mostly on later flags (chains, no cycle), sometimes any flag (cycles), or missing. */
function prerequisites(r: Random, scope: FlagScope, self: string): ItemJson[] {
  const keys = [...scope.flagKeys, 'missing-flag'];
  const later = keys.slice(keys.indexOf(self) + 1);
  return Array.from({ length: r.weighted([[6, 1], [3, 2], [1, 3]]) }, () => ({
    key: r.weighted<() => string>([[16, () => r.pick(later)], [3, () => r.pick(keys)], [1, () => self]])(),
    variation: r.weighted([[6, 0], [3, 1], [1, 2]]),
  }));
}

/** Legacy `targets` and per-kind `contextTargets`, with the user placeholders LaunchDarkly writes. */
function addTargets(r: Random, flag: ItemJson, n: number): void {
  if (r.chance(0.4)) {
    flag.targets = Array.from({ length: r.between(1, 2) }, () => ({ values: r.some(KEYS.user, r.between(1, 3)), variation: index(r, n) }));
  } else if (r.chance(0.3)) {
    flag.targets = [];
  }
  if (r.chance(0.35)) {
    const entries: ItemJson[] = [];
    for (const t of (flag.targets as ItemJson[] | undefined) ?? []) {
      const entry: ItemJson = r.chance(0.7) ? { contextKind: 'user', values: [], variation: t.variation } : { values: [], variation: t.variation };
      // LaunchDarkly's own test data leaves `values` out of user placeholders (no draw: the seeded cases stay as they were).
      if ((t.variation as number) % 2 === 0) delete entry.values;
      entries.push(entry);
    }
    for (let i = r.between(0, 2); i > 0; i--) {
      const kind = r.pick([...KINDS.filter((k) => k !== 'user'), 'user']);
      entries.splice(r.int(entries.length + 1), 0, { contextKind: kind, values: r.some(KEYS[kind], r.between(1, 2)), variation: index(r, n) });
    }
    flag.contextTargets = entries;
  }
}

function contextTargets(r: Random, padded: boolean): ItemJson[] {
  return Array.from({ length: r.between(1, 2) }, () => {
    const kind = r.pick(KINDS);
    return { contextKind: kind, values: [...r.some(KEYS[kind], r.between(1, 2)), ...(padded ? paddingKeys(110) : [])] };
  });
}

function clauses(r: Random, scope: ClauseScope): ClauseJson[] {
  return Array.from({ length: r.weighted([[0.5, 0], [6, 1], [3, 2], [1, 3]]) }, () => generateClause(r, scope));
}

function rule(r: Random, scope: ClauseScope, n: number, i: number): ItemJson {
  const out: ItemJson = { ...variationOrRollout(r, n) };
  if (r.chance(0.9)) out.id = `rule-${i}`;
  if (r.chance(0.98)) out.clauses = clauses(r, scope);
  if (r.chance(0.2)) out.trackEvents = r.chance(0.5);
  return out;
}

function segmentRule(r: Random, scope: ClauseScope, i: number): ItemJson {
  const out: ItemJson = { id: `srule-${i}`, clauses: clauses(r, scope) };
  if (r.chance(0.35)) out.weight = r.pick([0, 1, 14955, 50000, 99999, 100000]);
  if (r.chance(0.25)) out.bucketBy = r.pick(BUCKET_BY);
  if (r.chance(0.25)) out.rolloutContextKind = r.pick([...KINDS, 'nokind']);
  return out;
}

/** `{variation}` or `{rollout}`; sometimes both or neither. */
function variationOrRollout(r: Random, n: number): ItemJson {
  return r.weighted<() => ItemJson>([
    [6, () => ({ variation: index(r, n) })],
    [4, () => ({ rollout: rollout(r, n) })],
    [0.3, () => ({ variation: index(r, n), rollout: rollout(r, n) })],
  ])();
}

/** A percentage rollout or experiment: contextKind, bucketBy, seed, weights that may not add up. */
function rollout(r: Random, n: number): ItemJson {
  const out: ItemJson = { variations: weights(r, n) };
  const kind = r.weighted<string | undefined>([[5, undefined], [2, 'rollout'], [4, 'experiment']]);
  if (kind !== undefined) out.kind = kind;
  if (r.chance(0.6)) out.contextKind = r.weighted([[5, 'user'], [2, 'org'], [2, 'device'], [0.5, 'nokind']]);
  if (r.chance(0.4)) out.bucketBy = r.pick(BUCKET_BY);
  if (r.chance(0.35)) out.seed = r.pick([0, 61, 12345, -7, 2147483647]);
  return out;
}

function weights(r: Random, n: number): ItemJson[] {
  const count = r.weighted([[0.15, 0], [1.5, 1], [5, 2], [2, 3]]);
  const total = r.weighted([[17, 100000], [2, 60000], [0.5, 150000], [0.5, 0]]);
  const cuts = Array.from({ length: count - 1 }, () => r.int(total + 1)).sort((a, b) => a - b);
  const bounds = [0, ...cuts, total];
  return Array.from({ length: count }, (_, i) => {
    const wv: ItemJson = { variation: index(r, n), weight: bounds[i + 1] - bounds[i] };
    if (r.chance(0.15)) wv.untracked = r.chance(0.7);
    return wv;
  });
}
