import { dependencyKeys } from '../../evaluation/item-dependencies';
import type { Flag } from '../../model/flag';
import { KEY_PATTERN } from '../data-file-schema';
import { findCycle } from './find-cycle';
import type { ItemLookup } from './item-lookup';
import { checkClauses, checkVariationIndex, checkVariationOrRollout } from './rule-checks';

/**
 * Everything wrong with `flag` beyond its JSON schema, as `path: problem` lines (empty when it is
 * valid). `lookup` shows the environment as it would be with `flag` in place.
 *
 * Checked: the key's form; at least one variation; every variation index in range (off
 * variation, fallthrough, rules, targets, rollouts); rollout weights are integers adding up to
 * 100,000; each rule serves a variation or a rollout; rule ids are unique; clause operators are
 * known, attributes present, regexes compile; referenced segments exist; prerequisites exist,
 * ask for a variation the prerequisite has, and form no cycle.
 *
 * @param flag the flag as it would be stored
 * @param lookup the environment with the change applied
 * @param options `cycles: false` leaves the cycle check out (default `true`): an import checks
 *   all its items at once with `cycleGroups` instead of once per item
 */
export function validateFlag(flag: Flag, lookup: ItemLookup, options: { readonly cycles?: boolean } = {}): string[] {
  const issues: string[] = [];
  if (!KEY_PATTERN.test(flag.key)) {
    issues.push(`key: ${JSON.stringify(flag.key)} must be 1-256 letters, digits, '.', '_' or '-'`);
  }
  const count = flag.variations?.length ?? 0;
  if (count === 0) {
    issues.push('variations: a flag needs at least one variation');
    return issues; // every index check below would fail the same way
  }
  if (flag.offVariation !== undefined && flag.offVariation !== null) {
    checkVariationIndex(issues, 'offVariation', flag.offVariation, count);
  }
  if (flag.fallthrough) checkVariationOrRollout(issues, 'fallthrough', flag.fallthrough, count);
  else issues.push('fallthrough: required (a variation or a rollout)');

  (flag.targets ?? []).forEach((target, i) => checkVariationIndex(issues, `targets[${i}].variation`, target.variation, count));
  (flag.contextTargets ?? []).forEach((target, i) =>
    checkVariationIndex(issues, `contextTargets[${i}].variation`, target.variation, count),
  );

  const ruleIds = new Set<string>();
  (flag.rules ?? []).forEach((rule, i) => {
    const path = `rules[${i}]`;
    if (rule.id) {
      if (ruleIds.has(rule.id)) issues.push(`${path}.id: duplicate rule id ${JSON.stringify(rule.id)}`);
      ruleIds.add(rule.id);
    }
    checkClauses(issues, `${path}.clauses`, rule.clauses, lookup);
    checkVariationOrRollout(issues, path, { variation: rule.variation, rollout: rule.rollout }, count);
  });

  checkPrerequisites(issues, flag, lookup, options.cycles !== false);
  return issues;
}

function checkPrerequisites(issues: string[], flag: Flag, lookup: ItemLookup, cycles: boolean): void {
  const seen = new Set<string>();
  (flag.prerequisites ?? []).forEach((prerequisite, i) => {
    const path = `prerequisites[${i}]`;
    if (prerequisite.key === flag.key) {
      issues.push(`${path}.key: a flag cannot be its own prerequisite`);
      return;
    }
    if (seen.has(prerequisite.key)) issues.push(`${path}.key: "${prerequisite.key}" is listed twice`);
    seen.add(prerequisite.key);
    const required = lookup.flag(prerequisite.key);
    if (!required) {
      issues.push(`${path}.key: flag "${prerequisite.key}" does not exist`);
      return;
    }
    checkVariationIndex(issues, `${path}.variation`, prerequisite.variation, required.variations?.length ?? 0);
  });
  if (flag.prerequisites?.some((prerequisite) => prerequisite.key === flag.key) || !cycles) return;
  const cycle = findCycle(flag.key, (key) => {
    const item = key === flag.key ? flag : lookup.flag(key);
    return item ? dependencyKeys('flags', item, 'flags') : [];
  });
  if (cycle) issues.push(`prerequisites: prerequisite cycle ${cycle.join(' → ')}`);
}
