import type { Flag } from '../../../lib/model/flag';
import type { VariationOrRollout } from '../../../lib/model/rollout';
import { percentOf } from './rollout-weights';

/** A variation's value in short text (`true`, `"blue"`, `{…}`). */
export function variationLabel(flag: Pick<Flag, 'variations'>, index: number | null | undefined): string {
  if (index === null || index === undefined) return 'default value';
  const variations = flag.variations ?? [];
  if (index < 0 || index >= variations.length) return `variation ${index} (missing)`;
  const text = JSON.stringify(variations[index]);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** What a fallthrough or rule serves, in words: `true` or `30% false / 70% true`. */
export function servesLabel(flag: Pick<Flag, 'variations'>, target: VariationOrRollout | null | undefined): string {
  if (!target) return 'nothing';
  if (target.rollout) {
    const parts = target.rollout.variations.map((weighted) => `${percentOf(weighted.weight)}% ${variationLabel(flag, weighted.variation)}`);
    return `${target.rollout.kind === 'experiment' ? 'experiment ' : ''}${parts.join(' / ')}`;
  }
  return variationLabel(flag, target.variation);
}

/** The kind of a flag from its variations: boolean, string, number or json. */
export function flagType(flag: Pick<Flag, 'variations'>): 'boolean' | 'string' | 'number' | 'json' {
  const variations = flag.variations ?? [];
  if (variations.length > 0 && variations.every((v) => typeof v === 'boolean')) return 'boolean';
  if (variations.length > 0 && variations.every((v) => typeof v === 'string')) return 'string';
  if (variations.length > 0 && variations.every((v) => typeof v === 'number')) return 'number';
  return 'json';
}

/** Whether `flag` matches a search text (key, variation values, rule ids). */
export function matchesSearch(flag: Flag, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const key = flag.key.toLowerCase();
  return words.every((word) => key.includes(word));
}

/** A new flag of a type, off, serving the first variation when on and the last when off. */
export function newFlag(key: string, type: 'boolean' | 'string' | 'number' | 'json'): Omit<Flag, 'version'> {
  const variations: Record<typeof type, unknown[]> = {
    boolean: [true, false],
    string: ['a', 'b'],
    number: [0, 1],
    json: [{}, { enabled: true }],
  };
  return {
    key,
    on: false,
    variations: variations[type] as Flag['variations'],
    offVariation: 1,
    fallthrough: { variation: type === 'boolean' ? 0 : 0 },
    targets: [],
    contextTargets: [],
    rules: [],
    prerequisites: [],
    salt: key,
    trackEvents: false,
    trackEventsFallthrough: false,
    clientSide: false,
  };
}
