import * as E from 'fp-ts/Either';
import type { Flag } from '../../../lib/model/flag';
import { FileFlag, FileSegment } from '../../../lib/model/flag-file';
import type { Segment } from '../../../lib/model/segment';
import { validateFlag } from '../../../lib/server/validation/validate-flag';
import { validateSegment } from '../../../lib/server/validation/validate-segment';
import { lookupOf } from '../util/item-lookup';

type Data = { flags: ReadonlyMap<string, Flag>; segments: ReadonlyMap<string, Segment> };

/**
 * Everything the server would refuse in a flag draft, as the same `path: problem` lines: the
 * server's own schema and validation code runs here, against the environment as the console
 * holds it.
 */
export function flagIssues(draft: Flag, data: Data): string[] {
  const { version: _version, ...body } = draft;
  const decoded = FileFlag.decode(body);
  if (E.isLeft(decoded)) return ['the flag does not match the flag schema (reload it)'];
  return validateFlag(draft, lookupOf(data, { kind: 'flags', item: draft }));
}

/** The same for a segment. */
export function segmentIssues(draft: Segment, data: Data): string[] {
  const { version: _version, ...body } = draft;
  const decoded = FileSegment.decode(body);
  if (E.isLeft(decoded)) return ['the segment does not match the segment schema (reload it)'];
  return validateSegment(draft, lookupOf(data, { kind: 'segments', item: draft }));
}
