import * as t from 'io-ts';
import { JsonValue, orNull } from '../../model/optional';
import { checkedRecord } from './checked-record';
import { EventContext, EventContextKeys } from './event-context-codec';
import { refined } from './refined';

/** Longest flag key or custom event key accepted, in characters. */
export const MAX_EVENT_KEY_LENGTH = 1024;
/** Largest `count` of one summary counter (a flush interval never sees more evaluations). */
export const MAX_COUNTER_COUNT = 1_000_000_000;

/** A flag key or custom event key: 1 to 1,024 characters. */
export const EventKey = refined(t.string, (s) => s.length > 0 && s.length <= MAX_EVENT_KEY_LENGTH, `string of 1 to ${MAX_EVENT_KEY_LENGTH} characters`);
/** A variation index. */
export const VariationIndex = refined(t.number, (n) => Number.isInteger(n) && n >= 0, 'non-negative integer');
/** The `count` of a summary counter. */
export const CounterCount = refined(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_COUNTER_COUNT, `whole number from 1 to ${MAX_COUNTER_COUNT}`);

/** Fields every event may carry; checked when present (`null` counts as absent). */
const common = { creationDate: orNull(t.number), samplingRatio: orNull(t.number) };
/** Who an event is about: an inline `context`, or the older schema's `contextKeys`. */
const about = { context: orNull(EventContext), contextKeys: orNull(EventContextKeys) };

/** `feature` and `debug`: one evaluation (docs/evaluation.md, "Event output"). Only its context is counted. */
export const FeatureEvent = t.intersection(
  [
    t.type({ kind: t.union([t.literal('feature'), t.literal('debug')]), key: EventKey }),
    t.partial({ ...common, ...about, value: JsonValue, default: JsonValue, variation: orNull(VariationIndex), version: orNull(t.number), prereqOf: orNull(t.string) }),
  ],
  'FeatureEvent',
);
export type FeatureEvent = t.TypeOf<typeof FeatureEvent>;

/** `custom`: `track(key, context, data?, metricValue?)`. */
export const CustomEvent = t.intersection(
  [t.type({ kind: t.literal('custom'), key: EventKey }), t.partial({ ...common, ...about, data: JsonValue, metricValue: orNull(t.number) })],
  'CustomEvent',
);
export type CustomEvent = t.TypeOf<typeof CustomEvent>;

/** `identify` and `index`: a context, and nothing else. */
export const ContextEvent = t.intersection(
  [t.type({ kind: t.union([t.literal('identify'), t.literal('index')]), context: EventContext }), t.partial(common)],
  'ContextEvent',
);
export type ContextEvent = t.TypeOf<typeof ContextEvent>;

/** One counter of a summary: evaluations of a flag version that served one variation (or none). */
export const SummaryCounter = t.intersection(
  [t.type({ count: CounterCount }), t.partial({ value: JsonValue, variation: orNull(VariationIndex), version: orNull(t.number), unknown: orNull(t.boolean) })],
  'SummaryCounter',
);
export type SummaryCounter = t.TypeOf<typeof SummaryCounter>;

/** One flag of a summary. */
export const SummaryFlag = t.intersection(
  [t.type({ counters: t.array(SummaryCounter) }), t.partial({ default: JsonValue, contextKinds: orNull(t.array(t.string)) })],
  'SummaryFlag',
);
export type SummaryFlag = t.TypeOf<typeof SummaryFlag>;

/** `summary`: evaluation counts per flag since the previous flush. */
export const SummaryEvent = t.intersection(
  [
    t.type({
      kind: t.literal('summary'),
      features: checkedRecord(EventKey, SummaryFlag, 'object of flag key → SummaryFlag'),
    }),
    t.partial({ startDate: orNull(t.number), endDate: orNull(t.number) }),
  ],
  'SummaryEvent',
);
export type SummaryEvent = t.TypeOf<typeof SummaryEvent>;

/** An event of a kind the server does not know (`migration_op`, future kinds): accepted, not counted. */
export interface IgnoredEvent {
  readonly kind: 'ignored';
  /** The `kind` it was sent with. */
  readonly sentKind: string;
}

/** A decoded event. */
export type AnalyticsEvent = FeatureEvent | CustomEvent | ContextEvent | SummaryEvent | IgnoredEvent;

const BY_KIND: Readonly<Record<string, t.Mixed>> = {
  feature: FeatureEvent,
  debug: FeatureEvent,
  custom: CustomEvent,
  identify: ContextEvent,
  index: ContextEvent,
  summary: SummaryEvent,
};

/**
 * One event, checked by the codec of its `kind` (problems are reported at the event's own
 * paths, e.g. `[3].features.checkout.counters[0].count`). Unknown kinds are accepted and decode
 * to an {@link IgnoredEvent}: SDKs newer than the server must not have their batches refused.
 */
export const AnalyticsEvent = new t.Type<AnalyticsEvent, unknown, unknown>(
  'Event',
  (u): u is AnalyticsEvent => typeof u === 'object' && u !== null && typeof (u as { kind?: unknown }).kind === 'string',
  (input, context) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return t.failure(input, context);
    const kind = (input as { kind?: unknown }).kind;
    if (typeof kind !== 'string') return t.failure(kind, t.appendContext(context, 'kind', t.string, kind));
    const codec = Object.hasOwn(BY_KIND, kind) ? BY_KIND[kind] : undefined;
    if (codec === undefined) return t.success({ kind: 'ignored', sentKind: kind });
    // Report as if the element's type were the kind's codec, so paths read `[3].key`, not `[3].0.key`.
    const own = [...context.slice(0, -1), { ...context[context.length - 1], type: codec }];
    return codec.validate(input, own) as t.Validation<AnalyticsEvent>;
  },
  t.identity,
);

/** A `POST /bulk` body: an array of events (LaunchDarkly's event schema 4). */
export const EventBatchBody = t.array(AnalyticsEvent, 'EventBatch');
export type EventBatchBody = t.TypeOf<typeof EventBatchBody>;
