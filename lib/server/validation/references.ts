import type { Clause } from '../../model/clause';
import type { Flag } from '../../model/flag';
import type { Segment } from '../../model/segment';

/** The segment keys named by `segmentMatch` clauses. */
export function segmentKeysIn(clauses: readonly (readonly Clause[] | null | undefined)[]): string[] {
  const keys: string[] = [];
  for (const list of clauses) {
    for (const clause of list ?? []) {
      if (clause.op !== 'segmentMatch') continue;
      for (const value of clause.values ?? []) if (typeof value === 'string') keys.push(value);
    }
  }
  return keys;
}

/** The segments a flag's rules reference. */
export function segmentsOfFlag(flag: Flag): string[] {
  return segmentKeysIn((flag.rules ?? []).map((rule) => rule.clauses));
}

/** The segments a segment's rules reference (nested segments). */
export function segmentsOfSegment(segment: Segment): string[] {
  return segmentKeysIn((segment.rules ?? []).map((rule) => rule.clauses));
}

/** The flags a flag needs as prerequisites. */
export function prerequisitesOfFlag(flag: Flag): string[] {
  return (flag.prerequisites ?? []).map((prerequisite) => prerequisite.key);
}
