import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import { codecGuard } from '../model/codec-guard';
import { decode } from '../model/decode';
import { Flag } from '../model/flag';
import { FlagData, type FullFlagData } from '../model/flag-data';
import { Segment } from '../model/segment';
import { withoutBadItems } from '../model/skip-bad-items';

/** Longest piece of a JSON syntax error message kept in an issue line. */
const MAX_SYNTAX_MESSAGE = 120;

/**
 * Parses and decodes the body of `GET /sdk/latest-all` (`{"flags":{…},"segments":{…}}`); a
 * missing map is empty.
 *
 * A flag or segment that does not decode is left out and reported to `warn`; the rest is used.
 * A valid body is checked with the codec's compiled guard only (`codecGuard`); io-ts's own
 * decoding runs when the guard fails, for the paths of what is wrong.
 *
 * @param body the response text
 * @param warn receives one line per item left out (default: ignored)
 * @throws PayloadDecodeError (`poll response`) when the body is not JSON or does not match the
 *   schema; its `issues` name each bad path, e.g. `flags.a.version: expected number, got "2"`
 */
export function decodePollResponse(body: string, warn: (message: string) => void = () => undefined): FullFlagData {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, MAX_SYNTAX_MESSAGE) : 'syntax error';
    throw new PayloadDecodeError('poll response', [`(root): expected JSON, got a syntax error (${reason})`]);
  }
  // A valid body is the decoded body itself (the codecs check without transforming, see
  // model/codec-guard.ts): the compiled guard says so without io-ts's allocations. Measured on a
  // body of 10,000 flags (load about 1): 245-361 ms through io-ts for every item, twice, before.
  if (codecGuard(FlagData)(json)) {
    const data = json as FlagData;
    return { flags: data.flags ?? {}, segments: data.segments ?? {} };
  }
  const { input, skipped } = withoutBadItems(json, { flags: Flag, segments: Segment });
  const decoded = decode(FlagData, input, 'poll response');
  if (E.isLeft(decoded)) throw decoded.left;
  for (const line of skipped) warn(`poll response: ${line}`);
  return { flags: decoded.right.flags ?? {}, segments: decoded.right.segments ?? {} };
}
