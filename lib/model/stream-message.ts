import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import { codecGuard } from './codec-guard';
import { decode } from './decode';
import { Flag } from './flag';
import { FlagData } from './flag-data';
import { Segment } from './segment';
import { withoutBadItems } from './skip-bad-items';

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

/**
 * A decoded `put`: `skipped` lists the flags and segments left out because they do not decode
 * (see `withoutBadItems`), each with its path and problems.
 */
export type DecodedPutMessage = PutMessage & { readonly skipped?: readonly string[] };

/** Every stream frame an SDK acts on (docs/protocol.md, "Stream"). */
export type StreamMessage = DecodedPutMessage | FlagPatchMessage | SegmentPatchMessage | DeleteMessage;

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
 * The text is parsed once, and only the one codec its `type` and `kind` call for is applied
 * (see {@link decodeValid} for how a valid frame is decoded without allocating).
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
  return decodeParsedStreamMessage(json);
}

/**
 * {@link decodeStreamMessage} of a frame already parsed from JSON. `decodePutWith` decodes a
 * frame whose `type` is `put` (default: {@link decodePut}; `SlicedStreamDecoder` passes one
 * that uses the item checks it made while parsing).
 */
export function decodeParsedStreamMessage(
  json: unknown,
  decodePutWith: (json: { data?: unknown }) => E.Either<PayloadDecodeError, DecodedPutMessage> = decodePut,
): E.Either<PayloadDecodeError, StreamMessage | undefined> {
  const envelope = decodeValid(Envelope, json, 'stream message');
  if (E.isLeft(envelope)) return envelope;
  const type = envelope.right.type;
  switch (type) {
    case 'put':
      return decodePutWith(json as { data?: unknown });
    case 'patch':
    case 'delete': {
      const what = `stream ${type} message`;
      const kinded = decodeValid(KindEnvelope, json, what);
      if (E.isLeft(kinded)) return kinded;
      const kind = kinded.right.kind;
      if (kind !== 'flags' && kind !== 'segments') return E.right(undefined);
      if (type === 'delete') return decodeValid(DeleteMessage, json, what);
      return kind === 'flags' ? decodeValid(FlagPatchMessage, json, what) : decodeValid(SegmentPatchMessage, json, what);
    }
    default:
      return E.right(undefined);
  }
}

/**
 * A `put`: at once when valid (the fast path); otherwise without the items that do not decode,
 * so that one unusable flag or segment costs only itself, never the whole data set.
 */
export function decodePut(json: { data?: unknown }): E.Either<PayloadDecodeError, DecodedPutMessage> {
  if (codecGuard(PutMessage)(json)) return E.right(json as PutMessage);
  const { input, skipped } = withoutBadItems(json.data, ITEM_CODECS, 'data.');
  const decoded = decode(PutMessage, { ...json, data: input }, 'stream put message');
  if (E.isLeft(decoded) || skipped.length === 0) return decoded;
  return E.right({ ...decoded.right, skipped });
}

/** The codec of each item map of a put's `data`. */
export const ITEM_CODECS = { flags: Flag, segments: Segment } as const;

/**
 * {@link decode} with a fast path for valid input: if the codec's compiled type guard
 * ({@link codecGuard}) holds, `input` itself is the result. Equivalent to `decode` for the stream
 * codecs, which are built only from io-ts combinators that check without transforming (see
 * `codec-guard.ts`; spec/model/stream-message.spec.ts walks the codecs to keep it so). Invalid
 * input goes through `decode` for its path-naming issues.
 */
function decodeValid<A>(codec: t.Type<A, unknown, unknown>, input: unknown, what: string): E.Either<PayloadDecodeError, A> {
  return codecGuard(codec)(input) ? E.right(input as A) : decode(codec, input, what);
}
