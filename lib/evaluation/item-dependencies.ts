import type { Clause } from '../model/clause';
import type { Flag } from '../model/flag';
import type { Segment } from '../model/segment';
import type { DataKind, ItemRef } from '../model/data-kind';
import { SEGMENT_MATCH } from './clause-operators';

/**
 * The items one flag or segment depends on — the one definition used by the SDK's store
 * (dependency graph, change propagation; docs/evaluation.md, "Change propagation") and by the flag server (deletion checks, cycles): a flag depends on each of its
 * prerequisite flags and on every segment named in a `segmentMatch` clause of its rules; a segment
 * depends on every segment named in a `segmentMatch` clause of its rules.
 *
 * Tolerant of odd-but-valid data: missing or `null` arrays, `null` entries, clause values that are
 * not strings (skipped: they can never name a segment) and unknown operators (not dependencies).
 * Duplicates are returned once; an item may depend on itself (a cycle of length one).
 *
 * @param kind which collection `item` belongs to
 * @param item a decoded flag or segment
 * @returns the dependencies, prerequisites first, in order of first appearance
 */
export function itemDependencies(kind: DataKind, item: Flag | Segment): ItemRef[] {
  // Called on every patch: no closure, and the duplicate check's set only once something is found.
  const refs: ItemRef[] = [];
  let seen: Set<string> | undefined;
  if (kind === 'flags') {
    const prerequisites = (item as Flag).prerequisites;
    if (Array.isArray(prerequisites)) {
      for (const prerequisite of prerequisites) {
        if (prerequisite !== null && typeof prerequisite === 'object' && typeof prerequisite.key === 'string') {
          seen = add(refs, seen, 'flags', prerequisite.key);
        }
      }
    }
  }
  const rules: ReadonlyArray<{ clauses?: Clause[] | null } | null> | null | undefined = item.rules;
  if (!Array.isArray(rules)) return refs;
  for (const rule of rules) {
    if (rule === null || typeof rule !== 'object' || !Array.isArray(rule.clauses)) continue;
    for (const clause of rule.clauses) {
      if (clause === null || typeof clause !== 'object' || clause.op !== SEGMENT_MATCH) continue;
      if (!Array.isArray(clause.values)) continue;
      for (const value of clause.values) {
        if (typeof value === 'string') seen = add(refs, seen, 'segments', value);
      }
    }
  }
  return refs;
}

/** Appends a reference unless already listed; returns the (possibly created) set of listed ids. */
function add(refs: ItemRef[], seen: Set<string> | undefined, kind: DataKind, key: string): Set<string> {
  const ids = seen ?? new Set<string>();
  const id = kind === 'flags' ? `f${key}` : `s${key}`;
  if (ids.has(id)) return ids;
  ids.add(id);
  refs.push({ kind, key });
  return ids;
}

/**
 * The keys of one kind that an item depends on (see {@link itemDependencies}): a flag's
 * prerequisites (`'flags'`), or the segments named by its or a segment's rules (`'segments'`).
 *
 * @param kind which collection `item` belongs to
 * @param item a flag or segment
 * @param of the kind of dependency wanted
 */
export function dependencyKeys(kind: DataKind, item: Flag | Segment, of: DataKind): string[] {
  const keys: string[] = [];
  for (const ref of itemDependencies(kind, item)) if (ref.kind === of) keys.push(ref.key);
  return keys;
}
