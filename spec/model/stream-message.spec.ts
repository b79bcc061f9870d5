import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import {
  DeleteMessage,
  decodeStreamMessage,
  FlagPatchMessage,
  PutMessage,
  SegmentPatchMessage,
  type StreamMessage,
} from '../../lib/model/stream-message';

/** io-ts combinators whose validation checks without transforming (see lib/model/codec-guard.ts). */
const NON_TRANSFORMING = new Set([
  'InterfaceType', 'PartialType', 'IntersectionType', 'UnionType', 'ArrayType', 'DictionaryType',
  'LiteralType', 'StringType', 'NumberType', 'BooleanType', 'NullType', 'UnknownType',
]);

/** Every combinator tag reachable from `codec`, with the path of codec names leading to it. */
function combinators(codec: t.Mixed): Map<string, string> {
  const found = new Map<string, string>();
  const pending: [t.Mixed, string][] = [[codec, codec.name]];
  const seen = new Set<t.Mixed>();
  while (pending.length > 0) {
    const [current, where] = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const node = current as t.Mixed & { _tag?: string; props?: Record<string, t.Mixed>; types?: t.Mixed[]; type?: t.Mixed; codomain?: t.Mixed; domain?: t.Mixed };
    if (!found.has(node._tag ?? '?')) found.set(node._tag ?? '?', where);
    const children = [...Object.values(node.props ?? {}), ...(node.types ?? []), node.type, node.codomain, node.domain];
    for (const child of children) if (child) pending.push([child, `${where} > ${child.name}`]);
  }
  return found;
}

/** A flag using every field of the model, and a segment likewise. */
const FULL_FLAG = {
  key: 'full', version: 7, on: true, salt: 's', offVariation: 1, variations: [true, false, { x: [1] }, null],
  prerequisites: [{ key: 'p', variation: 0 }],
  targets: [{ values: ['u1'], variation: 0 }], contextTargets: [{ contextKind: 'org', values: ['o1'], variation: 1 }, { contextKind: null, values: [], variation: 0 }],
  rules: [{ id: 'r', clauses: [{ contextKind: 'user', attribute: 'email', op: 'endsWith', values: ['@a.io'], negate: false }], variation: null,
    rollout: { kind: 'experiment', contextKind: 'user', bucketBy: 'key', seed: 3, variations: [{ variation: 0, weight: 60000, untracked: false }, { variation: 1, weight: 40000 }] }, trackEvents: true }],
  fallthrough: { variation: 0, rollout: null }, clientSide: false, clientSideAvailability: { usingMobileKey: true, usingEnvironmentId: null },
  trackEvents: false, trackEventsFallthrough: null, debugEventsUntilDate: 1700000000000, deleted: false, excludeFromSummaries: false,
  samplingRatio: 1, migration: { checkRatio: 2 }, unknownExtra: { kept: true },
};
const FULL_SEGMENT = {
  key: 'seg', version: 3, included: ['a'], excluded: ['b'], includedContexts: [{ contextKind: 'org', values: ['o'] }], excludedContexts: [],
  rules: [{ id: 'sr', clauses: [{ attribute: 'country', op: 'in', values: ['fr'] }], weight: 50000, bucketBy: 'key', rolloutContextKind: 'user' }],
  salt: 'x', unbounded: false, unboundedContextKind: null, generation: 2, deleted: null,
};

function ok(frame: unknown): StreamMessage | undefined {
  const result = decodeStreamMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (E.isLeft(result)) assert.fail(result.left.message);
  return result.right;
}

function issues(frame: unknown): readonly string[] {
  const result = decodeStreamMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  assert.ok(E.isLeft(result), `expected ${String(frame)} to be rejected`);
  assert.ok(result.left instanceof PayloadDecodeError);
  return result.left.issues;
}

