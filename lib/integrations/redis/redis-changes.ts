import { Observable, share } from 'rxjs';
import type { Logger } from '../../logging/logger';
import type { RedisConnection } from './redis-connection';

/**
 * Hears of writes to the store as they happen: SUBSCRIBEs to `channel` on a second connection
 * (opened on the first subscription, shared by all subscribers, closed with the last one) and
 * emits once per message published there.
 *
 * It also emits each time the subscription is (re)established, connection drops included: a
 * write made while it was not listening would otherwise go unnoticed until the next poll. So a
 * reader that reads again on every emission misses nothing.
 *
 * Never errors: a connection failure is retried in the background (ioredis' backoff) and logged
 * at `debug`; a refused SUBSCRIBE (e.g. an ACL without Pub/Sub) is logged once at `warn`, after
 * which it only stays silent (polling still works). Completes when the store is closed.
 *
 * @param connection the store's connection (its settings are copied)
 * @param channel the channel the store publishes on (`{prefix}:changes`)
 * @param description the store's description, for log lines
 */
export function redisChanges(connection: RedisConnection, channel: string, description: string, logger: Logger): Observable<void> {
  return new Observable<void>((subscriber) => {
    const redis = connection.openSubscriber();
    if (redis === undefined) {
      subscriber.complete();
      return undefined;
    }
    let refusedLogged = false;
    const onMessage = (from: string): void => {
      if (from === channel) subscriber.next();
    };
    const onReady = (): void => {
      redis.subscribe(channel).then(
        () => subscriber.next(),
        (error: unknown) => {
          // A dropped connection rejects the command too: the next 'ready' subscribes again.
          if (redis.status !== 'ready' || refusedLogged || subscriber.closed) return;
          refusedLogged = true;
          logger.warn(`${description}: cannot subscribe to ${channel} (${error instanceof Error ? error.message : String(error)}); changes are seen at the next poll only`);
        },
      );
    };
    redis.on('message', onMessage);
    redis.on('ready', onReady);
    const removeCloseListener = connection.onClose(() => subscriber.complete());
    return () => {
      removeCloseListener();
      connection.closeSubscriber(redis);
    };
  }).pipe(share());
}
