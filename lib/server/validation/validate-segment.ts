import { dependencyKeys } from '../../evaluation/item-dependencies';
import type { Segment } from '../../model/segment';
import { KEY_PATTERN } from '../data-file-schema';
import { findCycle } from './find-cycle';
import type { ItemLookup } from './item-lookup';
import { checkClauses, checkWeight } from './rule-checks';

/**
 * Everything wrong with `segment` beyond its JSON schema, as `path: problem` lines (empty when
 * it is valid). `lookup` shows the environment as it would be with `segment` in place.
 *
 * Checked: the key's form; rule weights are integers from 0 to 100,000; rule ids are unique;
 * clause operators are known, attributes present, regexes compile; segments referenced by
 * `segmentMatch` clauses exist and no chain of them leads back to this segment.
 *
 * @param segment the segment as it would be stored
 * @param lookup the environment with the change applied
 * @param options `cycles: false` leaves the cycle check out (default `true`): an import checks
 *   all its items at once with `cycleGroups` instead of once per item
 */
export function validateSegment(segment: Segment, lookup: ItemLookup, options: { readonly cycles?: boolean } = {}): string[] {
  const issues: string[] = [];
  if (!KEY_PATTERN.test(segment.key)) {
    issues.push(`key: ${JSON.stringify(segment.key)} must be 1-256 letters, digits, '.', '_' or '-'`);
  }
  const ruleIds = new Set<string>();
  (segment.rules ?? []).forEach((rule, i) => {
    const path = `rules[${i}]`;
    if (rule.id) {
      if (ruleIds.has(rule.id)) issues.push(`${path}.id: duplicate rule id ${JSON.stringify(rule.id)}`);
      ruleIds.add(rule.id);
    }
    if (rule.weight !== undefined && rule.weight !== null) checkWeight(issues, `${path}.weight`, rule.weight);
    checkClauses(issues, `${path}.clauses`, rule.clauses, lookup);
  });
  if (options.cycles === false) return issues;
  const cycle = findCycle(segment.key, (key) => {
    const item = key === segment.key ? segment : lookup.segment(key);
    return item ? dependencyKeys('segments', item, 'segments') : [];
  });
  if (cycle) issues.push(`rules: segment cycle ${cycle.join(' → ')}`);
  return issues;
}
