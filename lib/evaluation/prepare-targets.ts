import { USER_KIND } from '../context/context-kind';
import type { EvaluationContext } from '../context/evaluation-context';
import type { Flag } from '../model/flag';
import type { EvaluationDetail } from './evaluation-reason';
import { MALFORMED_FLAG, REASON_TARGET_MATCH, variationDetail } from './evaluation-results';

/** Finds the individual-target result for a context, or `undefined` when no target lists it. */
export type TargetMatcher = (context: EvaluationContext) => EvaluationDetail | undefined;

/**
 * Compiles a flag's individual targets (docs/evaluation.md, "Targets") into one Map per context kind from key to
 * the position of the first target entry listing it, so a lookup costs one Map access per kind.
 *
 * Order and meaning follow the Node SDK: without `contextTargets`, the `targets` (user keys) in
 * order; with them, the `contextTargets` in order, where a `user` entry (or one without
 * `contextKind`) stands for the first `targets` entry with the same variation (skipped when there
 * is none). The first entry listing the context's key of its kind wins, with `TARGET_MATCH` (or
 * `MALFORMED_FLAG` for a variation out of range). A legacy user's `""` key can match.
 *
 * @param flag the flag
 * @param warnings receives warnings (variation out of range)
 * @returns the matcher, or `undefined` when the flag has no targets
 */
export function prepareTargets(flag: Flag, warnings: string[]): TargetMatcher | undefined {
  const variations = flag.variations ?? [];
  const targets = flag.targets ?? [];
  const entries: { kind: string; values: readonly string[]; variation: number }[] = [];
  const contextTargets = flag.contextTargets ?? [];
  if (contextTargets.length === 0) {
    for (const target of targets) entries.push({ kind: USER_KIND, values: target.values, variation: target.variation });
  } else {
    for (const target of contextTargets) {
      if (!target.contextKind || target.contextKind === USER_KIND) {
        const userTarget = targets.find((t) => t.variation === target.variation);
        if (userTarget !== undefined) entries.push({ kind: USER_KIND, values: userTarget.values, variation: userTarget.variation });
      } else {
        entries.push({ kind: target.contextKind, values: target.values ?? [], variation: target.variation });
      }
    }
  }
  const results: EvaluationDetail[] = [];
  const byKind = new Map<string, Map<string, number>>();
  entries.forEach((entry, position) => {
    const detail = variationDetail(variations, entry.variation, REASON_TARGET_MATCH);
    if (detail === MALFORMED_FLAG) warnings.push(`targets: variation ${entry.variation} is out of range`);
    results.push(detail);
    let keys = byKind.get(entry.kind);
    if (keys === undefined) byKind.set(entry.kind, (keys = new Map()));
    for (const key of entry.values) if (!keys.has(key)) keys.set(key, position);
  });
  for (const [kind, keys] of byKind) if (keys.size === 0) byKind.delete(kind);
  if (byKind.size === 0) return undefined;
  const kinds = [...byKind.keys()];
  const maps = [...byKind.values()];
  if (kinds.length === 1) {
    const kind = kinds[0];
    const keys = maps[0];
    return (context) => {
      const part = context.individual(kind);
      if (part === undefined) return undefined;
      const position = keys.get(part.key);
      return position === undefined ? undefined : results[position];
    };
  }
  return (context) => {
    let best = -1;
    for (let i = 0; i < kinds.length; i++) {
      const part = context.individual(kinds[i]);
      if (part === undefined) continue;
      const position = maps[i].get(part.key);
      if (position !== undefined && (best < 0 || position < best)) best = position;
    }
    return best < 0 ? undefined : results[best];
  };
}
