import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Flag } from '../../../lib/model/flag';
import type { Segment } from '../../../lib/model/segment';
import { startsWithPath } from '../api/api-error';
import { DeleteItemButton } from '../components/delete-item';
import { DiffView } from '../components/diff-view';
import { ErrorText } from '../components/error-text';
import { hrefOf, navigate } from '../router';
import { useConsole } from '../state/console-context';
import type { EnvironmentData } from '../state/environment-data';
import { canEdit } from '../state/session';
import { diffItems } from '../util/json-diff';
import { useStore } from '../util/store';
import { ReviewDialog } from './review-dialog';
import { type ItemDraft, useItemDraft } from './use-item-draft';

/** What every section of an editor gets: the draft, a way to change it, its issues, and whether it may edit. */
export interface EditorSectionProps<T> {
  readonly draft: T;
  readonly update: (change: (item: T) => T) => void;
  /** Issues (local validation and the server's last answer) under a path prefix. */
  readonly issuesAt: (prefix: string) => string[];
  readonly readOnly: boolean;
  /** Keys of the environment's segments (offered by `segmentMatch` conditions). */
  readonly segmentKeys: ReadonlySet<string>;
}

/**
 * The frame of the flag and segment editors: loads the item `itemKey` of `kind` from the
 * environment on screen and keeps a draft of it ({@link useItemDraft}); shows the title with
 * the version and the History and Delete controls (a delete names the dependents), checks the
 * draft with `validate` while typing, announces a newer version that arrives while editing, and
 * saves after "Review and save…" (the diff and a comment) with the version it started from. A
 * conflicting change made elsewhere (409/412) is shown as a diff, never overwritten. The page
 * gives its sections (`sections`), what follows the title (`status`, e.g. the flag's switch)
 * and further links (`links`).
 */
export function ItemEditorFrame<T extends Flag | Segment>({
  kind,
  itemKey,
  validate,
  sections,
  status,
  links,
}: {
  kind: 'flags' | 'segments';
  itemKey: string;
  validate: (draft: T, data: EnvironmentData) => string[];
  sections: (props: EditorSectionProps<T>) => ComponentChildren;
  status?: (latest: T) => ComponentChildren;
  links?: ComponentChildren;
}) {
  const { data, route, session } = useConsole();
  const state = useStore(data);
  const env = route.env!;
  const latest = (state[kind] as ReadonlyMap<string, T>).get(itemKey);
  const editor = useItemDraft(kind, itemKey, latest);
  const [reviewing, setReviewing] = useState(false);
  const readOnly = !canEdit(session);
  const segmentKeys = useMemo(() => new Set(state.segments.keys()), [state.segments]);
  const localIssues = useMemo(() => (editor.draft ? validate(editor.draft, state) : []), [editor.draft, state.revision]);
  const noun = kind === 'flags' ? 'flag' : 'segment';
  const listHref = hrefOf({ env, page: kind });

  // the draft takes the item in an effect after it first arrives: "Loading…" until then, not "no such item"
  if (!state.loaded || (latest && !editor.draft)) return <p class="loading">Loading…</p>;
  if (!latest || !editor.draft) {
    return (
      <div class="error" role="alert">
        <p>
          There is no {noun} "{itemKey}" in {env}. <a href={listHref}>Back to the {kind}</a>
        </p>
      </div>
    );
  }
  const serverIssues = editor.saveError?.issues ?? [];
  const allIssues = [...new Set([...localIssues, ...serverIssues])];
  const issuesAt = (prefix: string) => allIssues.filter((issue) => startsWithPath(issue, prefix));
  const conflict = editor.saveError?.conflict === true;

  return (
    <section aria-labelledby="editor-title" class="editor">
      <div class="page-head">
        <h1 id="editor-title">
          <a href={listHref} class="crumb">
            {kind === 'flags' ? 'Flags' : 'Segments'}
          </a>{' '}
          / {itemKey}
        </h1>
        {status?.(latest)}
        <span class="muted">version {latest.version}</span>
        <a href={hrefOf({ env, page: kind, key: itemKey, sub: 'history' })}>History</a>
        {links}
        <DeleteItemButton kind={kind} itemKey={itemKey} version={latest.version} onDeleted={() => navigate(listHref)} />
      </div>
      {readOnly && <p class="notice">Your token may read this {noun} but not change it.</p>}
      {editor.changedElsewhere && !conflict && (
        <div class="notice" role="status">
          This {noun} was changed elsewhere (now version {latest.version}; you are editing version {editor.base?.version}). Saving will be refused until you choose:
          <ConflictChoices editor={editor} />
        </div>
      )}
      {conflict && (
        <div class="error" role="alert">
          <p>
            Not saved: {editor.saveError!.message}. Someone changed this {noun} since you opened it (now version {latest.version}). Nothing was overwritten. Their version compared with yours:
          </p>
          <DiffView lines={diffItems(latest, editor.draft)} label="Their version compared with your draft" />
          <ConflictChoices editor={editor} />
        </div>
      )}
      {editor.saveError && !conflict && <ErrorText error={editor.saveError} issues={serverIssues.length > 0 ? ['The problems are shown next to their fields below:', ...serverIssues] : []} />}
      <div key={editor.generation} class="sections">
        {sections({ draft: editor.draft, update: editor.update, issuesAt, readOnly, segmentKeys })}
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
          title={`Save ${itemKey} in ${env}`}
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

/** The two ways out of a conflict: take their version, or keep the edits on top of it. */
function ConflictChoices({ editor }: { editor: Pick<ItemDraft<Flag | Segment>, 'discard' | 'rebase'> }) {
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
