import { randomUUID } from 'node:crypto';
import * as t from 'io-ts';
import { ServerRequestError } from '../../errors/server-request-error';
import { SegmentRule, type Segment, type SegmentTarget } from '../../model/segment';
import { decodeInstructions } from './decode-instructions';

const Keys = t.intersection([t.type({ values: t.array(t.string) }), t.partial({ contextKind: t.string })]);

/**
 * The semantic-patch instructions for segments, applied in order, all or nothing:
 *
 * | kind | fields | effect |
 * |---|---|---|
 * | `addIncluded` / `removeIncluded` | `values`, `contextKind?` (default `user`) | includes / stops including the keys |
 * | `addExcluded` / `removeExcluded` | `values`, `contextKind?` | excludes / stops excluding the keys |
 * | `addRule` | a rule (`clauses`, `weight?`, `bucketBy?`, `rolloutContextKind?`, `id?`), `beforeRuleId?` | inserts a rule |
 * | `removeRule` | `ruleId` | removes a rule |
 *
 * User keys live in `included`/`excluded`, other kinds in `includedContexts`/`excludedContexts`.
 */
export const SEGMENT_INSTRUCTIONS = {
  addIncluded: Keys,
  removeIncluded: Keys,
  addExcluded: Keys,
  removeExcluded: Keys,
  addRule: t.intersection([SegmentRule, t.partial({ beforeRuleId: t.string })]),
  removeRule: t.type({ ruleId: t.string }),
};

type Fields<K extends keyof typeof SEGMENT_INSTRUCTIONS> = t.TypeOf<(typeof SEGMENT_INSTRUCTIONS)[K]>;

/**
 * Applies a semantic patch to a copy of `current`.
 *
 * @returns the changed segment (`current` is not modified)
 * @throws ServerRequestError 400 naming each bad instruction
 */
export function applySegmentInstructions(current: Segment, body: unknown): Segment {
  const instructions = decodeInstructions(body, SEGMENT_INSTRUCTIONS, 'segment instructions');
  const segment = structuredClone(current);
  const issues: string[] = [];
  for (const { kind, fields, path } of instructions) {
    switch (kind) {
      case 'addIncluded':
      case 'removeIncluded':
      case 'addExcluded':
      case 'removeExcluded': {
        const { values, contextKind = 'user' } = fields as Fields<'addIncluded'>;
        const list = kind.endsWith('Included') ? 'included' : 'excluded';
        editKeys(segment, list, contextKind, values, kind.startsWith('add'));
        break;
      }
      case 'addRule': {
        const { beforeRuleId, kind: _kind, ...rule } = fields as Fields<'addRule'> & { kind: string };
        const rules = (segment.rules ??= []);
        const at = beforeRuleId === undefined ? rules.length : rules.findIndex((r) => r.id === beforeRuleId);
        if (at < 0) issues.push(`${path}.beforeRuleId: no rule with id "${beforeRuleId}"`);
        else rules.splice(at, 0, { ...rule, id: rule.id ?? randomUUID() });
        break;
      }
      case 'removeRule': {
        const { ruleId } = fields as Fields<'removeRule'>;
        const index = (segment.rules ?? []).findIndex((rule) => rule.id === ruleId);
        if (index < 0) issues.push(`${path}.ruleId: no rule with id "${ruleId}"`);
        else segment.rules!.splice(index, 1);
        break;
      }
    }
  }
  if (issues.length > 0) throw new ServerRequestError(400, 'Invalid segment instructions', issues);
  return segment;
}

function editKeys(segment: Segment, list: 'included' | 'excluded', contextKind: string, values: string[], add: boolean): void {
  const apply = (existing: readonly string[]): string[] =>
    add ? [...new Set([...existing, ...values])] : existing.filter((value) => !values.includes(value));
  if (contextKind === 'user') {
    segment[list] = apply(segment[list] ?? []);
    return;
  }
  const field = list === 'included' ? 'includedContexts' : 'excludedContexts';
  const targets: SegmentTarget[] = (segment[field] ??= []);
  let entry = targets.find((target) => target.contextKind === contextKind);
  if (!entry && add) targets.push((entry = { contextKind, values: [] }));
  if (entry) entry.values = apply(entry.values);
  segment[field] = targets.filter((target) => target.values.length > 0);
}
