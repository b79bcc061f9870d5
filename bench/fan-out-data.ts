import { COUNTRIES, EMAIL_DOMAINS } from './population';

/** Prerequisite roots; each has {@link DEPENDENTS_PER_ROOT} dependent flags. */
export const ROOTS = 10;
/** Dependents per root: half use the root as prerequisite, half use one of those (second level). */
export const DEPENDENTS_PER_ROOT = 40;
/** Segments; each is used (`segmentMatch`) by {@link FLAGS_PER_SEGMENT} flags. */
export const SEGMENTS = 10;
/** Flags matching each segment. */
export const FLAGS_PER_SEGMENT = 20;
/** Flags with no prerequisite, segment or dependent. */
export const LEAVES = 1_000 - ROOTS * (1 + DEPENDENTS_PER_ROOT) - SEGMENTS * FLAGS_PER_SEGMENT;
/** A flag nobody watches and nothing depends on: updating it must re-evaluate nothing. */
export const UNWATCHED = 'unwatched';

/** A flag or segment in LaunchDarkly's JSON schema (what `TestData.usePreconfigured…` takes). */
export type ItemJson = { readonly key: string } & Record<string, unknown>;

/** The fan-out data set and what depends on what. */
export interface FanOutData {
  /** The 1,000 watched flags (roots, dependents, segment users, leaves), then {@link UNWATCHED}. */
  readonly flags: readonly ItemJson[];
  readonly segments: readonly ItemJson[];
  /** Keys of the 1,000 flags that get subscriptions, in order. */
  readonly watched: readonly string[];
  /** For every flag and segment key (`flags/…`, `segments/…`): the flag keys whose result it can change, itself included. */
  readonly affects: ReadonlyMap<string, readonly string[]>;
}

const rootKey = (r: number) => `root-${r}`;
const dependentKey = (r: number, i: number) => `dep-${r}-${i}`;
const segmentKey = (s: number) => `seg-${s}`;
const segmentFlagKey = (s: number, i: number) => `seg-flag-${s}-${i}`;
const leafKey = (i: number) => `leaf-${i}`;

/** A boolean flag: variations `[true, false]`, off serves `false`. */
function booleanFlag(key: string, fields: Record<string, unknown>): ItemJson {
  return { key, version: 1, on: true, salt: `${key}-salt`, variations: [true, false], offVariation: 1, fallthrough: { variation: 0 }, ...fields };
}

/** 60 % true / 40 % false by context key. */
const ROLLOUT = { rollout: { variations: [{ variation: 0, weight: 60_000 }, { variation: 1, weight: 40_000 }] } };

/**
 * Builds the data set: 10 roots, each with 40 dependents (`dep-r-0…19` have the root as
 * prerequisite, `dep-r-20…39` have `dep-r-(i−20)`: a chain of two), 10 segments (50 included
 * keys and an `email endsWith` rule) each used by 20 flags, 390 leaves (a `country in` rule and
 * a 60/40 rollout), and the unwatched flag. Deterministic.
 */
export function buildFanOutData(): FanOutData {
  const flags: ItemJson[] = [];
  const segments: ItemJson[] = [];
  const affects = new Map<string, string[]>();
  for (let r = 0; r < ROOTS; r++) {
    flags.push(booleanFlag(rootKey(r), {}));
    const dependents: string[] = [];
    for (let i = 0; i < DEPENDENTS_PER_ROOT; i++) {
      const half = DEPENDENTS_PER_ROOT / 2;
      const prerequisite = i < half ? rootKey(r) : dependentKey(r, i - half);
      const countries = [COUNTRIES[(r + i) % COUNTRIES.length], COUNTRIES[(r + i + 5) % COUNTRIES.length]];
      flags.push(
        booleanFlag(dependentKey(r, i), {
          prerequisites: [{ key: prerequisite, variation: 0 }],
          rules: [{ id: 'r0', clauses: [{ contextKind: 'user', attribute: 'country', op: 'in', values: countries }], variation: 1 }],
          fallthrough: ROLLOUT,
        }),
      );
      dependents.push(dependentKey(r, i));
      if (i >= half) affects.set(`flags/${dependentKey(r, i)}`, [dependentKey(r, i)]);
      else affects.set(`flags/${dependentKey(r, i)}`, [dependentKey(r, i), dependentKey(r, i + half)]);
    }
    affects.set(`flags/${rootKey(r)}`, [rootKey(r), ...dependents]);
  }
  for (let s = 0; s < SEGMENTS; s++) {
    const included = Array.from({ length: 50 }, (_, i) => `user-${s * 997 + i * 13}`);
    segments.push({ key: segmentKey(s), version: 1, salt: `${segmentKey(s)}-salt`, included, rules: [segmentRule(EMAIL_DOMAINS[s % EMAIL_DOMAINS.length])] });
    const users: string[] = [];
    for (let i = 0; i < FLAGS_PER_SEGMENT; i++) {
      const key = segmentFlagKey(s, i);
      flags.push(booleanFlag(key, { rules: [{ id: 'r0', clauses: [{ attribute: '', op: 'segmentMatch', values: [segmentKey(s)] }], variation: 0 }], fallthrough: { variation: 1 } }));
      users.push(key);
      affects.set(`flags/${key}`, [key]);
    }
    affects.set(`segments/${segmentKey(s)}`, users);
  }
  for (let i = 0; i < LEAVES; i++) {
    const key = leafKey(i);
    flags.push(booleanFlag(key, { rules: [{ id: 'r0', clauses: [{ contextKind: 'user', attribute: 'country', op: 'in', values: [COUNTRIES[i % COUNTRIES.length]] }], variation: 1 }], fallthrough: ROLLOUT }));
    affects.set(`flags/${key}`, [key]);
  }
  const watched = flags.map((f) => f.key);
  flags.push(booleanFlag(UNWATCHED, {}));
  affects.set(`flags/${UNWATCHED}`, [UNWATCHED]);
  return { flags, segments, watched, affects };
}

/** A segment rule: every context whose email ends with `@domain`. */
export function segmentRule(domain: string): Record<string, unknown> {
  return { id: 'r0', clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: [`@${domain}`] }] };
}

/** Keys of the items the updates of each kind cycle through. */
export const UPDATE_TARGETS = {
  leaf: (n: number) => leafKey((n * 37) % LEAVES),
  root: (n: number) => rootKey(n % ROOTS),
  segment: (n: number) => segmentKey(n % SEGMENTS),
} as const;
