import type { ServerStore } from '../storage/server-store';
import type { ServerMetrics } from './server-metrics';

/**
 * The server store with its operations timed in `flagstream_store_operation_duration_seconds`
 * (`operation` = the method: `load`, `readItem`, `writeItem`, `putEnvironment`…). Everything
 * else is passed through.
 */
export function timedServerStore(store: ServerStore, metrics: ServerMetrics): ServerStore {
  const time =
    <A extends unknown[], R>(operation: string, method: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      metrics.timeStore(operation, () => method.apply(store, args));
  return {
    get description() {
      return store.description;
    },
    get readOnlyReason() {
      return store.readOnlyReason;
    },
    get database() {
      return store.database;
    },
    get notifications$() {
      return store.notifications$;
    },
    initialise: time('initialise', store.initialise),
    load: time('load', store.load),
    readEnvironment: time('readEnvironment', store.readEnvironment),
    readItem: time('readItem', store.readItem),
    writeItem: time('writeItem', store.writeItem),
    writeItems: time('writeItems', store.writeItems),
    putEnvironment: time('putEnvironment', store.putEnvironment),
    deleteEnvironment: time('deleteEnvironment', store.deleteEnvironment),
    putSdkKey: time('putSdkKey', store.putSdkKey),
    removeSdkKey: time('removeSdkKey', store.removeSdkKey),
    close: () => store.close(),
  };
}
