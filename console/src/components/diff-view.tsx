import type { DiffLine } from '../util/json-diff';

/** A diff, `-` lines red and `+` lines green, unchanged lines kept short around the changes. */
export function DiffView({ lines, context = 3, label }: { lines: readonly DiffLine[]; context?: number; label: string }) {
  const keep = lines.map((line, i) => line.op !== ' ' || lines.slice(Math.max(0, i - context), i + context + 1).some((l) => l.op !== ' '));
  const out: preact.JSX.Element[] = [];
  let skipped = 0;
  lines.forEach((line, i) => {
    if (!keep[i]) {
      skipped++;
      return;
    }
    if (skipped > 0) out.push(<div class="diff-skip" key={`s${i}`}>… {skipped} unchanged lines</div>);
    skipped = 0;
    out.push(
      <div class={line.op === '+' ? 'diff-add' : line.op === '-' ? 'diff-del' : 'diff-same'} key={i}>
        <span class="sr-only">{line.op === '+' ? 'added: ' : line.op === '-' ? 'removed: ' : ''}</span>
        <span aria-hidden="true">{line.op} </span>
        {line.text}
      </div>,
    );
  });
  if (skipped > 0) out.push(<div class="diff-skip" key="end">… {skipped} unchanged lines</div>);
  return (
    <pre class="diff" aria-label={label} tabIndex={0}>
      {out}
    </pre>
  );
}
