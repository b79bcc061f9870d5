import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { decode } from './decode';

/** Input with the items that cannot be used taken out, and one warning per item taken out. */
export interface WithoutBadItems {
  /** A shallow copy of the input (and of each item map that lost an item); or the input itself. */
  readonly input: unknown;
  /** One line per item taken out: `flags.checkout skipped: flags.checkout.variations: expected …`. */
  readonly skipped: readonly string[];
}

/**
 * Takes out of a data set the items that do not decode, so that one unusable flag or segment
 * costs only itself, never the whole payload (as LaunchDarkly's SDKs load what they can).
 *
 * `input` is parsed JSON/YAML with item maps as fields (`{ flags: { key: item }, segments: … }`).
 * Each member of each map named in `itemCodecs` is decoded with its codec; one that fails is
 * left out and reported with its path and every problem. Anything else (a map that is not an
 * object, an unknown field, the input itself not being an object) is left for the caller's
 * decoding to report: those are problems of the payload, not of one item.
 *
 * @param input the data set
 * @param itemCodecs the codec of each item map's members, by field name
 * @param prefix the data set's path in the payload, for messages (e.g. `data.` in a stream put)
 */
export function withoutBadItems(input: unknown, itemCodecs: Readonly<Record<string, t.Mixed>>, prefix = ''): WithoutBadItems {
  if (!isPlainObject(input)) return { input, skipped: [] };
  const skipped: string[] = [];
  let copy: Record<string, unknown> | undefined;
  for (const [field, codec] of Object.entries(itemCodecs)) {
    const items = input[field];
    if (!isPlainObject(items)) continue;
    let kept: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(items)) {
      const problem = badItemLine(codec, item, `${prefix}${field}.${key}`);
      if (problem === undefined) continue;
      skipped.push(problem);
      kept ??= { ...items };
      delete kept[key];
    }
    if (kept !== undefined) {
      copy ??= { ...input };
      copy[field] = kept;
    }
  }
  return { input: copy ?? input, skipped };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The warning line for an item that does not decode (`flags.checkout skipped: flags.checkout.variations: expected …`),
 * or `undefined` when it decodes.
 *
 * @param where the item's path in the payload, e.g. `data.flags.checkout`
 */
export function badItemLine(codec: t.Mixed, item: unknown, where: string): string | undefined {
  const decoded = decode(codec, item, where);
  if (E.isRight(decoded)) return undefined;
  const issues = decoded.left.issues.map((issue) => (issue.startsWith('(root)') ? `${where}${issue.slice(6)}` : `${where}.${issue}`));
  return `${where} skipped: ${issues.join('; ')}`;
}