describe('decodeStreamMessage', () => {
  it('decodes put, patch and delete frames', () => {
    const flag = { key: 'a', version: 2, on: true, variations: [1, 2] };
    assert.deepEqual(ok({ type: 'put', data: { flags: { a: flag } } }), { type: 'put', data: { flags: { a: flag } } });
    assert.deepEqual(ok({ type: 'patch', kind: 'flags', data: flag }), { type: 'patch', kind: 'flags', data: flag });
    const segment = { key: 's', version: 1, included: ['u'] };
    assert.deepEqual(ok({ type: 'patch', kind: 'segments', data: segment }), { type: 'patch', kind: 'segments', data: segment });
    assert.deepEqual(ok({ type: 'delete', kind: 'segments', key: 's', version: 4 }), { type: 'delete', kind: 'segments', key: 's', version: 4 });
  });

  it('ignores unknown types and unknown kinds', () => {
    assert.equal(ok({ type: 'goodbye', reason: 'x' }), undefined);
    assert.equal(ok({ type: 'patch', kind: 'experiments', data: 5 }), undefined);
    assert.equal(ok({ type: 'delete', kind: 'configs', key: 'k', version: 1 }), undefined);
  });

  it('rejects text that is not JSON', () => {
    const [line] = issues('{"type":"put",');
    assert.match(line, /^\(root\): expected JSON, got a syntax error \(/);
  });

  it('rejects a frame without a type', () => {
    assert.deepEqual(issues([1]), ['(root): expected StreamMessage, got [1]']);
    assert.deepEqual(issues({ kind: 'flags' }), ['type: expected string, got nothing']);
  });

  it('names the bad path inside a patch', () => {
    const frame = { type: 'patch', kind: 'flags', data: { key: 'a', version: 2, rules: [{ clauses: [{ op: 7 }] }] } };
    assert.deepEqual(issues(frame), ['data.rules[0].clauses[0].op: expected string, got 7']);
    assert.deepEqual(issues({ type: 'patch', kind: 'segments', data: { key: 's' } }), ['data.version: expected number, got nothing']);
    assert.deepEqual(issues({ type: 'patch', data: {} }), ['kind: expected string, got nothing']);
  });

  it('skips only the items of a put that cannot be used, naming each with its paths', () => {
    const frame = { type: 'put', data: { flags: { a: { key: 'a', version: 'x' }, b: { key: 'b', version: 1 } }, segments: { s: { key: 's' }, t: { key: 't', version: 2 } } } };
    assert.deepEqual(ok(frame), {
      type: 'put',
      data: { flags: { b: { key: 'b', version: 1 } }, segments: { t: { key: 't', version: 2 } } },
      skipped: ['data.flags.a skipped: data.flags.a.version: expected number, got "x"', 'data.segments.s skipped: data.segments.s.version: expected number, got nothing'],
    });
    assert.deepEqual(issues({ type: 'put', data: { flags: 5 } }), ['data.flags: expected Record<string, Flag>, got 5']);
  });

  it("decodes LaunchDarkly's user-kind contextTargets without values", () => {
    const flag = { ...FULL_FLAG, contextTargets: [{ contextKind: 'user', variation: 0 }, { contextKind: 'org', values: ['o'], variation: 0 }, { variation: 0, values: null }] };
    assert.deepEqual(ok({ type: 'patch', kind: 'flags', data: flag }), { type: 'patch', kind: 'flags', data: flag });
    assert.deepEqual(ok({ type: 'put', data: { flags: { [flag.key]: flag } } }), { type: 'put', data: { flags: { [flag.key]: flag } } });
  });

  it('names the bad path inside a delete', () => {
    assert.deepEqual(issues({ type: 'delete', kind: 'flags', key: 3, version: 1 }), ['key: expected string, got 3']);
  });

  it('decodes valid frames to exactly what the full io-ts decode gives: the parsed frame itself', () => {
    const frames: [t.Mixed, unknown][] = [
      [PutMessage, { type: 'put', data: { flags: { full: FULL_FLAG, b: { key: 'b', version: 1 } }, segments: { seg: FULL_SEGMENT } } }],
      [PutMessage, { type: 'put', data: {} }],
      [FlagPatchMessage, { type: 'patch', kind: 'flags', data: FULL_FLAG }],
      [SegmentPatchMessage, { type: 'patch', kind: 'segments', data: FULL_SEGMENT }],
      [DeleteMessage, { type: 'delete', kind: 'flags', key: 'a', version: 3 }],
    ];
    for (const [codec, frame] of frames) {
      const full = codec.decode(JSON.parse(JSON.stringify(frame)));
      assert.ok(E.isRight(full), `${codec.name} rejects the fixture`);
      assert.deepEqual(ok(frame), full.right);
      assert.deepEqual(ok(frame), frame);
    }
  });

  it('rejects what the full decode rejects, even when only a deep optional field is wrong', () => {
    const bad = [
      { ...FULL_FLAG, migration: { checkRatio: 'x' } },
      { ...FULL_FLAG, rules: [{ rollout: { variations: [{ variation: 0, weight: '1' }] } }] },
      { ...FULL_FLAG, contextTargets: [{ values: [1], variation: 0 }] },
      { ...FULL_FLAG, trackEventsFallthrough: 0 },
    ];
    assert.deepEqual(issues({ type: 'patch', kind: 'flags', data: bad[0] }), ['data.migration.checkRatio: expected number or null, got "x"']);
    assert.deepEqual(issues({ type: 'patch', kind: 'flags', data: bad[1] }), ['data.rules[0].rollout.variations[0].weight: expected number, got "1"']);
    assert.deepEqual(issues({ type: 'patch', kind: 'flags', data: bad[2] }), ['data.contextTargets[0].values[0]: expected string, got 1']);
    assert.deepEqual(issues({ type: 'patch', kind: 'flags', data: bad[3] }), ['data.trackEventsFallthrough: expected boolean or null, got 0']);
    assert.deepEqual(issues({ type: 'patch', kind: 'segments', data: { ...FULL_SEGMENT, rules: [{ weight: null, clauses: [{}] }] } }), [
      'data.rules[0].clauses[0].op: expected string, got nothing',
    ]);
  });

  it('accepts exactly what the io-ts codec accepts, over 600 seeded mutations of valid frames', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const odd: unknown[] = [null, 7, 'x', true, [], {}, [1], [null], { op: 1 }, -0, 1e308, ''];
    /** Replaces one randomly chosen value somewhere inside `value` (or the value itself). */
    const mutate = (value: unknown): unknown => {
      if (value === null || typeof value !== 'object' || random() < 0.25) return pick(odd);
      const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as object) };
      const keys = Object.keys(copy);
      if (keys.length === 0 || random() < 0.1) {
        copy[pick(['extra', 'on', 'rules', 'version', 'key', 'values', 'op', 'variation'])] = pick(odd);
        return copy;
      }
      const key = pick(keys);
      copy[key] = random() < 0.1 ? undefined : mutate(copy[key]);
      return copy;
    };
    const bases: [t.Mixed, unknown][] = [
      [FlagPatchMessage, { type: 'patch', kind: 'flags', data: FULL_FLAG }],
      [SegmentPatchMessage, { type: 'patch', kind: 'segments', data: FULL_SEGMENT }],
      [PutMessage, { type: 'put', data: { flags: { full: FULL_FLAG }, segments: { seg: FULL_SEGMENT } } }],
      [DeleteMessage, { type: 'delete', kind: 'flags', key: 'a', version: 3 }],
    ];
    let accepted = 0;
    for (let i = 0; i < 600; i++) {
      const [codec, base] = bases[i % bases.length];
      const frame = { ...(mutate(base) as object), type: (base as { type: string }).type, kind: (base as { kind?: string }).kind };
      const text = JSON.stringify(frame);
      const ours = decodeStreamMessage(text);
      const theirs = codec.decode(JSON.parse(text));
      if (codec === PutMessage && E.isLeft(theirs) && E.isRight(ours)) {
        // a put keeps its usable items: what the codec rejects is accepted only without the bad ones
        assert.ok(ours.right?.type === 'put' && (ours.right.skipped ?? []).length > 0, text);
        continue;
      }
      assert.equal(E.isRight(ours), E.isRight(theirs), text);
      if (E.isRight(ours) && E.isRight(theirs)) {
        accepted++;
        assert.deepEqual(ours.right, theirs.right);
      }
    }
    assert.ok(accepted > 50 && accepted < 550, `${accepted} of 600 accepted: the mutations should produce both outcomes`);
  });

  it('uses only io-ts combinators that check without transforming (what the fast path relies on)', () => {
    for (const codec of [PutMessage, FlagPatchMessage, SegmentPatchMessage, DeleteMessage] as t.Mixed[]) {
      for (const [tag, where] of combinators(codec)) {
        assert.ok(NON_TRANSFORMING.has(tag), `${where} is a ${tag}: decodeValid's fast path would no longer match decode`);
      }
    }
  });

  it('says which frame type was invalid', () => {
    const result = decodeStreamMessage('{"type":"delete","kind":"flags","key":"k"}');
    assert.ok(E.isLeft(result));
    assert.equal(result.left.message, 'Invalid stream delete message: version: expected number, got nothing');
  });
});
