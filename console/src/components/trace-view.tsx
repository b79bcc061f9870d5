import type { FlagTrace, ServeTrace } from '../../../lib/evaluation/explain/flag-trace';

/** One flag of the evaluate answer. */
export interface EvaluatedItem {
  readonly key: string;
  readonly value: unknown;
  readonly variationIndex?: number | null;
  readonly reason?: { readonly kind: string; readonly ruleIndex?: number; readonly prerequisiteKey?: string; readonly errorKind?: string; readonly inExperiment?: boolean };
  readonly trace?: FlagTrace;
}

const mark = (matched: boolean | 'error' | undefined) => (matched === true ? '✓' : matched === 'error' ? '⚠' : '✗');
const word = (matched: boolean | 'error' | undefined) => (matched === true ? 'matched' : matched === 'error' ? 'error' : 'no match');

/** A trace in words: the steps tried, in order, each with ✓/✗ and the context's values. */
export function TraceView({ trace }: { trace: FlagTrace }) {
  return (
    <details class="trace">
      <summary>decided by {trace.decidedBy}</summary>
      <ol>
        {!trace.on && <li>The flag is off.</li>}
        {(trace.prerequisites ?? []).map((p) => (
          <li key={`p-${p.key}`}>
            <span aria-label={p.met ? 'met' : 'not met'}>{p.met ? '✓' : '✗'}</span> prerequisite <code>{p.key}</code> must serve variation {p.variation}
            {!p.found && ' (the flag does not exist)'}
            {p.cycle && ' (a cycle)'}
          </li>
        ))}
        {(trace.targets ?? []).map((target, i) => (
          <li key={`t-${i}`}>
            <span aria-label={target.matched ? 'matched' : 'no match'}>{target.matched ? '✓' : '✗'}</span> {target.contextKind} targets of variation {target.variation}
            {target.contextKey === undefined ? ` (the context has no ${target.contextKind})` : `: key "${target.contextKey}"`}
          </li>
        ))}
        {(trace.rules ?? []).map((rule) => (
          <li key={`r-${rule.index}`}>
            <span aria-label={word(rule.matched)}>{mark(rule.matched)}</span> rule {rule.index + 1}
            <ul>
              {rule.clauses.map((clause, c) => (
                <li key={c}>
                  <span aria-label={word(clause.matched)}>{mark(clause.matched)}</span>{' '}
                  {clause.op === 'segmentMatch' ? (
                    <>
                      {clause.negate && 'not '}in segment {clause.values.map(String).join(' or ')}
                      {(clause.segments ?? []).map((s) => (
                        <span key={s.key} class="muted small">
                          {' '}
                          [{s.key}: {s.found ? `${word(s.member)}${s.decidedBy ? `, by ${s.decidedBy}${s.decidingRule !== undefined ? ` ${s.decidingRule + 1}` : ''}` : ''}` : 'missing'}]
                        </span>
                      ))}
                    </>
                  ) : (
                    <>
                      {clause.contextKind}.{clause.attribute} {clause.negate && 'not '}
                      {clause.op} {JSON.stringify(clause.values)}; the context has{' '}
                      <code>{clause.kindPresent ? (clause.contextValue === undefined ? 'nothing' : JSON.stringify(clause.contextValue)) : `no ${clause.contextKind}`}</code>
                    </>
                  )}
                  {clause.note && <span class="warning"> ({clause.note})</span>}
                </li>
              ))}
            </ul>
            {rule.serve && <ServeText serve={rule.serve} />}
          </li>
        ))}
        {trace.fallthrough && (
          <li>
            default rule: <ServeText serve={trace.fallthrough} />
          </li>
        )}
      </ol>
    </details>
  );
}

function ServeText({ serve }: { serve: ServeTrace }) {
  if (serve.rollout) {
    const r = serve.rollout;
    return (
      <span>
        {' '}
        {r.kind} by {r.contextKind}.{r.bucketBy} {r.bucketValue !== undefined && `("${r.bucketValue}")`}: bucket {(r.bucket * 100).toFixed(3)} % → variation {r.variations[r.chosen]?.variation}
        {r.inExperiment && ' (in the experiment)'}
      </span>
    );
  }
  return <span> serves variation {serve.variation}</span>;
}
