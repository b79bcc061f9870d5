import assert from 'node:assert/strict';
import { decodeOrThrow } from '../../lib/model/decode';
import { Flag } from '../../lib/model/flag';
import { Segment } from '../../lib/model/segment';
import { OPERATORS } from './generate-clauses';
import { BAD_REFERENCES } from './pools';
import { casesOf, casesPerDataSet, dependenciesOf, generateDataSet, type DataSet } from './generator';

const SEED = 2024;
const DATA_SETS = Array.from({ length: 40 }, (_, i) => generateDataSet(SEED, i));

type Json = Record<string, unknown>;

function allClauses(dataSets: readonly DataSet[]): Json[] {
  const rules = dataSets.flatMap((d) => [...Object.values(d.flags), ...Object.values(d.segments)].flatMap((item) => (item.rules as Json[] | undefined) ?? []));
  return rules.flatMap((rule) => (rule.clauses as Json[] | undefined) ?? []);
}

function allRollouts(dataSets: readonly DataSet[]): Json[] {
  return dataSets.flatMap((d) =>
    Object.values(d.flags).flatMap((flag) => [flag.fallthrough, ...((flag.rules as Json[] | undefined) ?? [])]),
  ).flatMap((vr) => (vr && (vr as Json).rollout ? [(vr as Json).rollout as Json] : []));
}

describe('conformance generator', () => {
  it('is deterministic per (seed, data set index) and differs across seeds', () => {
    assert.equal(JSON.stringify(generateDataSet(SEED, 3)), JSON.stringify(DATA_SETS[3]));
    assert.notEqual(JSON.stringify(generateDataSet(SEED + 1, 3).flags), JSON.stringify(DATA_SETS[3].flags));
    assert.notEqual(JSON.stringify(DATA_SETS[4].flags), JSON.stringify(DATA_SETS[3].flags));
  });

  it('numbers cases consecutively across data sets', () => {
    const perDataSet = casesPerDataSet();
    const cases = casesOf(DATA_SETS[2], 2 * perDataSet);
    assert.equal(cases.length, perDataSet);
    assert.deepEqual(cases.map((c) => c.caseIndex), cases.map((_, i) => 2 * perDataSet + i));
  });

  it('writes schema-valid JSON: the differences tested are semantic, never decode errors', () => {
    for (const d of DATA_SETS) {
      for (const flag of Object.values(d.flags)) decodeOrThrow(Flag, flag, `flag ${flag.key}`);
      for (const segment of Object.values(d.segments)) decodeOrThrow(Segment, segment, `segment ${segment.key}`);
    }
  });

  it('uses every operator, negation, both attribute syntaxes and broken references', () => {
    const clauses = allClauses(DATA_SETS);
    const ops = new Set(clauses.map((c) => c.op));
    for (const op of OPERATORS) assert.ok(ops.has(op), `operator ${op} generated`);
    assert.ok([...ops].some((op) => !(OPERATORS as readonly unknown[]).includes(op)), 'an unknown operator');
    assert.ok(clauses.some((c) => c.negate === true));
    assert.ok(clauses.some((c) => c.contextKind === undefined && c.op !== 'segmentMatch'), 'literal attribute names');
    assert.ok(clauses.some((c) => typeof c.attribute === 'string' && /^\/.+\/./.test(c.attribute)), 'nested references');
    const bad = new Set(clauses.filter((c) => c.contextKind && BAD_REFERENCES.includes(c.attribute as string)).map((c) => c.attribute));
    assert.ok(bad.size >= 3, `broken references: ${[...bad].join(' ')}`);
    assert.ok(clauses.some((c) => c.op !== 'segmentMatch' && !('attribute' in c)), 'clauses without an attribute');
    assert.ok(clauses.some((c) => c.attribute === 'kind'), 'kind clauses');
    const values = clauses.flatMap((c) => (c.values as unknown[]) ?? []);
    assert.ok(values.some((v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) && values.some((v) => v === 1512543600000), 'dates');
    assert.ok(values.includes('2.0.0-rc.1') && values.includes('1.2'), 'strict and lenient semvers');
  });

  it('builds rollouts, experiments, prerequisites, cycles, segment nesting and malformed flags', () => {
    const rollouts = allRollouts(DATA_SETS);
    assert.ok(rollouts.some((r) => r.kind === 'experiment' && r.seed !== undefined), 'seeded experiments');
    assert.ok(rollouts.some((r) => r.bucketBy !== undefined && r.contextKind !== undefined), 'bucketBy references');
    assert.ok(rollouts.some((r) => (r.variations as unknown[]).length === 0), 'empty rollouts');
    const flags = DATA_SETS.flatMap((d) => Object.values(d.flags));
    const prereqs = flags.flatMap((f) => ((f.prerequisites as Json[] | undefined) ?? []).map((p) => ({ from: f.key, to: p.key })));
    assert.ok(prereqs.some((p) => p.from === p.to), 'self-prerequisites (cycles)');
    assert.ok(prereqs.some((p) => p.to === 'missing-flag'), 'missing prerequisites');
    assert.ok(flags.some((f) => typeof f.offVariation === 'number' && (f.offVariation < 0 || f.offVariation >= (f.variations as unknown[]).length)));
    assert.ok(flags.some((f) => !('offVariation' in f)), 'flags without an off variation');
    assert.ok(flags.some((f) => Array.isArray(f.contextTargets) && (f.contextTargets as Json[]).some((t) => t.contextKind !== 'user')));
    const segments = DATA_SETS.flatMap((d) => Object.values(d.segments));
    const nested = segments.filter((s) => ((s.rules as Json[]) ?? []).some((r) => ((r.clauses as Json[]) ?? []).some((c) => c.op === 'segmentMatch')));
    assert.ok(nested.length > 0, 'segments nesting segments');
    assert.ok(segments.some((s) => ((s.included as unknown[] | undefined)?.length ?? 0) > 100), 'target lists past 100 entries');
    assert.ok(segments.some((s) => ((s.rules as Json[]) ?? []).some((r) => r.weight !== undefined)), 'weighted segment rules');
  });

  it('makes every kind of context: single, multi, legacy, invalid, with array attributes', () => {
    const contexts = DATA_SETS.flatMap((d) => d.contexts);
    for (const shape of ['single', 'multi', 'legacy', 'invalid']) {
      assert.ok(contexts.some((c) => c.shape === shape), `shape ${shape}`);
    }
    const objects = contexts.map((c) => c.context).filter((c): c is Json => typeof c === 'object' && c !== null);
    assert.ok(objects.some((c) => c.kind === 'multi' && Object.keys(c).length >= 3), 'multi-kind with two kinds or more');
    assert.ok(objects.some((c) => Array.isArray(c.tags)), 'array attributes');
    assert.ok(objects.some((c) => c.custom !== undefined && c.kind === undefined), 'legacy users with custom attributes');
  });

  it('collects exactly what a flag reaches for a reproduction', () => {
    const d = DATA_SETS.find((set) => Object.values(set.flags).some((f) => ((f.prerequisites as Json[] | undefined) ?? []).length > 0))!;
    const flag = Object.values(d.flags).find((f) => ((f.prerequisites as Json[] | undefined) ?? []).length > 0)!;
    const deps = dependenciesOf(d, flag.key as string);
    assert.ok(deps.flags[flag.key as string]);
    for (const p of flag.prerequisites as Json[]) {
      if (d.flags[p.key as string]) assert.ok(deps.flags[p.key as string], `prerequisite ${p.key} included`);
    }
    for (const key of Object.keys(deps.segments)) assert.equal(deps.segments[key], d.segments[key]);
  });
});
