import type { FlagRule } from '../../../lib/model/flag';
import { ErrorText } from '../components/error-text';
import { updateAt } from '../util/update-at';
import { ClauseList, newClause, ruleIssues } from './clause-list';
import type { SectionProps } from './flag-sections';
import { ServeEditor } from './rollout-editor';

let ruleCounter = 0;
/** A fresh rule id. */
export function newRuleId(): string {
  ruleCounter++;
  return `rule-${Date.now().toString(36)}-${ruleCounter}`;
}

/** Targeting rules, tried in order: conditions (all must match) and what they serve. */
export function RulesSection({ draft, update, issuesAt, readOnly, segmentKeys }: SectionProps) {
  const rules = draft.rules ?? [];
  const setRule = (index: number, change: (rule: FlagRule) => FlagRule | undefined) =>
    update((flag) => ({ ...flag, rules: updateAt(flag.rules, index, change) }));
  const move = (index: number, by: number) =>
    update((flag) => {
      const next = [...(flag.rules ?? [])];
      const [rule] = next.splice(index, 1);
      next.splice(index + by, 0, rule);
      return { ...flag, rules: next };
    });
  return (
    <section class="card" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      {rules.length === 0 && <p class="muted small">No rules: every context that is not targeted gets the default rule.</p>}
      {rules.map((rule, index) => {
        const id = `rule-${index}`;
        return (
          <article class="rule" key={rule.id ?? index} aria-labelledby={`${id}-title`}>
            <h3 id={`${id}-title`}>
              Rule {index + 1} <span class="muted small">{rule.id}</span>
            </h3>
            <p class="muted small">If all of these match:</p>
            <ClauseList id={id} path={`rules[${index}]`} rule={rule} setRule={(change) => setRule(index, change)} segmentKeys={segmentKeys} issuesAt={issuesAt} readOnly={readOnly} />
            <ServeEditor flag={draft} id={id} target={rule} readOnly={readOnly} onChange={(target) => setRule(index, (r) => ({ ...r, variation: target.variation, rollout: target.rollout }))} />
            <label class="check">
              <input type="checkbox" disabled={readOnly} checked={rule.trackEvents === true} onChange={(e) => setRule(index, (r) => ({ ...r, trackEvents: (e.target as HTMLInputElement).checked }))} />
              <span>Send a full event for every evaluation by this rule (experiments)</span>
            </label>
            <ErrorText error={undefined} issues={ruleIssues(issuesAt, `rules[${index}]`)} />
            {!readOnly && (
              <div class="buttons left">
                <button type="button" disabled={index === 0} onClick={() => move(index, -1)}>
                  Move up
                </button>
                <button type="button" disabled={index === rules.length - 1} onClick={() => move(index, 1)}>
                  Move down
                </button>
                <button type="button" class="danger" onClick={() => setRule(index, () => undefined)}>
                  Remove rule {index + 1}
                </button>
              </div>
            )}
          </article>
        );
      })}
      {!readOnly && (
        <button type="button" onClick={() => update((flag) => ({ ...flag, rules: [...(flag.rules ?? []), { id: newRuleId(), clauses: [newClause()], variation: 0 }] }))}>
          Add rule
        </button>
      )}
    </section>
  );
}
