import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import { decode } from './decode';
import { Flag } from './flag';
import { FlagData } from './flag-data';
import { Segment } from './segment';

/** Stream frame `{"type":"put","data":{"flags":{…},"segments":{…}}}`: the whole data set. */
export const PutMessage = t.type({ type: t.literal('put'), data: FlagData }, 'PutMessage');
export type PutMessage = t.TypeOf<typeof PutMessage>;

/** Stream frame `{"type":"patch","kind":"flags","data":{…flag…}}`. */
export const FlagPatchMessage = t.type(
  { type: t.literal('patch'), kind: t.literal('flags'), data: Flag },
  'FlagPatchMessage',
);
export type FlagPatchMessage = t.TypeOf<typeof FlagPatchMessage>;

/** Stream frame `{"type":"patch","kind":"segments","data":{…segment…}}`. */
export const SegmentPatchMessage = t.type(
  { type: t.literal('patch'), kind: t.literal('segments'), data: Segment },
  'SegmentPatchMessage',
);
export type SegmentPatchMessage = t.TypeOf<typeof SegmentPatchMessage>;

/** Stream frame `{"type":"delete","kind":"flags"|"segments","key":"k","version":n}`: a tombstone. */
export const DeleteMessage = t.type(
  {
    type: t.literal('delete'),
    kind: t.union([t.literal('flags'), t.literal('segments')]),
    key: t.string,
    version: t.number,
  },
  'DeleteMessage',
);
export type DeleteMessage = t.TypeOf<typeof DeleteMessage>;

/** Every stream frame an SDK acts on (docs/protocol.md, "Stream"). */
export type StreamMessage = PutMessage | FlagPatchMessage | SegmentPatchMessage | DeleteMessage;

/** The fields read first, to pick the codec: `type`, and `kind` for patch and delete. */
const Envelope = t.type({ type: t.string }, 'StreamMessage');
const KindEnvelope = t.type({ kind: t.string }, 'StreamMessage');

/** Longest piece of a JSON syntax error message kept in an issue line. */
const MAX_SYNTAX_MESSAGE = 120;

/**
 * Parses and decodes the text of one stream frame.
 *
 * - Right(message) for a valid `put`, `patch` or `delete`;
 * - Right(undefined) for a frame to ignore (forward compatibility): an unknown `type`, or a
 *   `patch`/`delete` of an unknown `kind`;
 * - Left({@link PayloadDecodeError}) when the text is not JSON or the frame does not match its
 *   schema; `issues` name each bad path, e.g. `data.rules[0].clauses[0].op: expected string, got 7`.
 *
 * ## Example
 * ```ts
 * decodeStreamMessage('{"type":"delete","kind":"flags","key":"a","version":3}');
 * // right({ type: 'delete', kind: 'flags', key: 'a', version: 3 })
 * ```
 */
export function decodeStreamMessage(text: string): E.Either<PayloadDecodeError, StreamMessage | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, MAX_SYNTAX_MESSAGE) : 'syntax error';
    return E.left(new PayloadDecodeError('stream message', [`(root): expected JSON, got a syntax error (${reason})`]));
  }
  const envelope = decode(Envelope, json, 'stream message');
  if (E.isLeft(envelope)) return envelope;
  const type = envelope.right.type;
  const what = `stream ${type} message`;
  switch (type) {
    case 'put':
      return decode(PutMessage, json, what);
    case 'patch':
    case 'delete': {
      const kinded = decode(KindEnvelope, json, what);
      if (E.isLeft(kinded)) return kinded;
      const kind = kinded.right.kind;
      if (kind !== 'flags' && kind !== 'segments') return E.right(undefined);
      if (type === 'delete') return decode(DeleteMessage, json, what);
      return kind === 'flags' ? decode(FlagPatchMessage, json, what) : decode(SegmentPatchMessage, json, what);
    }
    default:
      return E.right(undefined);
  }
}
