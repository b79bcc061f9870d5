import assert from 'node:assert/strict';
import * as E from 'fp-ts/Either';
import { decode } from '../../lib/model/decode';
import { FlagData } from '../../lib/model/flag-data';
import { FlagFile } from '../../lib/model/flag-file';
import { Segment } from '../../lib/model/segment';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import { assertDecodeFailure, assertDecodes } from '../helpers/assert-decode';

describe('decode', () => {
  it('names the exact path and the expected type of a bad field', () => {
    assertDecodeFailure(
      FlagData,
      { flags: { checkout: { key: 'checkout', version: 3, rules: [{}, {}, { clauses: [{ op: 7 }] }] } } },
      ['flags.checkout.rules[2].clauses[0].op: expected string, got 7'],
    );
  });

  it('lists every bad path, merging the alternatives of an optional field', () => {
    assertDecodeFailure(FlagData, { flags: { a: { key: 'a', version: 1, offVariation: 'x' }, b: { version: '2' } } }, [
      'flags.a.offVariation: expected number or null, got "x"',
      'flags.b.key: expected string, got nothing',
      'flags.b.version: expected number, got "2"',
    ]);
  });

  it('reports a non-object payload at the root', () => {
    assertDecodeFailure(FlagData, 5, ['(root): expected FlagData, got 5']);
    assertDecodeFailure(FlagData, null, ['(root): expected FlagData, got null']);
  });

  it('tolerates unknown extra fields and treats null as absent', () => {
    const data = assertDecodes(FlagData, {
      flags: { a: { key: 'a', version: 2, offVariation: null, fromTheFuture: { x: 1 } } },
      segments: { s: { key: 's', version: 1, included: ['u1'], generation: null } },
    });
    assert.equal(data.flags?.a.version, 2);
    assert.deepEqual(data.segments?.s.included, ['u1']);
  });

  it('rejects wrong types inside segments', () => {
    assertDecodeFailure(Segment, { key: 's', version: 1, includedContexts: [{ contextKind: 'org', values: [1] }] }, [
      'includedContexts[0].values[0]: expected string, got 1',
    ]);
  });

  it('accepts the flag file format with keys and versions left out', () => {
    const file = assertDecodes(FlagFile, { flags: { f: { on: true, variations: [1, 2] } }, flagValues: { g: 'x' } });
    assert.deepEqual(file.flagValues, { g: 'x' });
  });

  it('returns a PayloadDecodeError that says what was decoded', () => {
    const result = decode(FlagData, { flags: [] }, 'poll response');
    assert.ok(E.isLeft(result));
    assert.ok(result.left instanceof PayloadDecodeError);
    assert.equal(result.left.code, 'INVALID_DATA');
    assert.match(result.left.message, /^Invalid poll response: flags: expected/);
  });

  it('caps the number of issues listed for a hostile payload', () => {
    const flags: Record<string, unknown> = {};
    for (let i = 0; i < 500; i++) flags[`f${i}`] = { key: i, version: 1 };
    const result = decode(FlagData, { flags }, 'stream message');
    assert.ok(E.isLeft(result));
    assert.equal(result.left.issues.length, 21);
    assert.equal(result.left.issues[20], '…and 480 more');
  });
});

describe('decode of intersections and records', () => {
  it('names the whole type when a non-object is given where an item is expected', () => {
    assertDecodeFailure(Segment, 'segment', ['(root): expected Segment, got "segment"']);
    assertDecodeFailure(FlagData, { flags: { a: 7 } }, ['flags.a: expected Flag, got 7']);
  });

  it('names a map of items readably', () => {
    assertDecodeFailure(FlagData, { segments: [] }, ['segments: expected Record<string, Segment>, got []']);
  });
});
