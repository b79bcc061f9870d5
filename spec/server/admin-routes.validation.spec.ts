import assert from 'node:assert/strict';
import { FLAGS, SEGMENTS, startAdminFixture, stopAdminFixture } from './helpers/admin-fixture';
import type { StreamClient } from './helpers/stream-client';
import type { TestServer } from './helpers/test-server';


describe('flag server: admin API validation', () => {
  let t: TestServer;
  let stream: StreamClient;

  beforeEach(async () => ({ t, stream } = await startAdminFixture()));
  afterEach(() => stopAdminFixture({ t, stream }));

  /** Asserts that a request is refused with 400 and exactly these issues, and that nothing changed anywhere. */
  async function assertRefused(method: string, path: string, body: unknown, issues: string[], headers: Record<string, string> = {}) {
    const storedBefore = await t.readData();
    const memoryBefore = await t.admin('GET', FLAGS);
    const segmentsBefore = await t.admin('GET', SEGMENTS);
    const response = await t.admin(method, path, body, headers);
    assert.equal(response.status, 400, JSON.stringify(response.json));
    assert.deepEqual(response.json.issues, issues);
    assert.equal(typeof response.json.error, 'string');
    assert.deepEqual(await t.readData(), storedBefore, 'the stored data changed');
    assert.deepEqual((await t.admin('GET', FLAGS)).json, memoryBefore.json, 'flags changed in memory');
    assert.deepEqual((await t.admin('GET', SEGMENTS)).json, segmentsBefore.json, 'segments changed in memory');
    await assert.rejects(stream.next(50), /no stream frame/, 'something was pushed');
  }

  describe('request bodies are read strictly: nothing silently coerced, no depth that overflows the stack', () => {
    const deep = (depth: number, leaf: string) => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;

    it('a number beyond a double (1e309) is refused, naming its path', () =>
      assertRefused('PUT', `${FLAGS}/checkout`, '{"variations": [1, 1e309], "fallthrough": {"variation": 0}}', [
        'variations[1]: 1e309 is too large for a JSON number (a double)',
      ]));

    it('a duplicate key is refused, naming its path', () =>
      assertRefused('PUT', `${FLAGS}/checkout`, '{"on": true, "variations": [true, false], "fallthrough": {"variation": 0, "variation": 1}, "on": false}', [
        'fallthrough.variation: the key "variation" appears twice in one object',
        'on: the key "on" appears twice in one object',
      ]));

    it('a duplicate key spelled with escapes is still a duplicate', () =>
      assertRefused('PATCH', `${FLAGS}/checkout`, '{"instructions": [{"kind": "turnFlagOff", "ki\\u006ed": "turnFlagOn"}]}', [
        'instructions[0].kind: the key "kind" appears twice in one object',
      ]));

    for (const [method, headers, wrap] of [
      ['PUT', {}, (inner: string) => `{"variations": [${inner}], "fallthrough": {"variation": 0}}`],
      ['PATCH', { 'Content-Type': 'application/merge-patch+json' }, (inner: string) => `{"variations": [${inner}]}`],
      ['PATCH', {}, (inner: string) => `{"instructions": [{"kind": "addRule", "variation": 0, "clauses": [{"attribute": "a", "op": "in", "values": [${inner}]}]}]}`],
    ] as const) {
      it(`input nested 100,000 levels deep: 400 for ${method} ${'Content-Type' in headers ? '(merge patch)' : method === 'PATCH' ? '(instructions)' : ''}`, async () => {
        const storedBefore = await t.readData();
        const response = await t.admin(method, `${FLAGS}/checkout`, wrap(deep(100_000, '1')), headers);
        assert.equal(response.status, 400, JSON.stringify(response.json));
        assert.match(response.json.error, /nested more than 1000 levels deep/);
        assert.equal(response.json.issues.length, 1);
        assert.match(response.json.issues[0], /^variations\[0\]\[0\]|^instructions\[0\]\.clauses\[0\]\.values\[0\]\[0\]/);
        assert.deepEqual(await t.readData(), storedBefore);
        await assert.rejects(stream.next(50), /no stream frame/, 'something was pushed');
      });
    }

    it('nesting within the limit is accepted', async () => {
      const response = await t.admin('PUT', `${FLAGS}/checkout`, `{"variations": [${deep(900, '1')}, 2], "fallthrough": {"variation": 1}}`);
      assert.equal(response.status, 200, JSON.stringify(response.json));
    });
  });

  describe('invalid changes get 400 with the exact problem and change nothing', () => {
    it('a schema error, with its path', () =>
      assertRefused('PUT', `${FLAGS}/checkout`, { variations: [true, false], fallthrough: { variation: 0 }, rules: [{ clauses: [{ op: 7 }] }] }, [
        'rules[0].clauses[0].op: expected string, got 7',
      ]));

    it('a variation index out of range, wherever it is', () =>
      assertRefused(
        'PUT',
        `${FLAGS}/checkout`,
        {
          variations: [true, false],
          offVariation: 2,
          fallthrough: { rollout: { variations: [{ variation: 0, weight: 50000 }, { variation: 5, weight: 50000 }] } },
          targets: [{ variation: -1, values: ['u'] }],
          rules: [{ id: 'a', clauses: [], variation: 3 }],
        },
        [
          'offVariation: 2 is out of range (the flag has 2 variations)',
          'fallthrough.rollout.variations[1].variation: 5 is out of range (the flag has 2 variations)',
          'targets[0].variation: -1 is out of range (the flag has 2 variations)',
          'rules[0].variation: 3 is out of range (the flag has 2 variations)',
        ],
      ));

    it('an out-of-range variation in an instruction', () =>
      assertRefused('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'turnFlagOff' }, { kind: 'addTargets', variation: 2, values: ['u'] }] }, [
        'instructions[1].variation: 2 is out of range (the flag has 2 variations)',
      ]));

    it('rollout weights that do not add up to 100 %', () =>
      assertRefused('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'updateFallthrough', rollout: { variations: [{ variation: 0, weight: 60000 }, { variation: 1, weight: 30000 }] } }] }, [
        'instructions[0].rollout.variations: weights add up to 90000, expected 100000 (100 %)',
      ]));

    it('an unknown instruction or a bad field in one', () =>
      assertRefused('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'explode' }, { kind: 'addTargets', variation: '0', values: ['u'] }] }, [
        'instructions[0].kind: unknown instruction "explode", expected one of turnFlagOn, turnFlagOff, addTargets, removeTargets, updateFallthrough, updateOffVariation, addPrerequisite, updatePrerequisite, removePrerequisite, addRule, updateRule, removeRule',
        'instructions[1].variation: expected number, got "0"',
      ]));

    it('a missing prerequisite', () =>
      assertRefused('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addPrerequisite', key: 'ghost', variation: 0 }] }, [
        'prerequisites[0].key: flag "ghost" does not exist',
      ]));

    it('a prerequisite cycle', async () => {
      const a = await t.admin('PUT', `${FLAGS}/a`, { variations: [1, 2], fallthrough: { variation: 0 }, prerequisites: [{ key: 'checkout', variation: 0 }] });
      assert.equal(a.status, 201, JSON.stringify(a.json));
      const b = await t.admin('PUT', `${FLAGS}/b`, { variations: [1, 2], fallthrough: { variation: 0 }, prerequisites: [{ key: 'a', variation: 1 }] });
      assert.equal(b.status, 201);
      await stream.next();
      await stream.next();
      await assertRefused('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addPrerequisite', key: 'b', variation: 0 }] }, [
        'prerequisites: prerequisite cycle checkout → b → a → checkout',
      ]);
      await assertRefused('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addPrerequisite', key: 'checkout', variation: 0 }] }, [
        'prerequisites[0].key: a flag cannot be its own prerequisite',
      ]);
    });

    it('a segment cycle, and a reference to a missing segment', async () => {
      assert.equal((await t.admin('PUT', `${SEGMENTS}/outer`, { rules: [{ clauses: [{ attribute: '', op: 'segmentMatch', values: ['beta'] }] }] })).status, 201);
      await stream.next();
      await assertRefused('PUT', `${SEGMENTS}/beta`, { rules: [{ id: 'loop', clauses: [{ op: 'segmentMatch', values: ['outer'] }] }] }, [
        'rules: segment cycle beta → outer → beta',
      ]);
      await assertRefused('PATCH', `${FLAGS}/checkout`, { instructions: [{ kind: 'addRule', clauses: [{ op: 'segmentMatch', values: ['nope'] }], variation: 0 }] }, [
        'rules[0].clauses[0].values[0]: segment "nope" does not exist',
      ]);
    });

    it('a body key that differs from the URL key, or a key change by merge patch', async () => {
      await assertRefused('PUT', `${FLAGS}/checkout`, { key: 'other', variations: [true], fallthrough: { variation: 0 } }, [
        'key: "other" does not match the URL key "checkout"',
      ]);
      await assertRefused('PATCH', `${FLAGS}/checkout`, { key: 'other' }, ["key: a flag's key cannot be changed"], {
        'Content-Type': 'application/merge-patch+json',
      });
    });

    it('deleting a flag or segment that others still use', async () => {
      assert.equal((await t.admin('PUT', `${FLAGS}/child`, { variations: [1], fallthrough: { variation: 0 }, prerequisites: [{ key: 'checkout', variation: 0 }], rules: [{ clauses: [{ op: 'segmentMatch', values: ['beta'] }], variation: 0 }] })).status, 201);
      await stream.next();
      await assertRefused('DELETE', `${FLAGS}/checkout`, undefined, ['checkout: still used by flags/child']);
      await assertRefused('DELETE', `${SEGMENTS}/beta`, undefined, ['beta: still used by flags/child']);
    });

    it('an unknown operator, a missing attribute and a bad regex', () =>
      assertRefused(
        'PATCH',
        `${FLAGS}/checkout`,
        {
          instructions: [
            { kind: 'addRule', clauses: [{ attribute: 'a', op: 'resembles', values: [] }, { op: 'in', values: ['x'] }, { attribute: 'b', op: 'matches', values: ['(['] }], variation: 0 },
          ],
        },
        [
          'rules[0].clauses[0].op: unknown operator "resembles"',
          'rules[0].clauses[1].attribute: required for operator in',
          "rules[0].clauses[2].values[0]: invalid regular expression '([' (Invalid regular expression: /([/: Unterminated character class); it never matches",
        ],
      ));

    it('a regex the SDK would never match (the shared rule), with the SDK\'s own message', () =>
      assertRefused(
        'PATCH',
        `${FLAGS}/checkout`,
        { instructions: [{ kind: 'addRule', clauses: [{ attribute: 'email', op: 'matches', values: ['^(\\d+\\.)+\\d+$', '(\\w)\\1', '(?<=@)corp'] }], variation: 0 }] },
        [
          "rules[0].clauses[0].values[1]: regular expression '(\\w)\\1' refused: it uses a back-reference, which no linear-time engine runs; it never matches",
          "rules[0].clauses[0].values[2]: regular expression '(?<=@)corp' refused: it uses a lookbehind, which no linear-time engine runs; it never matches",
        ],
      ));
  });

});
