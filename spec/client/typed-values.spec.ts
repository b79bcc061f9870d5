import assert from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { firstValueFrom } from 'rxjs';
import { createClient } from '../../lib/client/create-client';
import type { FlagstreamClient } from '../../lib/client/flagstream-client';
import type { ContextInput, LegacyUser, MultiKindContextInput, SingleKindContextInput } from '../../lib/context/context-input';
import type { EvaluationDetail } from '../../lib/evaluation/evaluation-reason';
import { TestData } from '../../lib/integrations/test-data/test-data';
import { silentLogger } from '../../lib/logging/logger';

/** Compiles only when `A` and `B` are the same type (checked by `npm run typecheck`). */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<A, B>(equal: Equal<A, B>): void {
  assert.equal(equal, true);
}

// These specs are checked twice: the type assertions by tsc (a wrong type fails `npm test`'s
// typecheck), the values at run time.
describe('client method types: literal defaults widen, contexts are typed', () => {
  let client: FlagstreamClient;
  const alice: SingleKindContextInput = { kind: 'user', key: 'alice', plan: 'pro' };
  const multi: MultiKindContextInput = { kind: 'multi', user: { key: 'alice' }, org: { key: 'acme', name: 'Acme' } };
  const legacy: LegacyUser = { key: 'bob', email: 'b@example.com', custom: { groups: ['beta'] } };

  before(async () => {
    const td = new TestData();
    td.update(td.flag('on').booleanFlag().variationForAll(true));
    td.update(td.flag('text').variations('a', 'b').fallthroughVariation(1));
    td.update(td.flag('count').variations(1, 7).fallthroughVariation(1));
    client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger });
    await client.waitForInitialization({ timeout: 1000 });
  });
  after(() => client.close());

  it('variation, variationDetail, jsonVariation and BoundUser widen a literal default', () => {
    const on = client.variation('on', alice, false);
    expectType<typeof on, boolean>(true);
    assert.equal(on === true, true); // TS2367 before widening: `false` and `true` had no overlap
    const text = client.variation('text', multi, 'x');
    expectType<typeof text, string>(true);
    assert.equal(text, 'b');
    const count = client.jsonVariation('count', legacy, 0);
    expectType<typeof count, number>(true);
    assert.equal(count, 7);
    const detail = client.variationDetail('on', alice, false);
    expectType<typeof detail, EvaluationDetail<boolean>>(true);
    assert.equal(detail.value, true);
    const jsonDetail = client.jsonVariationDetail('text', alice, 'x');
    expectType<typeof jsonDetail, EvaluationDetail<string>>(true);
    const bound = client.user(alice);
    const boundOn = bound.variation('on', false);
    expectType<typeof boundOn, boolean>(true);
    assert.equal(bound.canAccess('on'), true);
  });

  it('variation$ and variationDetail$ widen too', async () => {
    const on$ = client.variation$('on', alice, false);
    expectType<typeof on$, Observable<boolean>>(true);
    assert.equal(await firstValueFrom(on$), true);
    const detail$ = client.variationDetail$('count', alice, 1);
    expectType<typeof detail$, Observable<EvaluationDetail<number>>>(true);
    assert.equal((await firstValueFrom(detail$)).value, 7);
    const bound$ = client.user(alice).variation$('text', 'z');
    expectType<typeof bound$, Observable<string>>(true);
  });

  it('object defaults keep their type; null and undefined defaults give unknown; an explicit type argument is kept', () => {
    const config = client.variation('missing', alice, { limit: 3 });
    expectType<typeof config, { limit: number }>(true);
    assert.deepEqual(config, { limit: 3 });
    const nothing = client.variation('missing', alice, null);
    expectType<typeof nothing, unknown>(true);
    assert.equal(nothing, null);
    const explicit = client.variation<'a' | 'b'>('text', alice, 'a');
    expectType<typeof explicit, string>(true);
  });

  it('the context parameters take the exported context shapes', () => {
    const contexts: ContextInput[] = [alice, multi, legacy];
    for (const context of contexts) assert.equal(client.boolVariation('on', context, false), true);
    // @ts-expect-error a number is not a context
    assert.equal(client.boolVariation('on', 42, false), false);
    // @ts-expect-error a context needs a key
    assert.equal(client.boolVariation('on', { kind: 'user' }, false), false);
  });
});
