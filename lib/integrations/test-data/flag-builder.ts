import type { Clause } from '../../model/clause';
import type { Flag, FlagRule } from '../../model/flag';
import type { ContextTarget, Target } from '../../model/target';
import { TestDataRuleBuilder } from './rule-builder';

/** Variation indexes of a boolean flag: `[true, false]`. */
const TRUE_VARIATION = 0;
const FALSE_VARIATION = 1;

function booleanIndex(value: boolean): number {
  return value ? TRUE_VARIATION : FALSE_VARIATION;
}

/** What a builder holds; `targets` maps variation → context kind → keys (insertion order). */
interface FlagBuilderState {
  on: boolean;
  variations: unknown[];
  offVariation?: number;
  fallthroughVariation?: number;
  targets?: Map<number, Map<string, string[]>>;
  rules?: Array<{ clauses: readonly Clause[]; variation: number }>;
  samplingRatio?: number;
  checkRatio?: number;
}

/**
 * Builds the configuration of one test flag for {@link TestData} (LaunchDarkly's
 * `TestDataFlagBuilder`, same methods and the same resulting flag JSON). Get one from
 * `td.flag(key)` and hand it to `td.update(builder)`; each method changes the builder and
 * returns it, for chaining. Percentage rollouts and operators other than "is one of" are not
 * supported: use `td.usePreconfiguredFlag(json)` for those.
 *
 * A boolean where a variation is expected (`fallthroughVariation(true)`) means index 0 for
 * `true` and 1 for `false`, and first turns the flag into a boolean flag (variations
 * `[true, false]`, fallthrough `true`, off `false`) if it is not one already.
 *
 * ## Example
 * ```ts
 * td.update(td.flag('new-checkout').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
 * td.update(td.flag('limit').valueForAll(42)); // every context gets 42
 * ```
 */
export class TestDataFlagBuilder {
  private state: FlagBuilderState;

  /**
   * Not called directly: use `td.flag(key)`. A new builder has no variations and targeting on.
   *
   * @param key the flag key
   * @param from a builder to copy (deeply: the copies change independently)
   */
  constructor(
    /** The flag key. */
    readonly key: string,
    from?: TestDataFlagBuilder,
  ) {
    this.state = from ? copyState(from.state) : { on: true, variations: [] };
  }

  /** Makes this a boolean flag (variations `[true, false]`, fallthrough `true`, off `false`), unless it is one already. */
  booleanFlag(): this {
    const [first, second] = this.state.variations;
    if (this.state.variations.length === 2 && first === true && second === false) return this;
    return this.variations(true, false).fallthroughVariation(TRUE_VARIATION).offVariation(FALSE_VARIATION);
  }

  /** Sets the variation values (any JSON values), e.g. `variations('red', 'green')`. */
  variations(...values: unknown[]): this {
    this.state.variations = [...values];
    return this;
  }

  /** Turns targeting on or off (off ⇒ everyone gets the off variation). New flags are on. */
  on(targetingOn: boolean): this {
    this.state.on = targetingOn;
    return this;
  }

  /** Sets the variation served when targeting is on and no target or rule matched. */
  fallthroughVariation(variation: number | boolean): this {
    if (typeof variation === 'boolean') return this.booleanFlag().fallthroughVariation(booleanIndex(variation));
    this.state.fallthroughVariation = variation;
    return this;
  }

  /** Sets the variation served when targeting is off. */
  offVariation(variation: number | boolean): this {
    if (typeof variation === 'boolean') return this.booleanFlag().offVariation(booleanIndex(variation));
    this.state.offVariation = variation;
    return this;
  }

  /** Serves `variation` to everyone: targeting on, targets and rules removed, fallthrough set. The off variation is kept. */
  variationForAll(variation: number | boolean): this {
    return this.on(true).clearRules().clearAllTargets().fallthroughVariation(variation);
  }

  /** Serves `value` to everyone, on or off: the flag gets this single variation; targets and rules are removed. */
  valueForAll(value: unknown): this {
    return this.variations(value).variationForAll(0);
  }

  /** Serves `variation` to the user (context kind `user`) with key `userKey` when targeting is on. */
  variationForUser(userKey: string, variation: number | boolean): this {
    return this.variationForContext('user', userKey, variation);
  }

  /**
   * Serves `variation` to the context of kind `contextKind` with key `contextKey` when targeting
   * is on; the key is removed from the targets of every other variation. (As with LaunchDarkly,
   * an index outside the variations only removes the key.)
   */
  variationForContext(contextKind: string, contextKey: string, variation: number | boolean): this {
    if (typeof variation === 'boolean') {
      return this.booleanFlag().variationForContext(contextKind, contextKey, booleanIndex(variation));
    }
    const targets = (this.state.targets ??= new Map());
    this.state.variations.forEach((_, index) => {
      const byKind = targets.get(index);
      if (index === variation) {
        const next = byKind ?? new Map<string, string[]>();
        const keys = next.get(contextKind) ?? [];
        if (!keys.includes(contextKey)) keys.push(contextKey);
        next.set(contextKind, keys);
        targets.set(index, next);
        return;
      }
      if (!byKind) return;
      const keys = byKind.get(contextKind);
      if (keys?.includes(contextKey)) {
        keys.splice(keys.indexOf(contextKey), 1);
        if (keys.length === 0) byKind.delete(contextKind);
      }
      if (byKind.size === 0) targets.delete(index);
    });
    return this;
  }

