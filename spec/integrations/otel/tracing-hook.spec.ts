import assert from 'node:assert/strict';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createClient } from '../../../lib/client/create-client';
import type { FlagstreamClient } from '../../../lib/client/flagstream-client';
import { TestData } from '../../../lib/integrations/test-data/test-data';
import { silentLogger } from '../../../lib/logging/logger';
import { FEATURE_FLAG_EVENT, TracingHook } from '../../../lib/integrations/otel';

describe('flagstream/otel TracingHook (OpenTelemetry SDK, in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();
  let client: FlagstreamClient;

  before(async () => {
    contextManager.enable();
    assert.ok(context.setGlobalContextManager(contextManager), 'another context manager is registered');
    assert.ok(trace.setGlobalTracerProvider(provider), 'another tracer provider is registered');
    const td = new TestData();
    td.update(td.flag('checkout').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
    td.update(td.flag('limit').variations(10, 20).fallthroughVariation(1));
    client = createClient({ dataSource: td, sendEvents: false, logger: silentLogger });
    await client.waitForInitialization({ timeout: 1000 });
  });

  afterEach(() => exporter.reset());

  after(async () => {
    await client.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  const tracer = () => trace.getTracer('spec');

  it('adds a feature_flag event with the semantic-convention attributes to the active span', () => {
    const hook = new TracingHook();
    client.addHook(hook);
    tracer().startActiveSpan('request', (span) => {
      client.boolVariation('checkout', { kind: 'user', key: 'alice' }, false);
      client.variation('limit', { kind: 'multi', user: { key: 'bob' }, org: { key: 'acme' } }, 0);
      client.variation('missing', { kind: 'user', key: 'carol' }, 'dflt');
      span.end();
    });
    const [request] = exporter.getFinishedSpans();
    assert.equal(request.name, 'request');
    assert.deepEqual(request.events.map((e) => e.name), [FEATURE_FLAG_EVENT, FEATURE_FLAG_EVENT, FEATURE_FLAG_EVENT]);
    assert.deepEqual(request.events[0].attributes, {
      'feature_flag.key': 'checkout',
      'feature_flag.provider.name': 'flagstream',
      'feature_flag.result.variant': '0',
      'feature_flag.result.reason': 'targeting_match',
      'feature_flag.context.id': 'alice',
    });
    assert.deepEqual(request.events[1].attributes, {
      'feature_flag.key': 'limit',
      'feature_flag.provider.name': 'flagstream',
      'feature_flag.result.variant': '1',
      'feature_flag.result.reason': 'default',
      'feature_flag.context.id': 'org:acme:user:bob',
    });
    assert.deepEqual(request.events[2].attributes, {
      'feature_flag.key': 'missing',
      'feature_flag.provider.name': 'flagstream',
      'feature_flag.result.reason': 'error',
      'feature_flag.context.id': 'carol',
      'error.type': 'flag_not_found',
    });
  });

  it('records nothing without an active span', () => {
    client.variation('limit', { kind: 'user', key: 'alice' }, 0);
    assert.deepEqual(exporter.getFinishedSpans(), []);
  });

  it('with spans: true, wraps each evaluation in a child span; includeValue records the value', () => {
    const local = createClient({ dataSource: (() => { const td = new TestData(); td.update(td.flag('limit').variations(10, 20).fallthroughVariation(1)); return td; })(), sendEvents: false, logger: silentLogger, hooks: [new TracingHook({ spans: true, includeValue: true, providerName: 'flags' })] });
    tracer().startActiveSpan('job', (span) => {
      local.variation('limit', { key: 'u1' }, 0);
      span.end();
    });
    const spans = exporter.getFinishedSpans();
    assert.deepEqual(spans.map((s) => s.name), ['flagstream.variation', 'job']);
    const [evaluation, job] = spans;
    assert.equal(evaluation.parentSpanContext?.spanId, job.spanContext().spanId);
    assert.deepEqual(evaluation.attributes, { 'feature_flag.key': 'limit', 'feature_flag.provider.name': 'flags' });
    assert.equal(job.events[0].attributes?.['feature_flag.result.value'], '20');
    assert.equal(job.events[0].attributes?.['feature_flag.provider.name'], 'flags');
    return local.close();
  });
});
