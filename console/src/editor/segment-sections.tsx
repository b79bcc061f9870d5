import type { Segment, SegmentRule } from '../../../lib/model/segment';
import { ErrorText } from '../components/error-text';
import { TOTAL_WEIGHT } from '../util/rollout-weights';
import { updateAt } from '../util/update-at';
import { ClauseList, newClause, ruleIssues } from './clause-list';
import type { EditorSectionProps } from './item-editor-frame';
import { ContextKeyRows } from './context-key-rows';
import { ListField } from './list-field';
import { PercentInput } from './percent-input';
import { newRuleId } from './rules-section';

/** What every section of the segment editor gets (see {@link EditorSectionProps}). */
export type SegmentSectionProps = EditorSectionProps<Segment>;

/** Members: included and excluded user keys, and keys of other context kinds. */
export function MembersSection({ draft, update, issuesAt, readOnly }: SegmentSectionProps) {
  return (
    <section class="card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <div class="grid">
        <ListField id="included" label="Included user keys" values={draft.included ?? []} readOnly={readOnly} onChange={(included) => update((s) => ({ ...s, included }))} />
        <ListField id="excluded" label="Excluded user keys" values={draft.excluded ?? []} readOnly={readOnly} onChange={(excluded) => update((s) => ({ ...s, excluded }))} />
      </div>
      {(['includedContexts', 'excludedContexts'] as const).map((field) => (
        <div key={field}>
          <h3>{field === 'includedContexts' ? 'Included keys of other context kinds' : 'Excluded keys of other context kinds'}</h3>
          <ContextKeyRows
            targets={draft[field] ?? []}
            idPrefix={field}
            readOnly={readOnly}
            setTarget={(index, change) => update((s) => ({ ...s, [field]: updateAt(s[field], index, change) }))}
            onAdd={() => update((s) => ({ ...s, [field]: [...(s[field] ?? []), { contextKind: 'organization', values: [] }] }))}
            addLabel="Add a context kind"
          />
        </div>
      ))}
      <ErrorText error={undefined} issues={['included', 'excluded', 'includedContexts', 'excludedContexts'].flatMap(issuesAt)} />
    </section>
  );
}

/** Rules: conditions, the share of matching contexts included and the attribute it is bucketed by. */
export function SegmentRulesSection({ draft, update, issuesAt, readOnly, segmentKeys }: SegmentSectionProps) {
  const setRule = (index: number, change: (rule: SegmentRule) => SegmentRule | undefined) => update((s) => ({ ...s, rules: updateAt(s.rules, index, change) }));
  return (
    <section class="card" aria-labelledby="segment-rules-title">
      <h2 id="segment-rules-title">Rules</h2>
      {(draft.rules ?? []).map((rule, index) => (
        <article class="rule" key={rule.id ?? index}>
          <h3>Rule {index + 1}</h3>
          <ClauseList id={`segment-rule-${index}`} path={`rules[${index}]`} rule={rule} setRule={(change) => setRule(index, change)} segmentKeys={segmentKeys} issuesAt={issuesAt} readOnly={readOnly} />
          <div class="row">
            <label>
              <span>Share of matching contexts included (%)</span>
              <PercentInput
                disabled={readOnly}
                weight={rule.weight ?? TOTAL_WEIGHT}
                onChange={(weight) => setRule(index, (r) => ({ ...r, weight: weight === undefined || weight >= TOTAL_WEIGHT ? undefined : Math.max(0, weight) }))}
              />
            </label>
            <label>
              <span>Bucket by</span>
              <input class="narrow" disabled={readOnly} value={rule.bucketBy ?? ''} placeholder="key" onInput={(e) => setRule(index, (r) => ({ ...r, bucketBy: (e.target as HTMLInputElement).value || undefined }))} />
            </label>
          </div>
          <ErrorText error={undefined} issues={ruleIssues(issuesAt, `rules[${index}]`)} />
          {!readOnly && (
            <button type="button" class="danger" onClick={() => setRule(index, () => undefined)}>
              Remove rule {index + 1}
            </button>
          )}
        </article>
      ))}
      {!readOnly && (
        <button type="button" onClick={() => update((s) => ({ ...s, rules: [...(s.rules ?? []), { id: newRuleId(), clauses: [newClause()] }] }))}>
          Add rule
        </button>
      )}
    </section>
  );
}
