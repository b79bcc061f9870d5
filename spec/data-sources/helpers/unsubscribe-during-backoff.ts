/**
 * Child-process script for the "process can exit" spec: streams from the server at argv[2]
 * (which refuses with 503), unsubscribes during the first backoff wait (10 s long) and then does
 * nothing. If any timer or socket survived the unsubscribe, the process would stay alive.
 */
import { asyncScheduler } from 'rxjs';
import { streamingDataSource } from '../../../lib/data-sources/streaming-data-source';
import { silentLogger } from '../../../lib/logging/logger';

const [streamUri, sdkKey] = process.argv.slice(2);
const source = streamingDataSource({ streamUri, reconnect: { initialDelay: 10_000 }, readTimeout: 30_000 });
const subscription = source.connect({ sdkKey, logger: silentLogger, scheduler: asyncScheduler }).subscribe((event) => {
  if (event.type === 'status' && event.state === 'INTERRUPTED') {
    // Unsubscribe once the retry is scheduled (the repeat delay starts right after this event).
    setImmediate(() => {
      subscription.unsubscribe();
      process.stdout.write(`unsubscribed after ${event.error?.kind} ${event.error?.statusCode}\n`);
    });
  }
});
