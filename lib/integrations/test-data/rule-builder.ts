import type { Clause } from '../../model/clause';
import type { TestDataFlagBuilder } from './flag-builder';

/**
 * Completes a rule: called by {@link TestDataRuleBuilder.thenReturn} with the rule's clauses and
 * the variation it serves; returns the flag builder the rule belongs to.
 */
export type FinishRule = (clauses: readonly Clause[], variation: number | boolean) => TestDataFlagBuilder;

/**
 * Builds one targeting rule of a {@link TestDataFlagBuilder} (LaunchDarkly's
 * `TestDataRuleBuilder`). A rule matches a context when all of its clauses match; each clause is
 * "attribute is one of values" (`op: 'in'`), or its negation.
 *
 * Start a rule with the flag builder's `ifMatch`/`ifNotMatch`, add clauses with
 * `andMatch`/`andNotMatch`, and finish it with `thenReturn`, which adds the rule to the flag.
 * Not constructed directly.
 *
 * ## Example
 * ```ts
 * td.update(td.flag('beta').ifMatch('user', 'country', 'gb', 'fr').andNotMatch('user', 'plan', 'free').thenReturn(true));
 * // { id: 'rule0', variation: 0, clauses: [
 * //   { contextKind: 'user', attribute: 'country', op: 'in', values: ['gb', 'fr'], negate: false },
 * //   { contextKind: 'user', attribute: 'plan', op: 'in', values: ['free'], negate: true } ] }
 * ```
 */
export class TestDataRuleBuilder {
  private readonly clauses: Clause[] = [];

  /** @param finish adds the finished rule to its flag builder (see {@link FinishRule}) */
  constructor(private readonly finish: FinishRule) {}

  /**
   * Adds a clause: the context of kind `contextKind` has `attribute` equal to one of `values`.
   *
   * @param contextKind the context kind, e.g. `user`
   * @param attribute the attribute (an attribute reference: `name` or `/address/city`)
   * @param values the values to compare with
   * @returns this rule builder
   */
  andMatch(contextKind: string, attribute: string, ...values: unknown[]): TestDataRuleBuilder {
    this.clauses.push({ contextKind, attribute, op: 'in', values: [...values], negate: false });
    return this;
  }

  /**
   * Adds a clause: the context of kind `contextKind` does not have `attribute` equal to any of
   * `values`.
   *
   * @param contextKind the context kind, e.g. `user`
   * @param attribute the attribute (an attribute reference: `name` or `/address/city`)
   * @param values the values to compare with
   * @returns this rule builder
   */
  andNotMatch(contextKind: string, attribute: string, ...values: unknown[]): TestDataRuleBuilder {
    this.clauses.push({ contextKind, attribute, op: 'in', values: [...values], negate: true });
    return this;
  }

  /**
   * Finishes the rule: a matching context gets `variation`. A boolean also turns the flag into a
   * boolean flag (variations `[true, false]`) if it is not one already.
   *
   * @param variation `true`/`false`, or the index of a variation (0 for the first)
   * @returns the flag builder the rule was added to
   */
  thenReturn(variation: number | boolean): TestDataFlagBuilder {
    return this.finish(
      this.clauses.map((clause) => ({ ...clause, values: [...(clause.values ?? [])] })),
      variation,
    );
  }
}
