import * as E from 'fp-ts/Either';
import type { PayloadDecodeError } from '../errors/payload-decode-error';
import { decodeStreamMessage, type StreamMessage } from '../model/stream-message';
import type { DataSourceEvent } from './data-source';

/**
 * The data-source events one stream frame stands for:
 * - `put` ⇒ the put (missing `flags`/`segments` maps become empty) followed by `status VALID`;
 * - `patch` / `delete` ⇒ that one event;
 * - a frame to ignore (unknown `type` or `kind`) ⇒ nothing.
 *
 * A flag or segment of a `put` that does not decode is left out and reported to `warn` (the
 * rest of the data set is used).
 *
 * @param text the frame's text
 * @param warn receives one line per item left out of a put (default: ignored)
 * @throws PayloadDecodeError when the frame is not JSON or does not match its schema
 */
export function streamEvents(text: string, warn: (message: string) => void = () => undefined): DataSourceEvent[] {
  return messageEvents(decodeStreamMessage(text), warn);
}

/**
 * {@link streamEvents} of a frame already decoded (e.g. in slices by `SlicedStreamDecoder`).
 *
 * @throws PayloadDecodeError when `decoded` is a failure
 */
export function messageEvents(decoded: E.Either<PayloadDecodeError, StreamMessage | undefined>, warn: (message: string) => void = () => undefined): DataSourceEvent[] {
  if (E.isLeft(decoded)) throw decoded.left;
  const message = decoded.right;
  if (message === undefined) return [];
  switch (message.type) {
    case 'put':
      for (const skipped of message.skipped ?? []) warn(`stream put: ${skipped}`);
      return [
        { type: 'put', data: { flags: message.data.flags ?? {}, segments: message.data.segments ?? {} } },
        { type: 'status', state: 'VALID' },
      ];
    case 'patch':
      return message.kind === 'flags'
        ? [{ type: 'patch', kind: 'flags', data: message.data }]
        : [{ type: 'patch', kind: 'segments', data: message.data }];
    case 'delete':
      return [{ type: 'delete', kind: message.kind, key: message.key, version: message.version }];
  }
}
