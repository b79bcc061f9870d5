import type { Flag } from '../../model/flag';
import type { ContextTarget, Target } from '../../model/target';

/**
 * Adds context keys to a flag's individual targets for one variation and context kind, and takes
 * them out of the other variations' lists of that kind (a key is targeted to one variation).
 * User keys (kind `user` or none) go to the legacy `targets` list; when the flag also has
 * `contextTargets`, a user placeholder for the variation is added there so the evaluation order
 * includes it (docs/evaluation.md, "Flags").
 */
export function addTargets(flag: Flag, variation: number, values: readonly string[], contextKind = 'user'): void {
  removeTargets(flag, undefined, values, contextKind);
  if (contextKind === 'user') {
    const targets = (flag.targets ??= []);
    const entry = targets.find((target) => target.variation === variation) ?? push(targets, { variation, values: [] });
    entry.values = union(entry.values, values);
    const contextTargets = flag.contextTargets ?? [];
    if (contextTargets.length > 0 && !contextTargets.some((target) => isUser(target) && target.variation === variation)) {
      contextTargets.push({ contextKind: 'user', variation, values: [] });
    }
    return;
  }
  const contextTargets = (flag.contextTargets ??= []);
  const entry =
    contextTargets.find((target) => target.contextKind === contextKind && target.variation === variation) ??
    push(contextTargets, { contextKind, variation, values: [] });
  entry.values = union(entry.values ?? [], values);
}

/**
 * Removes context keys from a flag's individual targets of one context kind: from one
 * variation's list, or from every variation's when `variation` is `undefined`. Lists left empty
 * are dropped (with their user placeholder). Keys that are not targeted are ignored.
 */
export function removeTargets(flag: Flag, variation: number | undefined, values: readonly string[], contextKind = 'user'): void {
  const drop = new Set(values);
  const matches = (target: { variation: number }) => variation === undefined || target.variation === variation;
  const emptied = new Set<number>();
  if (contextKind === 'user' && flag.targets) {
    for (const target of flag.targets.filter(matches)) {
      target.values = target.values.filter((value) => !drop.has(value));
      if (target.values.length === 0) emptied.add(target.variation);
    }
    flag.targets = flag.targets.filter((target) => target.values.length > 0);
  }
  if (flag.contextTargets) {
    flag.contextTargets = flag.contextTargets.filter((target) => {
      if (isUser(target)) return !(contextKind === 'user' && emptied.has(target.variation) && (target.values ?? []).length === 0);
      if (target.contextKind !== contextKind || !matches(target)) return true;
      target.values = (target.values ?? []).filter((value) => !drop.has(value));
      return target.values.length > 0;
    });
  }
}

function isUser(target: ContextTarget): boolean {
  return (target.contextKind ?? 'user') === 'user';
}

function push<T>(list: T[], item: T): T {
  list.push(item);
  return item;
}

function union(existing: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...existing, ...added])];
}
