import type { EvaluationLookup } from '../../evaluation/evaluation-lookup';
import { type PreparedFlag, prepareFlag } from '../../evaluation/prepared-flag';
import { type PreparedSegment, prepareSegment } from '../../evaluation/prepared-segment';
import type { Flag } from '../../model/flag';
import type { Segment } from '../../model/segment';
import type { ItemLookup } from '../validation/item-lookup';

/** Flags and segments prepared for evaluation, per stored item object (items are replaced, never changed, on each change). */
const preparedFlags = new WeakMap<Flag, PreparedFlag>();
const preparedSegments = new WeakMap<Segment, PreparedSegment>();

/** The prepared form of a stored flag (prepared once per version, then reused). */
export function preparedFlag(flag: Flag): PreparedFlag {
  let prepared = preparedFlags.get(flag);
  if (prepared === undefined) preparedFlags.set(flag, (prepared = prepareFlag(flag)));
  return prepared;
}

/** The prepared form of a stored segment (prepared once per version, then reused). */
export function preparedSegment(segment: Segment): PreparedSegment {
  let prepared = preparedSegments.get(segment);
  if (prepared === undefined) preparedSegments.set(segment, (prepared = prepareSegment(segment)));
  return prepared;
}

/**
 * An evaluation lookup over an environment's live items, as an SDK connected to it would see
 * them (deleted items are absent).
 */
export function evaluationLookup(items: ItemLookup): EvaluationLookup {
  return {
    getFlag(key) {
      const flag = items.flag(key);
      return flag === undefined || flag.deleted ? undefined : preparedFlag(flag);
    },
    getSegment(key) {
      const segment = items.segment(key);
      return segment === undefined || segment.deleted ? undefined : preparedSegment(segment);
    },
  };
}
