import { dependencyKeys } from '../../evaluation/item-dependencies';
import type { DataKind } from '../../model/data-kind';
import { cycleGroups } from './cycle-groups';
import { findCycle } from './find-cycle';
import type { ItemLookup } from './item-lookup';

/** Keys of a cycle shown in a problem line; a longer cycle is shortened with its length. */
const CYCLE_KEYS_SHOWN = 10;

/**
 * The prerequisite cycles (`kind` flags) or segment cycles (`kind` segments) among all the items
 * of `lookup`, for checking many items at once (an import, a copy, a data file): one pass over
 * the whole environment ({@link cycleGroups}), where `validateFlag` / `validateSegment` of each
 * item search the graph once per item (the square of a chain's length). Each cycle is reported
 * once, through its first item that is `concerned` (every item when omitted), as the line those
 * functions give (`prerequisites: prerequisite cycle a → b → a`, `rules: segment cycle s → t → s`),
 * shortened past 10 keys. A flag that is its own prerequisite is left to `validateFlag`.
 *
 * @param lookup the environment as it would be
 * @param kind which cycles
 * @param concerned the keys being changed: cycles through none of them are not reported
 * @returns the problem line, by the key it is reported on
 */
export function cycleProblems(lookup: ItemLookup, kind: DataKind, concerned?: ReadonlySet<string>): Map<string, string> {
  const keys: string[] = [];
  for (const item of kind === 'flags' ? lookup.flags() : lookup.segments()) keys.push(item.key);
  const edges = (key: string): string[] => {
    const item = kind === 'flags' ? lookup.flag(key) : lookup.segment(key);
    return item ? dependencyKeys(kind, item, kind) : [];
  };
  const problems = new Map<string, string>();
  for (const group of cycleGroups(keys, edges)) {
    if (kind === 'flags' && group.length === 1) continue;
    const start = concerned === undefined ? group[0] : group.find((key) => concerned.has(key));
    if (start === undefined) continue;
    const members = new Set(group);
    const cycle = findCycle(start, (key) => edges(key).filter((next) => members.has(next))) ?? [start, start];
    const text = cycle.length <= CYCLE_KEYS_SHOWN + 1 ? cycle.join(' → ') : `${cycle.slice(0, CYCLE_KEYS_SHOWN).join(' → ')} → … (${cycle.length - 1} items) → ${start}`;
    problems.set(start, kind === 'flags' ? `prerequisites: prerequisite cycle ${text}` : `rules: segment cycle ${text}`);
  }
  return problems;
}
