import * as E from 'fp-ts/Either';
import type { Logger } from '../../logging/logger';
import type { DataKind } from '../../model/data-kind';
import { decode } from '../../model/decode';
import { Flag } from '../../model/flag';
import { Segment } from '../../model/segment';

/**
 * Turns the fields of a Redis hash (item key → JSON text) back into flags or segments. Data read
 * from Redis crossed a process boundary and anyone may have written it, so every item is
 * checked against the io-ts codec (a valid item passes the codec's guard and is used as parsed;
 * only an invalid one pays for the full decode that names each bad path).
 *
 * An entry that is not JSON, does not match the schema, or holds an item whose `key` differs from
 * its field is skipped; the others load. Each skipped entry is logged (`error`) with its key and
 * the problem, once for as long as the same bad text stays in place, so a daemon reading every
 * few seconds does not repeat the line; a new bad text is logged again.
 */
export class StoredItemDecoder {
  /** Per kind: field → the bad text already reported. Rebuilt on every read, so it never grows stale. */
  private readonly reported: Record<DataKind, Map<string, string>> = { flags: new Map(), segments: new Map() };

  constructor(
    /** The store's description, for log lines. */
    private readonly description: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Decodes every field of one hash.
   *
   * @param kind which codec applies
   * @param hashName the hash's Redis key, for log lines (e.g. `flagstream:flags`)
   * @param fields the hash as HGETALL returns it
   * @returns the valid items, keyed by their key (an own property even for a key like `__proto__`)
   */
  decode(kind: DataKind, hashName: string, fields: Readonly<Record<string, string>>): Record<string, Flag | Segment> {
    const items: [string, Flag | Segment][] = [];
    const reported = new Map<string, string>();
    for (const [field, text] of Object.entries(fields)) {
      const result = this.decodeOne(kind, field, text);
      if (E.isRight(result)) {
        items.push([field, result.right]);
        continue;
      }
      reported.set(field, text);
      if (this.reported[kind].get(field) === text) continue;
      const what = kind === 'flags' ? 'flag' : 'segment';
      this.logger.error(`${this.description}: skipped ${what} ${JSON.stringify(field)} in hash ${hashName}: ${result.left}`);
    }
    this.reported[kind] = reported;
    return Object.fromEntries(items);
  }

  private decodeOne(kind: DataKind, field: string, text: string): E.Either<string, Flag | Segment> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return E.left(`not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const codec = kind === 'flags' ? Flag : Segment;
    let item: Flag | Segment;
    if (codec.is(parsed)) {
      item = parsed;
    } else {
      const decoded = decode<Flag | Segment, unknown>(codec, parsed, 'item');
      if (E.isLeft(decoded)) return E.left(decoded.left.issues.join('; '));
      item = decoded.right;
    }
    if (item.key !== field) return E.left(`the item's key is ${JSON.stringify(item.key)}, not its field's`);
    return E.right(item);
  }
}
