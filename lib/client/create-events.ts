import { createEventProcessor } from '../events/create-event-processor';
import type { EventProcessor } from '../events/event-processor';
import type { ResolvedOptions } from './resolve-options';

/**
 * The client's analytics events pipeline, or `undefined` when events are off: `sendEvents:
 * false`, offline mode, or a local data source with no SDK key (nowhere to send them).
 */
export function createEvents(options: ResolvedOptions): EventProcessor | undefined {
  if (!options.sendEvents || options.offline || options.sdkKey === '') return undefined;
  return createEventProcessor({
    sdkKey: options.sdkKey,
    eventsUri: options.eventsUri,
    capacity: options.events.capacity,
    flushInterval: options.events.flushInterval,
    contextKeysCapacity: options.events.contextKeysCapacity,
    contextKeysFlushInterval: options.events.contextKeysFlushInterval,
    allAttributesPrivate: options.allAttributesPrivate,
    privateAttributes: options.privateAttributes,
    logger: options.logger,
    scheduler: options.scheduler,
    closeTimeout: options.closeTimeout,
    proxy: options.proxy,
  });
}
