import { useMemo, useState } from 'preact/hooks';
import type { Segment, SegmentRule } from '../../../lib/model/segment';
import { startsWithPath } from '../api/api-error';
import { DeleteItemButton } from '../components/delete-item';
import { ErrorText } from '../components/error-text';
import { ClauseEditor } from '../editor/clause-editor';
import { ListField } from '../editor/list-field';
import { newClause, newRuleId } from '../editor/rules-section';
import { DiffView, ReviewDialog } from '../editor/review-dialog';
import { useItemDraft } from '../editor/use-item-draft';
import { segmentIssues } from '../editor/validate-draft';
import { hrefOf, navigate } from '../router';
import { useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { diffItems } from '../util/json-diff';
import { percentOf, weightOfPercent } from '../util/rollout-weights';
import { useStore } from '../util/store';

/** The segment editor: included and excluded keys (per context kind) and rules. */
export function SegmentEditorPage({ segmentKey }: { segmentKey: string }) {
  const { data, route, session } = useConsole();
  const state = useStore(data);
  const env = route.env!;
  const latest = state.segments.get(segmentKey);
  const editor = useItemDraft('segments', segmentKey, latest);
  const [reviewing, setReviewing] = useState(false);
  const readOnly = !canEdit(session);
  const segmentKeys = useMemo(() => new Set(state.segments.keys()), [state.segments]);
  const localIssues = useMemo(() => (editor.draft ? segmentIssues(editor.draft, state) : []), [editor.draft, state.revision]);
  if (!state.loaded) return <p class="loading">Loading…</p>;
  if (!latest || !editor.draft) {
    return (
      <div class="error" role="alert">
        <p>
          There is no segment "{segmentKey}" in {env}. <a href={hrefOf({ env, page: 'segments' })}>Back to the segments</a>
        </p>
      </div>
    );
  }
  const draft = editor.draft;
  const allIssues = [...new Set([...localIssues, ...(editor.saveError?.issues ?? [])])];
  const issuesAt = (prefix: string) => allIssues.filter((issue) => startsWithPath(issue, prefix));
  const update = editor.update;
  const rules = draft.rules ?? [];
  const setRule = (index: number, change: (rule: SegmentRule) => SegmentRule | undefined) =>
    update((s) => ({ ...s, rules: (s.rules ?? []).flatMap((rule, j) => (j === index ? (change(rule) ?? []) : [rule])) }));
  const conflict = editor.saveError?.conflict === true;
  return (
    <section aria-labelledby="segment-title" class="editor">
      <div class="page-head">
        <h1 id="segment-title">
          <a href={hrefOf({ env, page: 'segments' })} class="crumb">
            Segments
          </a>{' '}
          / {segmentKey}
        </h1>
        <span class="muted">version {latest.version}</span>
        <a href={hrefOf({ env, page: 'segments', key: segmentKey, sub: 'history' })}>History</a>
        <DeleteItemButton kind="segments" itemKey={segmentKey} version={latest.version} onDeleted={() => navigate(hrefOf({ env, page: 'segments' }))} />
      </div>
      {readOnly && <p class="notice">Your token may read this segment but not change it.</p>}
      {conflict && (
        <div class="error" role="alert">
          <p>Not saved: {editor.saveError!.message}. The segment changed since you opened it (now version {latest.version}); nothing was overwritten.</p>
          <DiffView lines={diffItems(latest, draft)} label="Their version compared with your draft" />
          <div class="buttons left">
            <button type="button" onClick={() => editor.discard()}>Drop my edits, load theirs</button>
            <button type="button" onClick={() => editor.rebase()}>Keep my edits over their version</button>
          </div>
        </div>
      )}
      {editor.saveError && !conflict && <ErrorText error={editor.saveError} />}
      <div key={editor.generation} class="sections">
        <section class="card" aria-labelledby="members-title">
          <h2 id="members-title">Members</h2>
          <div class="grid">
            <ListField id="included" label="Included user keys" values={draft.included ?? []} readOnly={readOnly} onChange={(included) => update((s) => ({ ...s, included }))} />
            <ListField id="excluded" label="Excluded user keys" values={draft.excluded ?? []} readOnly={readOnly} onChange={(excluded) => update((s) => ({ ...s, excluded }))} />
          </div>
          {(['includedContexts', 'excludedContexts'] as const).map((field) => (
            <div key={field}>
              <h3>{field === 'includedContexts' ? 'Included keys of other context kinds' : 'Excluded keys of other context kinds'}</h3>
              {(draft[field] ?? []).map((target, index) => (
                <div class="row" key={index}>
                  <label>
                    <span>Context kind</span>
                    <input class="narrow" value={target.contextKind} readOnly={readOnly} onInput={(e) => update((s) => ({ ...s, [field]: (s[field] ?? []).map((t, j) => (j === index ? { ...t, contextKind: (e.target as HTMLInputElement).value } : t)) }))} />
                  </label>
                  <ListField id={`${field}-${index}`} label="Keys" values={target.values} readOnly={readOnly} onChange={(values) => update((s) => ({ ...s, [field]: (s[field] ?? []).map((t, j) => (j === index ? { ...t, values } : t)) }))} />
                  {!readOnly && (
                    <button type="button" class="link danger" onClick={() => update((s) => ({ ...s, [field]: (s[field] ?? []).filter((_, j) => j !== index) }))}>
                      Remove
                    </button>
                  )}
                </div>
              ))}
              {!readOnly && (
                <button type="button" onClick={() => update((s) => ({ ...s, [field]: [...(s[field] ?? []), { contextKind: 'organization', values: [] }] }))}>
                  Add a context kind
                </button>
              )}
            </div>
          ))}
          <ErrorText error={undefined} issues={['included', 'excluded', 'includedContexts', 'excludedContexts'].flatMap(issuesAt)} />
        </section>
        <section class="card" aria-labelledby="segment-rules-title">
          <h2 id="segment-rules-title">Rules</h2>
          {rules.map((rule, index) => (
            <article class="rule" key={rule.id ?? index}>
              <h3>Rule {index + 1}</h3>
              {(rule.clauses ?? []).map((clause, c) => (
                <ClauseEditor
                  key={c}
                  id={`segment-rule-${index}-clause-${c}`}
                  clause={clause}
                  segmentKeys={segmentKeys}
                  readOnly={readOnly}
                  issues={issuesAt(`rules[${index}].clauses[${c}]`)}
                  onChange={(next) => setRule(index, (r) => ({ ...r, clauses: (r.clauses ?? []).map((cl, k) => (k === c ? next : cl)) }))}
                  onRemove={() => setRule(index, (r) => ({ ...r, clauses: (r.clauses ?? []).filter((_, k) => k !== c) }))}
                />
              ))}
              {!readOnly && (
                <button type="button" onClick={() => setRule(index, (r) => ({ ...r, clauses: [...(r.clauses ?? []), newClause()] }))}>
                  Add condition
                </button>
              )}
              <div class="row">
                <label>
                  <span>Share of matching contexts included (%)</span>
                  <input
                    class="narrow"
                    type="number"
                    min={0}
                    max={100}
                    step={0.001}
                    disabled={readOnly}
                    value={rule.weight === undefined || rule.weight === null ? '100' : percentOf(rule.weight)}
                    onChange={(e) => {
                      const weight = weightOfPercent((e.target as HTMLInputElement).value);
                      setRule(index, (r) => ({ ...r, weight: weight === undefined || weight >= 100_000 ? undefined : Math.max(0, weight) }));
                    }}
                  />
                </label>
                <label>
                  <span>Bucket by</span>
                  <input class="narrow" disabled={readOnly} value={rule.bucketBy ?? ''} placeholder="key" onInput={(e) => setRule(index, (r) => ({ ...r, bucketBy: (e.target as HTMLInputElement).value || undefined }))} />
                </label>
              </div>
              <ErrorText error={undefined} issues={issuesAt(`rules[${index}]`).filter((i) => !i.startsWith(`rules[${index}].clauses[`))} />
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
      </div>
      {!readOnly && (
        <div class="save-bar" role="region" aria-label="Save">
          <span class="muted">{editor.dirty ? 'Unsaved changes' : 'No unsaved changes'}{localIssues.length > 0 && ` · ${localIssues.length} problems to fix`}</span>
          <button type="button" disabled={!editor.dirty} onClick={() => editor.discard()}>
            Discard changes
          </button>
          <button type="button" class="primary" disabled={!editor.dirty || localIssues.length > 0} onClick={() => setReviewing(true)}>
            Review and save…
          </button>
        </div>
      )}
      {reviewing && (
        <ReviewDialog
          title={`Save segment ${segmentKey} in ${env}`}
          lines={editor.diff}
          busy={editor.saving}
          onCancel={() => setReviewing(false)}
          onSave={async (comment) => {
            await editor.save(comment);
            setReviewing(false);
          }}
        />
      )}
    </section>
  );
}

export type { Segment };
