import type { DataKind } from '../../model/data-kind';
import type { ItemLookup } from './item-lookup';
import { dependencyKeys } from '../../evaluation/item-dependencies';

/**
 * Which live items refer to the flag or segment `key`, as `flags/<key>` / `segments/<key>`
 * strings: the flags that list a flag as a prerequisite, or the flags and segments whose
 * `segmentMatch` clauses name a segment. A referenced item cannot be deleted.
 *
 * @param kind the kind of the item about to be deleted
 * @param key its key
 * @param lookup the current environment
 */
export function findDependents(kind: DataKind, key: string, lookup: ItemLookup): string[] {
  const dependents: string[] = [];
  for (const flag of lookup.flags()) {
    if (flag.key === key && kind === 'flags') continue;
    const refs = dependencyKeys('flags', flag, kind);
    if (refs.includes(key)) dependents.push(`flags/${flag.key}`);
  }
  if (kind === 'segments') {
    for (const segment of lookup.segments()) {
      if (segment.key !== key && dependencyKeys('segments', segment, 'segments').includes(key)) dependents.push(`segments/${segment.key}`);
    }
  }
  return dependents.sort();
}
