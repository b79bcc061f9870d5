import * as E from 'fp-ts/Either';
import { PayloadDecodeError } from '../errors/payload-decode-error';
import { decode } from '../model/decode';
import { FlagData, type FullFlagData } from '../model/flag-data';

/** Longest piece of a JSON syntax error message kept in an issue line. */
const MAX_SYNTAX_MESSAGE = 120;

/**
 * Parses and decodes the body of `GET /sdk/latest-all` (`{"flags":{…},"segments":{…}}`); a
 * missing map is empty.
 *
 * @param body the response text
 * @throws PayloadDecodeError (`poll response`) when the body is not JSON or does not match the
 *   schema; its `issues` name each bad path, e.g. `flags.a.version: expected number, got "2"`
 */
export function decodePollResponse(body: string): FullFlagData {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, MAX_SYNTAX_MESSAGE) : 'syntax error';
    throw new PayloadDecodeError('poll response', [`(root): expected JSON, got a syntax error (${reason})`]);
  }
  const decoded = decode(FlagData, json, 'poll response');
  if (E.isLeft(decoded)) throw decoded.left;
  return { flags: decoded.right.flags ?? {}, segments: decoded.right.segments ?? {} };
}
