/** The comment of a change, kept in the audit history (a labelled text area with id `id`). */
export function CommentField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label for={id}>Comment (kept in the history)</label>
      <textarea id={id} rows={2} value={value} onInput={(e) => onChange((e.target as HTMLTextAreaElement).value)} />
    </>
  );
}
