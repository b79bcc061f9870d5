import { useState } from 'preact/hooks';
import { CommentField } from '../components/comment-field';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DiffView } from '../components/diff-view';
import type { DiffLine } from '../util/json-diff';

/** "Review and save": the diff of the change and a comment for the history, before it is sent. */
export function ReviewDialog({ title, lines, onCancel, onSave, busy }: { title: string; lines: readonly DiffLine[]; onCancel: () => void; onSave: (comment: string) => void; busy: boolean }) {
  const [comment, setComment] = useState('');
  return (
    <ConfirmDialog title={title} wide cancelLabel="Keep editing" confirmLabel={busy ? 'Saving…' : 'Save'} disabled={busy} onConfirm={() => onSave(comment)} onCancel={onCancel}>
      <DiffView lines={lines} label="Changes to save" />
      <CommentField id="save-comment" value={comment} onChange={setComment} />
    </ConfirmDialog>
  );
}
