import { useState } from 'preact/hooks';
import { DataTable } from '../components/data-table';
import { ErrorText } from '../components/error-text';
import { SearchField } from '../components/search-field';
import { useAction } from '../components/use-action';
import { isMissingEndpoint, Unavailable } from '../components/unavailable';
import { TraceView, type EvaluatedItem } from '../components/trace-view';
import { hrefOf } from '../router';
import { envPath, useConsole } from '../state/console-context';

interface EvaluateAnswer {
  readonly context: { readonly key: string; readonly kinds: readonly string[] };
  readonly items: readonly EvaluatedItem[];
}

const EXAMPLE = '{\n  "kind": "user",\n  "key": "alice",\n  "email": "alice@example.com"\n}';

/**
 * "Try a context": paste a context (or build one from a kind, a key and attributes) and see every
 * flag's value for it, with the trace from `POST /api/environments/:env/evaluate`: which targets
 * and rules were tried, each clause with the context's value, segments, prerequisites, and the
 * bucket of a rollout.
 */
export function TryContextPage() {
  const { api, route } = useConsole();
  const env = route.env!;
  const [text, setText] = useState(EXAMPLE);
  const [filter, setFilter] = useState('');
  const [answer, setAnswer] = useState<EvaluateAnswer | undefined>();
  const [jsonProblem, setJsonProblem] = useState<string | undefined>();
  const [kind, setKind] = useState('user');
  const [key, setKey] = useState('');
  const [attributes, setAttributes] = useState<{ name: string; value: string }[]>([{ name: 'email', value: '' }]);

  const request = useAction(async (context: unknown) => {
    try {
      const response = await api.request<EvaluateAnswer>('POST', envPath(env, 'evaluate'), { body: { context, trace: true } });
      setAnswer(response.body);
    } catch (caught) {
      setAnswer(undefined);
      throw caught;
    }
  });
  const evaluate = (event: Event) => {
    event.preventDefault();
    let context: unknown;
    try {
      context = JSON.parse(text);
      setJsonProblem(undefined);
    } catch (caught) {
      setJsonProblem(`The context is not valid JSON: ${(caught as Error).message}`);
      return;
    }
    void request.run(context);
  };

  const build = () => {
    const context: Record<string, unknown> = { kind, key };
    for (const attribute of attributes) {
      if (!attribute.name) continue;
      let value: unknown = attribute.value;
      try {
        value = JSON.parse(attribute.value);
      } catch {
        // plain text
      }
      context[attribute.name] = value;
    }
    setText(JSON.stringify(context, null, 2));
  };

  const { error, busy } = request;
  if (error && isMissingEndpoint(error)) return <Unavailable what="Evaluating a context (POST …/evaluate)" error={error} />;
  const items = (answer?.items ?? []).filter((item) => item.key.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section aria-labelledby="try-title">
      <h1 id="try-title">Try a context</h1>
      <div class="grid">
        <form class="card" onSubmit={evaluate}>
          <label for="context-json">Context (JSON: a context, a multi-kind context or a legacy user)</label>
          <textarea id="context-json" rows={8} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby="context-error" aria-invalid={jsonProblem !== undefined || (error?.issues.length ?? 0) > 0} />
          <div id="context-error">
            <ErrorText error={jsonProblem} />
            <ErrorText error={error} />
          </div>
          <div class="buttons left">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? 'Evaluating…' : 'Evaluate every flag'}
            </button>
          </div>
        </form>
        <fieldset class="card">
          <legend>Build a context</legend>
          <div class="row">
            <label>
              <span>Kind</span>
              <input class="narrow" value={kind} onInput={(e) => setKind((e.target as HTMLInputElement).value)} />
            </label>
            <label>
              <span>Key</span>
              <input value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
            </label>
          </div>
          {attributes.map((attribute, i) => (
            <div class="row" key={i}>
              <label>
                <span>Attribute</span>
                <input class="narrow" value={attribute.name} onInput={(e) => setAttributes(attributes.map((a, j) => (j === i ? { ...a, name: (e.target as HTMLInputElement).value } : a)))} />
              </label>
              <label>
                <span>Value (text or JSON)</span>
                <input value={attribute.value} onInput={(e) => setAttributes(attributes.map((a, j) => (j === i ? { ...a, value: (e.target as HTMLInputElement).value } : a)))} />
              </label>
              <button type="button" class="link danger" onClick={() => setAttributes(attributes.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <div class="buttons left">
            <button type="button" onClick={() => setAttributes([...attributes, { name: '', value: '' }])}>
              Add attribute
            </button>
            <button type="button" onClick={build}>
              Use as the context
            </button>
          </div>
        </fieldset>
      </div>
      {answer && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            {answer.items.length} flags for {answer.context.kinds.join(' + ')} <code>{answer.context.key}</code>
          </h2>
          <SearchField label="Filter flags" value={filter} onChange={setFilter} />
          <DataTable class="results" columns={['Flag', 'Value', 'Reason', 'Why']}>
            {items.map((item) => (
              <tr key={item.key}>
                <td>
                  <a href={hrefOf({ env, page: 'flags', key: item.key })}>{item.key}</a>
                </td>
                <td>
                  <code>{JSON.stringify(item.value)}</code>
                  {item.variationIndex !== undefined && item.variationIndex !== null && <span class="muted small"> (variation {item.variationIndex})</span>}
                </td>
                <td class="small">{reasonText(item.reason)}</td>
                <td>{item.trace ? <TraceView trace={item.trace} /> : <span class="muted">–</span>}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
    </section>
  );
}

function reasonText(reason: EvaluatedItem['reason']): string {
  if (!reason) return '';
  const parts = [String(reason.kind)];
  if (reason.ruleIndex !== undefined) parts.push(`rule ${Number(reason.ruleIndex) + 1}`);
  if (reason.prerequisiteKey) parts.push(`prerequisite ${reason.prerequisiteKey}`);
  if (reason.errorKind) parts.push(String(reason.errorKind));
  if (reason.inExperiment) parts.push('in experiment');
  return parts.join(' · ');
}
