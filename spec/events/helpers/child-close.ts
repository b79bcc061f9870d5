/**
 * Run in a child process by create-event-processor.spec.ts: records events with the default
 * timers (flush every 5 s, context keys every 300 s), closes the processor and prints `closed`.
 * The process must then exit by itself: nothing may be left running.
 */
import { parseContext, type EvaluationContext } from '../../../lib/context/evaluation-context';
import { createEventProcessor } from '../../../lib/events/create-event-processor';

const [eventsUri, sdkKey] = process.argv.slice(2);
const events = createEventProcessor({ sdkKey, eventsUri });
const context = parseContext({ kind: 'user', key: 'child' }) as EvaluationContext;
events.recordIdentify(context);
events.recordCustom('child-event', context, { n: 1 });
events.close().then(
  () => console.log(`closed ${JSON.stringify(events.stats)}`),
  (error: unknown) => console.log(`close failed: ${String(error)}`),
);
