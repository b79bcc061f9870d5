import type { Clause } from '../../../lib/model/clause';
import { updateAt } from '../util/update-at';
import { ClauseEditor } from './clause-editor';

/** A new condition: `user key is one of` nothing yet. */
export function newClause(): Clause {
  return { contextKind: 'user', attribute: 'key', op: 'in', values: [], negate: false };
}

/** A rule of a flag or a segment, as far as its conditions go. */
type WithClauses = { readonly clauses?: readonly Clause[] | null };

/**
 * The conditions of the rule at `path` (e.g. `rules[0]`), all of which must match: a clause
 * editor each (ids `<id>-clause-<n>`, with the issues under `<path>.clauses[<n>]`) and
 * "Add condition". Each edit goes to `setRule` as a change of the rule.
 */
export function ClauseList<R extends WithClauses>({
  id,
  path,
  rule,
  setRule,
  segmentKeys,
  issuesAt,
  readOnly,
}: {
  id: string;
  path: string;
  rule: R;
  setRule: (change: (rule: R) => R) => void;
  segmentKeys: ReadonlySet<string>;
  issuesAt: (prefix: string) => string[];
  readOnly: boolean;
}) {
  const change = (edit: (clauses: readonly Clause[] | null | undefined) => Clause[]) => setRule((r) => ({ ...r, clauses: edit(r.clauses) }));
  return (
    <>
      {(rule.clauses ?? []).map((clause, c) => (
        <ClauseEditor
          key={c}
          id={`${id}-clause-${c}`}
          clause={clause}
          segmentKeys={segmentKeys}
          readOnly={readOnly}
          issues={issuesAt(`${path}.clauses[${c}]`)}
          onChange={(next) => change((list) => updateAt(list, c, () => next))}
          onRemove={() => change((list) => updateAt(list, c, () => undefined))}
        />
      ))}
      {!readOnly && (
        <button type="button" onClick={() => change((list) => [...(list ?? []), newClause()])}>
          Add condition
        </button>
      )}
    </>
  );
}

/** The issues of the rule at `path` other than those of its conditions (shown under each clause). */
export function ruleIssues(issuesAt: (prefix: string) => string[], path: string): string[] {
  return issuesAt(path).filter((issue) => !issue.startsWith(`${path}.clauses[`));
}
