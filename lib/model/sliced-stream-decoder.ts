import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import type { PayloadDecodeError } from '../errors/payload-decode-error';
import { codecGuard } from './codec-guard';
import { badItemLine } from './skip-bad-items';
import { SlicedJsonParser } from './sliced-json-parser';
import { type DecodedPutMessage, decodeParsedStreamMessage, decodePut, decodeStreamMessage, ITEM_CODECS, PutMessage, type StreamMessage } from './stream-message';

type ItemKind = keyof typeof ITEM_CODECS;

/**
 * {@link decodeStreamMessage} in steps, for very large frames (a `put` of 100,000 flags is
 * about 50 MB of JSON: parsed and checked at once it blocks the event loop for seconds). Each
 * {@link step} works until the caller's `timeUp()` says stop; between steps the caller lets the
 * event loop run.
 *
 * The frame is parsed with {@link SlicedJsonParser}, split at each item of `data.flags` and
 * `data.segments`, and each item is checked with its codec as soon as it is parsed (the compiled
 * guard, and io-ts's `decode` for the path-naming issues of one that fails). The answer is the
 * one {@link decodeStreamMessage} gives for the same text, including the warning line of each
 * item left out of a put; a text that is not JSON, or a put whose `data` or item maps are not
 * objects, is handed to {@link decodeStreamMessage} whole for its exact error (not a case worth
 * slicing).
 */
export class SlicedStreamDecoder {
  private readonly parser: SlicedJsonParser;
  /** Per item map: the warning line of each item (by key) whose last occurrence did not decode. */
  private readonly bad: Record<ItemKind, Map<string, string>> = { flags: new Map(), segments: new Map() };
  private answer: E.Either<PayloadDecodeError, StreamMessage | undefined> | undefined;

  constructor(private readonly text: string) {
    this.parser = new SlicedJsonParser(text, { splitDepth: 3, onValue: (path, value) => this.check(path, value) });
  }

  /**
   * Works until the frame is decoded or `timeUp()` (asked every few items) says to stop.
   *
   * @returns `true` when done ({@link result} is ready), `false` when there is more to do
   */
  step(timeUp: () => boolean): boolean {
    if (this.answer !== undefined) return true;
    if (!this.parser.step(timeUp)) return false;
    this.answer = this.parser.failed !== undefined ? decodeStreamMessage(this.text) : decodeParsedStreamMessage(this.parser.value, (json) => this.decodePut(json));
    return true;
  }

  /**
   * What {@link decodeStreamMessage} answers for the frame.
   * @throws Error when called before {@link step} returned `true`
   */
  result(): E.Either<PayloadDecodeError, StreamMessage | undefined> {
    if (this.answer === undefined) throw new Error('SlicedStreamDecoder.result() called before the last step');
    return this.answer;
  }

  /** Checks an item of `data.flags` / `data.segments` as soon as it is parsed. */
  private check(path: readonly string[], value: unknown): void {
    if (path[0] !== 'data' || (path[1] !== 'flags' && path[1] !== 'segments')) return;
    const kind: ItemKind = path[1];
    const key = path[2];
    const codec = ITEM_CODECS[kind];
    const problem = codecGuard(codec)(value) ? undefined : badItemLine(codec, value, `data.${kind}.${key}`);
    if (problem === undefined) this.bad[kind].delete(key);
    else this.bad[kind].set(key, problem);
  }

  /** A put whose items were all checked while parsing: `decodePut` without checking them again. */
  private decodePut(json: { data?: unknown }): E.Either<PayloadDecodeError, DecodedPutMessage> {
    const data = json.data;
    if (!t.UnknownRecord.is(data)) return decodePut(json);
    const maps: Partial<Record<ItemKind, Record<string, unknown>>> = {};
    for (const kind of ['flags', 'segments'] as const) {
      const items = data[kind];
      if (items === undefined) continue;
      if (!t.UnknownRecord.is(items)) return decodePut(json);
      maps[kind] = items;
    }
    // Everything but the items (checked one by one above), as the put's codec sees it.
    const shell = { ...json, data: { ...data, ...(maps.flags ? { flags: {} } : {}), ...(maps.segments ? { segments: {} } : {}) } };
    if (!codecGuard(PutMessage)(shell)) return decodePut(json);
    if (this.bad.flags.size === 0 && this.bad.segments.size === 0) return E.right(json as PutMessage);
    // Some items did not decode: leave them out, with one line each, in the order of the maps.
    const skipped: string[] = [];
    const kept: Record<string, unknown> = { ...data };
    for (const kind of ['flags', 'segments'] as const) {
      const items = maps[kind];
      if (items === undefined || this.bad[kind].size === 0) continue;
      let copy: Record<string, unknown> | undefined;
      for (const key of Object.keys(items)) {
        const problem = this.bad[kind].get(key);
        if (problem === undefined) continue;
        skipped.push(problem);
        copy ??= { ...items };
        delete copy[key];
      }
      if (copy !== undefined) kept[kind] = copy;
    }
    if (skipped.length === 0) return E.right(json as PutMessage);
    return E.right({ ...(json as PutMessage), data: kept as PutMessage['data'], skipped });
  }
}
