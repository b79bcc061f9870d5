import { Observable } from 'rxjs';
import { openWebSocket, type WebSocketOptions } from './open-web-socket';

export {
  DEFAULT_MAX_PAYLOAD,
  DEFAULT_READ_TIMEOUT,
  type WebSocketConstructor,
  type WebSocketOptions,
} from './open-web-socket';

/**
 * Opens a WebSocket on subscription and emits the text of every message it receives
 * ({@link openWebSocket} as an Observable).
 *
 * The Observable never completes: the connection ending in any way is an error, so a caller can
 * tell "the server went away" from "I unsubscribed". It errors with:
 * - `HttpError` when the server refuses the upgrade (`status`, `recoverable`);
 * - `PayloadDecodeError` when a message is larger than `maxPayload`;
 * - `NetworkError` on a connection failure, a close frame, a cut connection or a read
 *   timeout (no frame, ping or pong for `readTimeout` ms, default 60000).
 *
 * Unsubscribing (or any error) terminates the socket at once and cancels the timer. Pings are
 * answered automatically. Binary messages are read as UTF-8 text.
 *
 * ## Example
 * ```ts
 * fromWebSocket({ url: 'ws://localhost:8030/sdk/stream', headers: { Authorization: sdkKey } })
 *   .subscribe({ next: (text) => console.log(text), error: (e) => console.log(e.message) });
 * // Logs: {"type":"put","data":{…}}
 * ```
 */
export function fromWebSocket(options: WebSocketOptions): Observable<string> {
  return new Observable<string>((subscriber) =>
    openWebSocket(options, {
      message: (text) => subscriber.next(text),
      failed: (error) => subscriber.error(error),
    }),
  );
}
