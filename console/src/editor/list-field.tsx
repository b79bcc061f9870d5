import { useState } from 'preact/hooks';

/** Splits a list typed one per line or separated by commas. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean))];
}

/** A list of keys edited as text, one per line. */
export function ListField({ id, label, values, readOnly, onChange }: { id: string; label: string; values: readonly string[]; readOnly: boolean; onChange: (values: string[]) => void }) {
  const [text, setText] = useState(values.join('\n'));
  return (
    <label class="list-field" for={id}>
      <span>{label}</span>
      <textarea
        id={id}
        rows={Math.min(6, Math.max(2, values.length + 1))}
        value={text}
        readOnly={readOnly}
        onInput={(e) => {
          const next = (e.target as HTMLTextAreaElement).value;
          setText(next);
          onChange(splitList(next));
        }}
      />
    </label>
  );
}
