import { extname } from 'node:path';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { parse as parseYaml } from 'yaml';
import { decode } from '../model/decode';
import { FileFlag, FileSegment, FlagFile } from '../model/flag-file';
import { withoutBadItems } from '../model/skip-bad-items';
import { FlagFileProblem, invalidData } from './flag-file-problem';

/** Longest parser message kept in a problem (YAML errors quote the offending source). */
const MAX_PARSER_MESSAGE_CHARS = 300;
/**
 * Deepest nesting of arrays/objects accepted. Real flag files nest about ten levels; a hostile
 * file nested hundreds of thousands deep would overflow the stack of recursive code later on.
 */
export const MAX_FLAG_FILE_DEPTH = 1000;

/**
 * True when `path` is read as YAML: its extension is `.yml` or `.yaml` (any case). Every other
 * file is read as JSON.
 */
export function isYamlPath(path: string): boolean {
  const extension = extname(path).toLowerCase();
  return extension === '.yml' || extension === '.yaml';
}

/**
 * Parses and decodes the text of one flag file (LaunchDarkly's file format: `flags`,
 * `flagValues`, `segments`), never throwing.
 *
 * JSON or YAML is chosen by {@link isYamlPath}. YAML is read as YAML 1.2 with duplicate map keys
 * rejected, at most 100 alias expansions (no "billion laughs") and no self-referencing anchors;
 * merge keys (`<<: *base`, from YAML 1.1, widely used to share a base flag) are applied.
 * Data nested deeper than {@link MAX_FLAG_FILE_DEPTH} levels is refused.
 * (In JSON, a key repeated within one object is not detected: the last one wins, as with
 * `JSON.parse`.) An empty file is an error: it is most often a file caught half-written.
 *
 * A flag or segment that does not decode is left out and listed in `skipped` (the rest of the
 * file is used), as LaunchDarkly's SDKs load what they can; only a file whose structure is wrong
 * (not JSON/YAML, `flags` not a map…) is a problem.
 *
 * @param path the file's path, used to pick the parser and to prefix every message
 * @param text the file's contents
 * @returns the decoded file, or a problem such as
 *   `/etc/flags.json: flags.checkout.variations: expected Array<unknown> or null, got 5`
 */
export function parseFlagFile(path: string, text: string): E.Either<FlagFileProblem, ParsedFlagFile> {
  return pipe(
    parseText(path, text),
    E.flatMap((parsed) => checkDepth(path, parsed)),
    E.flatMap((parsed) => decodeFlagFile(path, parsed)),
  );
}

function parseText(path: string, text: string): E.Either<FlagFileProblem, unknown> {
  if (text.trim() === '') return E.left(invalidData(path, 'file is empty'));
  const yaml = isYamlPath(path);
  return E.tryCatch(
    () => (yaml ? parseYamlAsJson(text) : JSON.parse(text)),
    (error) => invalidData(path, `invalid ${yaml ? 'YAML' : 'JSON'}: ${shortMessage(error)}`),
  );
}

/**
 * Parses YAML into plain JSON data. YAML anchors can build self-referencing structures, which
 * would make later code loop forever; the JSON round trip rejects them ("circular structure")
 * and turns shared references into copies.
 */
function parseYamlAsJson(text: string): unknown {
  const parsed: unknown = parseYaml(text, { uniqueKeys: true, maxAliasCount: 100, merge: true });
  const json = JSON.stringify(parsed);
  return json === undefined ? undefined : JSON.parse(json);
}

function checkDepth(path: string, parsed: unknown): E.Either<FlagFileProblem, unknown> {
  const pending: Array<[unknown, number]> = [[parsed, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_FLAG_FILE_DEPTH) {
      return E.left(invalidData(path, `data is nested more than ${MAX_FLAG_FILE_DEPTH} levels deep`));
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return E.right(parsed);
}

/** A decoded flag file and the items left out of it (`<path>: flags.x skipped: flags.x.on: …`). */
export interface ParsedFlagFile {
  readonly file: FlagFile;
  readonly skipped: readonly string[];
}

function decodeFlagFile(path: string, parsed: unknown): E.Either<FlagFileProblem, ParsedFlagFile> {
  const { input, skipped } = withoutBadItems(parsed, { flags: FileFlag, segments: FileSegment });
  return pipe(
    decode(FlagFile, input, `flag file ${path}`),
    E.mapLeft((error) => invalidData(path, error.issues.join('; '))),
    E.map((file) => ({ file, skipped: skipped.map((line) => `${path}: ${line}`) })),
  );
}

/** The first line of a parser's message (YAML appends a source excerpt after `line L, column C:`). */
function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const message = text.split('\n', 1)[0].trim().replace(/:$/, '');
  return message.length > MAX_PARSER_MESSAGE_CHARS ? `${message.slice(0, MAX_PARSER_MESSAGE_CHARS)}…` : message;
}
