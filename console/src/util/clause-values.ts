import { SEGMENT_MATCH, VALUE_OPERATORS } from '../../../lib/evaluation/clause-operators';
import { compilePattern } from '../../../lib/evaluation/safe-regex';

/** Every clause operator the evaluator (and so the server) knows. */
export const OPERATORS: ReadonlySet<string> = new Set([...VALUE_OPERATORS, SEGMENT_MATCH]);

/** What a clause operator compares: decides how typed values are read and checked. */
export type ValueKind = 'any' | 'string' | 'regex' | 'number' | 'date' | 'semver' | 'segment';

/** Every operator the server accepts, with a label and the kind of its values. */
export const OPERATOR_INFO: readonly { readonly op: string; readonly label: string; readonly kind: ValueKind }[] = [
  { op: 'in', label: 'is one of', kind: 'any' },
  { op: 'startsWith', label: 'starts with', kind: 'string' },
  { op: 'endsWith', label: 'ends with', kind: 'string' },
  { op: 'contains', label: 'contains', kind: 'string' },
  { op: 'matches', label: 'matches regex', kind: 'regex' },
  { op: 'lessThan', label: '<', kind: 'number' },
  { op: 'lessThanOrEqual', label: '≤', kind: 'number' },
  { op: 'greaterThan', label: '>', kind: 'number' },
  { op: 'greaterThanOrEqual', label: '≥', kind: 'number' },
  { op: 'before', label: 'is before (date)', kind: 'date' },
  { op: 'after', label: 'is after (date)', kind: 'date' },
  { op: 'semVerEqual', label: 'semver =', kind: 'semver' },
  { op: 'semVerLessThan', label: 'semver <', kind: 'semver' },
  { op: 'semVerGreaterThan', label: 'semver >', kind: 'semver' },
  { op: 'segmentMatch', label: 'is in segment', kind: 'segment' },
];

// Every server operator has an entry (checked at load, so a new server operator is not missed).
for (const op of OPERATORS) {
  if (!OPERATOR_INFO.some((info) => info.op === op)) throw new Error(`console: no editor entry for clause operator ${op}`);
}

/** The value kind of `op` (`any` for an unknown one). */
export function kindOf(op: string): ValueKind {
  return OPERATOR_INFO.find((info) => info.op === op)?.kind ?? 'any';
}

const SEMVER = /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Reads the values typed for a clause (one per line) as the evaluator will compare them:
 * numbers for `<`…`≥`, numbers (ms) or RFC 3339 strings for dates, strings otherwise; for
 * `is one of`, `numbers`/`booleans` reads each line as that type.
 *
 * @returns the values; `problems`: per line, what would make it never match (the server stores
 *   such values, as LaunchDarkly does, but the clause is then dead); `refused`: what the server
 *   refuses (a regex the evaluator would not run, an unknown segment), judged by the evaluator's
 *   own regex rule
 */
export function parseClauseValues(
  op: string,
  text: string,
  inType: 'strings' | 'numbers' | 'booleans' = 'strings',
  segmentKeys: ReadonlySet<string> = new Set(),
): { values: unknown[]; problems: string[]; refused: string[] } {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const values: unknown[] = [];
  const problems: string[] = [];
  const refused: string[] = [];
  const kind = kindOf(op);
  lines.forEach((line, i) => {
    const where = `value ${i + 1} (${JSON.stringify(line)})`;
    switch (kind) {
      case 'number': {
        const n = Number(line);
        if (!Number.isFinite(n)) problems.push(`${where}: not a number, so it never matches`);
        values.push(Number.isFinite(n) ? n : line);
        break;
      }
      case 'date': {
        const n = Number(line);
        if (Number.isFinite(n)) values.push(n);
        else {
          if (!RFC3339.test(line)) problems.push(`${where}: not a date (ms since 1970 or RFC 3339 such as 2025-01-31T00:00:00Z), so it never matches`);
          values.push(line);
        }
        break;
      }
      case 'semver':
        if (!SEMVER.test(line)) problems.push(`${where}: not a semantic version (such as 1.2.3), so it never matches`);
        values.push(line);
        break;
      case 'regex': {
        const compiled = compilePattern(line);
        if (compiled.error !== undefined) refused.push(`${where}: ${compiled.error}`);
        values.push(line);
        break;
      }
      case 'segment':
        if (!segmentKeys.has(line)) refused.push(`${where}: segment "${line}" does not exist`);
        values.push(line);
        break;
      case 'any':
        if (inType === 'numbers') {
          const n = Number(line);
          if (!Number.isFinite(n)) problems.push(`${where}: not a number`);
          values.push(Number.isFinite(n) ? n : line);
        } else if (inType === 'booleans') {
          if (line !== 'true' && line !== 'false') problems.push(`${where}: expected true or false`);
          values.push(line === 'true' ? true : line === 'false' ? false : line);
        } else values.push(line);
        break;
      default:
        values.push(line);
    }
  });
  return { values, problems, refused };
}

/** Values as the editor shows them: one per line. */
export function formatClauseValues(values: readonly unknown[] | null | undefined): string {
  return (values ?? []).map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');
}

/** How `is one of` values are typed, guessed from stored values. */
export function inTypeOf(values: readonly unknown[] | null | undefined): 'strings' | 'numbers' | 'booleans' {
  const list = values ?? [];
  if (list.length > 0 && list.every((v) => typeof v === 'number')) return 'numbers';
  if (list.length > 0 && list.every((v) => typeof v === 'boolean')) return 'booleans';
  return 'strings';
}
