import assert from 'node:assert/strict';
import { FlagEvaluator, type ExpectedType } from '../../lib/client/flag-evaluator';
import { HookRunner } from '../../lib/client/hook-runner';
import { parseContext } from '../../lib/context/evaluation-context';
import type { EvaluationLookup } from '../../lib/evaluation/evaluation-lookup';
import type { EventProcessor } from '../../lib/events/event-processor';
import { silentLogger } from '../../lib/logging/logger';
import { flag, lookupOf } from '../evaluation/fixtures';

const error = (errorKind: string) => ({ kind: 'ERROR', errorKind });

/** The client's evaluation sequence without hooks or events, always ready unless told. */
function evaluator(lookup: EvaluationLookup, options: { ready?: () => boolean; events?: EventProcessor } = {}): FlagEvaluator {
  return new FlagEvaluator(lookup, options.ready ?? (() => true), new HookRunner([], silentLogger), options.events, silentLogger);
}

describe('FlagEvaluator (the one evaluation sequence of every variation method)', () => {
  const lookup = lookupOf([
    flag({ key: 'on', variations: ['a', 'b'], fallthrough: { variation: 1 } }),
    flag({ key: 'off-no-value', on: false, offVariation: undefined }),
    flag({ key: 'broken', fallthrough: { variation: 9 } }),
    flag({ key: 'gone', deleted: true }),
    flag({ key: 'bool', variations: [true, false], fallthrough: { variation: 0 } }),
    flag({ key: 'number', variations: [1, 2], fallthrough: { variation: 0 } }),
    flag({ key: 'array', variations: [['s'], null], fallthrough: { variation: 0 } }),
    flag({ key: 'null', variations: [null, 1], fallthrough: { variation: 0 } }),
    flag({ key: 'with-prerequisite', prerequisites: [{ key: 'on', variation: 1 }], fallthrough: { variation: 1 } }),
  ]);
  const alice = { kind: 'user', key: 'alice' };
  const any = (key: string, context: unknown, defaultValue: unknown) => evaluator(lookup).detail(key, context, defaultValue, 'any', 'variationDetail', true);

  it('serves the evaluated variation', () => {
    assert.deepEqual(any('on', alice, 'default'), { value: 'b', variationIndex: 1, reason: { kind: 'FALLTHROUGH' } });
  });

  it('accepts an already parsed context', () => {
    assert.equal(any('on', parseContext(alice), 'default').value, 'b');
  });

  it('is CLIENT_NOT_READY before the data, checked before the context', () => {
    const notReady = evaluator(lookup, { ready: () => false });
    assert.deepEqual(notReady.detail('on', null, 'default', 'any', 'variation', false), { value: 'default', variationIndex: null, reason: error('CLIENT_NOT_READY') });
  });

  it('is USER_NOT_SPECIFIED for an invalid context, checked before the flag', () => {
    for (const context of [undefined, null, 5, { kind: 'user' }, { kind: 'multi' }]) {
      assert.deepEqual(any('no-such-flag', context, 'default'), { value: 'default', variationIndex: null, reason: error('USER_NOT_SPECIFIED') });
    }
  });

  it('is FLAG_NOT_FOUND for an unknown flag, or a deleted one that a lookup still returns', () => {
    assert.deepEqual(any('no-such-flag', alice, 'default'), { value: 'default', variationIndex: null, reason: error('FLAG_NOT_FOUND') });
    assert.deepEqual(any('gone', alice, 'default').reason, error('FLAG_NOT_FOUND'));
  });

  it('reports an undefined default as null for those errors, as the Node SDK does', () => {
    assert.equal(any('no-such-flag', alice, undefined).value, null);
    assert.equal(any('on', null, undefined).value, null);
  });

  it('substitutes the default when no variation is served, keeping the reason', () => {
    assert.deepEqual(any('off-no-value', alice, 'default'), { value: 'default', variationIndex: null, reason: { kind: 'OFF' } });
    assert.deepEqual(any('broken', alice, 'default'), { value: 'default', variationIndex: null, reason: error('MALFORMED_FLAG') });
    assert.equal(any('broken', alice, undefined).value, undefined);
  });

  describe('typed methods', () => {
    const WRONG_TYPE = { value: 'default', variationIndex: null, reason: error('WRONG_TYPE') };
    const rows: [string, ExpectedType, boolean][] = [
      ['bool', 'boolean', true],
      ['on', 'boolean', false],
      ['number', 'number', true],
      ['on', 'number', false],
      ['on', 'string', true],
      ['array', 'string', false],
      ['null', 'string', false],
      ['array', 'any', true],
      ['null', 'any', true],
    ];
    for (const [key, expected, ok] of rows) {
      it(`flag '${key}' as ${expected} ⇒ ${ok ? 'served' : 'WRONG_TYPE'}`, () => {
        const detail = evaluator(lookup).detail(key, alice, 'default', expected, 'variationDetail', true);
        if (ok) assert.equal(detail.reason.kind, 'FALLTHROUGH');
        else assert.deepEqual(detail, WRONG_TYPE);
      });
    }

    it('leaves pre-evaluation errors alone (the Node SDK checks types only after evaluating)', () => {
      assert.deepEqual(evaluator(lookup).detail('no-such-flag', alice, null, 'boolean', 'variation', false).reason, error('FLAG_NOT_FOUND'));
      assert.deepEqual(evaluator(lookup).detail('on', null, null, 'boolean', 'variation', false).reason, error('USER_NOT_SPECIFIED'));
      assert.deepEqual(evaluator(lookup, { ready: () => false }).detail('on', alice, null, 'boolean', 'variation', false).reason, error('CLIENT_NOT_READY'));
    });

    it('checks the substituted default, as the Node SDK does (WRONG_TYPE, value null for undefined)', () => {
      const typed = evaluator(lookup);
      assert.deepEqual(typed.detail('off-no-value', alice, undefined, 'boolean', 'variation', false), { value: null, variationIndex: null, reason: error('WRONG_TYPE') });
      assert.deepEqual(typed.detail('broken', alice, 'x', 'number', 'variation', false), { value: 'x', variationIndex: null, reason: error('WRONG_TYPE') });
      assert.deepEqual(typed.detail('off-no-value', alice, true, 'boolean', 'variation', false), { value: true, variationIndex: null, reason: { kind: 'OFF' } });
    });
  });

  it('reports each prerequisite evaluated to the event processor, with the flag it is a prerequisite of', () => {
    const seen: string[] = [];
    const events = {
      recordEvaluationArgs: (flagKey: string, _flag: unknown, _context: unknown, _detail: unknown, _default: unknown, _withReason: boolean, prereqOf?: string) =>
        seen.push(prereqOf === undefined ? flagKey : `${flagKey}<${prereqOf}`),
    } as unknown as EventProcessor;
    evaluator(lookup, { events }).detail('with-prerequisite', alice, false, 'any', 'variation', false);
    assert.deepEqual(seen, ['on<with-prerequisite', 'with-prerequisite']);
  });

  it('peek evaluates without recording events', () => {
    const seen: string[] = [];
    const events = { recordEvaluationArgs: (flagKey: string) => seen.push(flagKey) } as unknown as EventProcessor;
    assert.equal(evaluator(lookup, { events }).peek('with-prerequisite', alice, false, 'any').value, true);
    assert.deepEqual(seen, []);
  });
});
