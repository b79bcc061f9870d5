import type { EventProcessor } from './event-processor';

const done: Promise<void> = Promise.resolve();

/**
 * An event processor that does nothing: for `sendEvents: false` and offline mode. Every method
 * returns at once; `flush()` and `close()` resolve immediately.
 */
export const nullEventProcessor: EventProcessor = Object.freeze({
  recordEvaluation(): void {},
  recordCustom(): void {},
  recordIdentify(): void {},
  flush: () => done,
  close: () => done,
});
