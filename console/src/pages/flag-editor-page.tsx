import { useMemo, useState } from 'preact/hooks';
import { startsWithPath } from '../api/api-error';
import { DeleteItemButton } from '../components/delete-item';
import { ErrorText } from '../components/error-text';
import { FlagToggle } from '../components/flag-toggle';
import { FallthroughSection, OffSection, PrerequisitesSection, TargetsSection, VariationsSection } from '../editor/flag-sections';
import { RulesSection } from '../editor/rules-section';
import { DiffView, ReviewDialog } from '../editor/review-dialog';
import { useItemDraft } from '../editor/use-item-draft';
import { flagIssues } from '../editor/validate-draft';
import { hrefOf, navigate } from '../router';
import { useConsole } from '../state/console-context';
import { canEdit } from '../state/session';
import { diffItems } from '../util/json-diff';
import { useStore } from '../util/store';

/**
 * The flag editor: variations, off variation, targets, rules (clause editor, rollouts), the
 * default rule, prerequisites and experiment settings. Edits are checked as the server checks
 * them while typing; saving shows the diff and asks for a comment; a conflicting change made
 * elsewhere is shown, not overwritten.
 */
export function FlagEditorPage({ flagKey }: { flagKey: string }) {
  const { data, route, session } = useConsole();
  const state = useStore(data);
  const env = route.env!;
  const latest = state.flags.get(flagKey);
  const editor = useItemDraft('flags', flagKey, latest);
  const [reviewing, setReviewing] = useState(false);
  const readOnly = !canEdit(session);
  const segmentKeys = useMemo(() => new Set(state.segments.keys()), [state.segments]);
  const localIssues = useMemo(() => (editor.draft ? flagIssues(editor.draft, state) : []), [editor.draft, state.revision]);

  if (!state.loaded) return <p class="loading">Loading…</p>;
  if (!latest || !editor.draft) {
    return (
      <div class="error" role="alert">
        <p>
          There is no flag "{flagKey}" in {env}. <a href={hrefOf({ env, page: 'flags' })}>Back to the flags</a>
        </p>
      </div>
    );
  }
  const serverIssues = editor.saveError?.issues ?? [];
  const allIssues = [...new Set([...localIssues, ...serverIssues])];
  const issuesAt = (prefix: string) => allIssues.filter((issue) => startsWithPath(issue, prefix));
  const sectionProps = { draft: editor.draft, update: editor.update, issuesAt, readOnly };
  const conflict = editor.saveError?.conflict === true;

  return (
    <section aria-labelledby="editor-title" class="editor">
      <div class="page-head">
        <h1 id="editor-title">
          <a href={hrefOf({ env, page: 'flags' })} class="crumb">
            Flags
          </a>{' '}
          / {flagKey}
        </h1>
        <FlagToggle flag={latest} />
        <span class="muted">version {latest.version}</span>
        <a href={hrefOf({ env, page: 'flags', key: flagKey, sub: 'history' })}>History</a>
        <a href={hrefOf({ env, page: 'insights', query: new URLSearchParams({ flag: flagKey }) })}>Insights</a>
        <DeleteItemButton kind="flags" itemKey={flagKey} version={latest.version} onDeleted={() => navigate(hrefOf({ env, page: 'flags' }))} />
      </div>
      {readOnly && <p class="notice">Your token may read this flag but not change it.</p>}
      {editor.changedElsewhere && !conflict && (
        <div class="notice" role="status">
          This flag was changed elsewhere (now version {latest.version}; you are editing version {editor.base?.version}). Saving will be refused until you choose:
          <ConflictChoices />
        </div>
      )}
      {conflict && (
        <div class="error" role="alert">
          <p>
            Not saved: {editor.saveError!.message}. Someone changed this flag since you opened it (now version {latest.version}). Nothing was overwritten. Their version compared with yours:
          </p>
          <DiffView lines={diffItems(latest, editor.draft)} label="Their version compared with your draft" />
          <ConflictChoices />
        </div>
      )}
      {editor.saveError && !conflict && <ErrorText error={editor.saveError} issues={serverIssues.length > 0 ? ['The problems are shown next to their fields below:', ...serverIssues] : []} />}
      <div key={editor.generation} class="sections">
        <VariationsSection {...sectionProps} />
        <TargetsSection {...sectionProps} />
        <RulesSection {...sectionProps} segmentKeys={segmentKeys} />
        <FallthroughSection {...sectionProps} />
        <OffSection {...sectionProps} />
        <PrerequisitesSection {...sectionProps} flags={state.flags} />
      </div>
      {!readOnly && (
        <div class="save-bar" role="region" aria-label="Save">
          <span class="muted">
            {editor.dirty ? `${editor.diff.filter((l) => l.op !== ' ').length} changed lines` : 'No unsaved changes'}
            {localIssues.length > 0 && ` · ${localIssues.length} problem${localIssues.length === 1 ? '' : 's'} to fix`}
          </span>
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
          title={`Save ${flagKey} in ${env}`}
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

  function ConflictChoices() {
    return (
      <div class="buttons left">
        <button type="button" onClick={() => editor.discard()}>
          Drop my edits, load theirs
        </button>
        <button type="button" onClick={() => editor.rebase()}>
          Keep my edits over their version
        </button>
      </div>
    );
  }
}