  /** Removes every rule (undoes `ifMatch`…`thenReturn`). */
  clearRules(): this {
    delete this.state.rules;
    return this;
  }

  /** Removes every individual target (undoes `variationForUser`/`variationForContext`). */
  clearAllTargets(): this {
    delete this.state.targets;
    return this;
  }

  /**
   * Starts a rule whose first clause is "the `contextKind` context's `attribute` is one of
   * `values`"; finish it with `thenReturn`. Example: `ifMatch('user', 'name', 'Patsy', 'Edina')`.
   */
  ifMatch(contextKind: string, attribute: string, ...values: unknown[]): TestDataRuleBuilder {
    return new TestDataRuleBuilder(this.addRule).andMatch(contextKind, attribute, ...values);
  }

  /** Starts a rule whose first clause is "the `contextKind` context's `attribute` is none of `values`". */
  ifNotMatch(contextKind: string, attribute: string, ...values: unknown[]): TestDataRuleBuilder {
    return new TestDataRuleBuilder(this.addRule).andNotMatch(contextKind, attribute, ...values);
  }

  /** Sets `migration.checkRatio` (1-in-N consistency checks of a migration flag). */
  checkRatio(ratio: number): this {
    this.state.checkRatio = ratio;
    return this;
  }

  /** Sets `samplingRatio` (1-in-N sampling of this flag's feature events). */
  samplingRatio(ratio: number): this {
    this.state.samplingRatio = ratio;
    return this;
  }

  /**
   * The flag this builder describes, at `version`, in LaunchDarkly's schema. User targets go into
   * `targets`, with an empty placeholder entry in `contextTargets` that keeps their order; rules
   * get ids `rule0`, `rule1`…. Fresh objects: changing the builder later does not change them.
   */
  build(version: number): Flag {
    const { on, variations, offVariation, fallthroughVariation, targets, rules, samplingRatio, checkRatio } = this.state;
    const flag: Flag = {
      key: this.key,
      version,
      on,
      ...(offVariation !== undefined && { offVariation }),
      fallthrough: fallthroughVariation === undefined ? {} : { variation: fallthroughVariation },
      variations: [...variations],
      ...(checkRatio !== undefined && { migration: { checkRatio } }),
      ...(samplingRatio !== undefined && { samplingRatio }),
      ...(targets && buildTargets(targets)),
      ...(rules && { rules: rules.map(buildRule) }),
    };
    return flag;
  }

  /** A deep copy of this builder. */
  clone(): TestDataFlagBuilder {
    return new TestDataFlagBuilder(this.key, this);
  }

  private readonly addRule = (clauses: readonly Clause[], variation: number | boolean): TestDataFlagBuilder => {
    if (typeof variation === 'boolean') this.booleanFlag();
    const index = typeof variation === 'boolean' ? booleanIndex(variation) : variation;
    (this.state.rules ??= []).push({ clauses, variation: index });
    return this;
  };
}

function buildTargets(targets: Map<number, Map<string, string[]>>): { targets: Target[]; contextTargets: ContextTarget[] } {
  const userTargets: Target[] = [];
  const contextTargets: ContextTarget[] = [];
  for (const variation of [...targets.keys()].sort((a, b) => a - b)) {
    for (const [contextKind, keys] of targets.get(variation)!) {
      contextTargets.push({ contextKind, values: contextKind === 'user' ? [] : [...keys], variation });
      if (contextKind === 'user') userTargets.push({ values: [...keys], variation });
    }
  }
  return { targets: userTargets, contextTargets };
}

function buildRule(rule: { clauses: readonly Clause[]; variation: number }, index: number): FlagRule {
  return {
    id: `rule${index}`,
    variation: rule.variation,
    clauses: rule.clauses.map((clause) => ({ ...clause, values: [...(clause.values ?? [])] })),
  };
}

function copyState(state: FlagBuilderState): FlagBuilderState {
  return {
    ...state,
    variations: [...state.variations],
    targets: state.targets && new Map([...state.targets].map(([variation, byKind]) => [variation, copyKinds(byKind)])),
    rules: state.rules?.map((rule) => ({ ...rule })),
  };
}

function copyKinds(byKind: Map<string, string[]>): Map<string, string[]> {
  return new Map([...byKind].map(([kind, keys]) => [kind, [...keys]]));
}
