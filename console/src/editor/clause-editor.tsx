import { useState } from 'preact/hooks';
import type { Clause } from '../../../lib/model/clause';
import { ErrorText, WarningText } from '../components/error-text';
import { formatClauseValues, inTypeOf, kindOf, OPERATOR_INFO, parseClauseValues } from '../util/clause-values';

const ATTRIBUTES = ['key', 'email', 'name', 'country', 'ip', 'firstName', 'lastName', 'avatar', 'anonymous'];

/**
 * One clause: context kind, attribute, operator (every one the server knows), negation and
 * values, checked as the server checks them (regexes compile, segments exist), with a warning
 * for values that can never match (a non-number for `<`, a non-date for `before`…).
 */
export function ClauseEditor({
  clause,
  id,
  segmentKeys,
  issues,
  readOnly,
  onChange,
  onRemove,
}: {
  clause: Clause;
  id: string;
  segmentKeys: ReadonlySet<string>;
  issues: readonly string[];
  readOnly: boolean;
  onChange: (clause: Clause) => void;
  onRemove: () => void;
}) {
  const [text, setText] = useState(() => formatClauseValues(clause.values));
  const [inType, setInType] = useState(() => inTypeOf(clause.values));
  const kind = kindOf(clause.op);
  // what the server refuses (bad regex, unknown segment) comes from its own validator, with the
  // path, in `issues`; the values that would only never match are warnings
  const warnings = parseClauseValues(clause.op, text, inType, segmentKeys).problems;
  const update = (change: Partial<Clause>, nextText = text, nextInType = inType) => {
    const next = { ...clause, ...change };
    next.values = parseClauseValues(next.op, nextText, nextInType, segmentKeys).values as Clause['values'];
    if (next.op === 'segmentMatch') {
      delete next.attribute;
      delete next.contextKind;
    } else if (!next.attribute) next.attribute = 'key';
    onChange(next);
  };
  return (
    <fieldset class="clause" disabled={readOnly}>
      <legend class="sr-only">Condition</legend>
      {kind !== 'segment' && (
        <>
          <label>
            <span>Context kind</span>
            <input class="narrow" value={clause.contextKind ?? 'user'} onInput={(e) => update({ contextKind: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            <span>Attribute</span>
            <input list={`${id}-attributes`} value={clause.attribute ?? ''} onInput={(e) => update({ attribute: (e.target as HTMLInputElement).value })} />
            <datalist id={`${id}-attributes`}>
              {ATTRIBUTES.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </label>
        </>
      )}
      <label>
        <span>Operator</span>
        <select value={clause.op} onChange={(e) => update({ op: (e.target as HTMLSelectElement).value })}>
          {OPERATOR_INFO.map((info) => (
            <option key={info.op} value={info.op}>
              {info.label} ({info.op})
            </option>
          ))}
          {!OPERATOR_INFO.some((info) => info.op === clause.op) && <option value={clause.op}>{clause.op} (unknown)</option>}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={clause.negate === true} onChange={(e) => update({ negate: (e.target as HTMLInputElement).checked })} />
        <span>not</span>
      </label>
      {kind === 'any' && (
        <label>
          <span>Values are</span>
          <select
            value={inType}
            onChange={(e) => {
              const next = (e.target as HTMLSelectElement).value as typeof inType;
              setInType(next);
              update({}, text, next);
            }}
          >
            <option value="strings">text</option>
            <option value="numbers">numbers</option>
            <option value="booleans">true/false</option>
          </select>
        </label>
      )}
      <label class="values">
        <span>{kind === 'segment' ? 'Segments (one per line)' : 'Values (one per line)'}</span>
        <textarea
          rows={Math.min(6, Math.max(1, text.split('\n').length))}
          value={text}
          onInput={(e) => {
            const next = (e.target as HTMLTextAreaElement).value;
            setText(next);
            update({}, next);
          }}
          aria-invalid={issues.length > 0}
        />
      </label>
      {kind === 'segment' && segmentKeys.size > 0 && <p class="muted small">Segments: {[...segmentKeys].join(', ')}</p>}
      {!readOnly && (
        <button type="button" class="link danger" onClick={onRemove}>
          Remove condition
        </button>
      )}
      <ErrorText error={undefined} issues={issues} />
      <WarningText lines={warnings} />
    </fieldset>
  );
}
