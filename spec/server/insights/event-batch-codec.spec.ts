import assert from 'node:assert/strict';
import { type EvaluationContext, parseContext } from '../../../lib/context/evaluation-context';
import { EventSummarizer } from '../../../lib/events/event-summarizer';
import { customEvent, featureEvent, identifyEvent, indexEvent } from '../../../lib/events/output-events';
import type { Flag } from '../../../lib/model/flag';
import { EventBatchBody } from '../../../lib/server/insights/event-batch-codec';
import { assertDecodeFailure, assertDecodes } from '../../helpers/assert-decode';

function ctx(input: unknown): EvaluationContext {
  const parsed = parseContext(input);
  if (!parsed.valid) assert.fail(parsed.message);
  return parsed;
}

describe('insights: event batch codec', () => {
  it('accepts every event shape the SDK sends', () => {
    const flag: Flag = { key: 'f', version: 4, variations: ['a', 'b'] };
    const context = { kind: 'user', key: 'u1', _meta: { redactedAttributes: ['email'] } };
    const summarizer = new EventSummarizer(() => 1_000);
    summarizer.count('f', flag, ctx({ kind: 'user', key: 'u1' }), 1, 'b', 'a');
    summarizer.count('gone', undefined, ctx({ kind: 'org', key: 'o1' }), null, 'd', 'd');
    const batch = [
      indexEvent(1, context),
      identifyEvent(2, { kind: 'multi', user: { key: 'u1' }, org: { key: 'o:1' } }),
      featureEvent({ creationDate: 3, flagKey: 'f', flag, detail: { value: 'b', variationIndex: 1, reason: { kind: 'FALLTHROUGH' } }, defaultValue: 'a', reason: { kind: 'FALLTHROUGH' }, prereqOf: 'p', context }, false),
      featureEvent({ creationDate: 3, flagKey: 'f', flag, detail: { value: 'a', variationIndex: null, reason: { kind: 'OFF' } }, defaultValue: 'a', reason: undefined, prereqOf: undefined, context }, true),
      customEvent(4, 'purchase', context, { cart: 3 }, 19.5),
      customEvent(5, 'clicked', { key: 'legacy-user' }, undefined, undefined),
      summarizer.take()!,
    ];
    const decoded = assertDecodes(EventBatchBody, batch);
    assert.deepEqual(
      decoded.map((event) => event.kind),
      ['index', 'identify', 'feature', 'debug', 'custom', 'custom', 'summary'],
    );
    assert.deepEqual(decoded[1], { kind: 'identify', creationDate: 2, context: { canonicalKey: 'org:o%3A1:user:u1', parts: [{ kind: 'org', key: 'o:1' }, { kind: 'user', key: 'u1' }] } });
  });

  it('accepts unknown kinds (newer SDKs) and decodes them as ignored; tolerates extra fields and nulls', () => {
    const decoded = assertDecodes(EventBatchBody, [
      { kind: 'migration_op', operation: 'read' },
      { kind: 'custom', key: 'k', metricValue: null, context: null, fromTheFuture: [1] },
      { kind: 'summary', features: { f: { counters: [{ count: 2, variation: null, version: 3, value: true }] } }, startDate: null },
    ]);
    assert.deepEqual(decoded[0], { kind: 'ignored', sentKind: 'migration_op' });
    assert.equal(decoded[1].kind, 'custom');
  });

  it('names the path and the expectation of every bad field', () => {
    assertDecodeFailure(EventBatchBody, [{ kind: 'custom' }, { kind: 3 }, 5, { kind: 'feature', key: '', variation: -1 }], [
      '[0].key: expected string of 1 to 1024 characters, got nothing',
      '[1].kind: expected string, got 3',
      '[2]: expected Event, got 5',
      '[3].key: expected string of 1 to 1024 characters, got ""',
      '[3].variation: expected non-negative integer or null, got -1',
    ]);
    assertDecodeFailure(EventBatchBody, [{ kind: 'custom', key: 'k', metricValue: '3', creationDate: 'today' }], [
      '[0].creationDate: expected number or null, got "today"',
      '[0].metricValue: expected number or null, got "3"',
    ]);
    assertDecodeFailure(EventBatchBody, { kind: 'custom' }, ['(root): expected EventBatch, got {"kind":"custom"}']);
  });

  it('checks summary counters', () => {
    assertDecodeFailure(EventBatchBody, [{ kind: 'summary', features: { f: { counters: [{ count: 0, variation: 'x' }, { count: 1.5 }, {}] } } }], [
      '[0].features.f.counters[0].count: expected whole number from 1 to 1000000000, got 0',
      '[0].features.f.counters[0].variation: expected non-negative integer or null, got "x"',
      '[0].features.f.counters[1].count: expected whole number from 1 to 1000000000, got 1.5',
      '[0].features.f.counters[2].count: expected whole number from 1 to 1000000000, got nothing',
    ]);
    assertDecodeFailure(EventBatchBody, [{ kind: 'summary' }, { kind: 'summary', features: { f: {} } }], [
      '[0].features: expected object of flag key → SummaryFlag, got nothing',
      '[1].features.f.counters: expected Array<SummaryCounter>, got nothing',
    ]);
    const longKey = 'k'.repeat(1025);
    assertDecodeFailure(EventBatchBody, [{ kind: 'summary', features: { [longKey]: { counters: [] }, '': { counters: [] } } }], [
      `[0].features.${longKey}: expected string of 1 to 1024 characters, got "${'k'.repeat(59)}…`,
      '[0].features.: expected string of 1 to 1024 characters, got ""',
    ]);
    const hostile = assertDecodes(EventBatchBody, JSON.parse('[{"kind":"summary","features":{"__proto__":{"counters":[{"count":2}]}}}]'));
    assert.deepEqual(Object.keys((hostile[0] as { features: object }).features), ['__proto__'], 'a __proto__ flag key is an ordinary key');
  });
});
