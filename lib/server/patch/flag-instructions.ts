import { randomUUID } from 'node:crypto';
import * as t from 'io-ts';
import { ServerRequestError } from '../../errors/server-request-error';
import { FlagRule, type Flag } from '../../model/flag';
import { VariationOrRollout } from '../../model/rollout';
import { checkVariationIndex, checkVariationOrRollout } from '../validation/rule-checks';
import { decodeInstructions } from './decode-instructions';
import { addTargets, removeTargets } from './targets-edit';

const Targets = t.intersection([t.type({ variation: t.number, values: t.array(t.string) }), t.partial({ contextKind: t.string })]);
const PrerequisiteFields = t.type({ key: t.string, variation: t.number });

/**
 * The semantic-patch instructions for flags (`PATCH /api/environments/:env/flags/:key` with
 * `{"instructions":[…]}`), applied in order, all or nothing:
 *
 * | kind | fields | effect |
 * |---|---|---|
 * | `turnFlagOn` / `turnFlagOff` | | sets `on` |
 * | `addTargets` | `variation`, `values`, `contextKind?` (default `user`) | targets the keys to the variation (and untargets them from the others) |
 * | `removeTargets` | `variation`, `values`, `contextKind?` | untargets the keys |
 * | `updateFallthrough` | `variation` or `rollout` | replaces the fallthrough |
 * | `updateOffVariation` | `variation` (number or `null`) | replaces the off variation |
 * | `addPrerequisite` / `updatePrerequisite` | `key`, `variation` | adds / changes a prerequisite |
 * | `removePrerequisite` | `key` | removes a prerequisite |
 * | `addRule` | a rule (`clauses`, `variation` or `rollout`, `id?`, `trackEvents?`), `beforeRuleId?` | inserts a rule (at the end by default; an id is generated when absent) |
 * | `updateRule` | `ruleId`, `variation` or `rollout` | changes what a rule serves |
 * | `removeRule` | `ruleId` | removes a rule |
 */
export const FLAG_INSTRUCTIONS = {
  turnFlagOn: t.type({}),
  turnFlagOff: t.type({}),
  addTargets: Targets,
  removeTargets: Targets,
  updateFallthrough: VariationOrRollout,
  updateOffVariation: t.type({ variation: t.union([t.number, t.null]) }),
  addPrerequisite: PrerequisiteFields,
  updatePrerequisite: PrerequisiteFields,
  removePrerequisite: t.type({ key: t.string }),
  addRule: t.intersection([FlagRule, t.partial({ beforeRuleId: t.string })]),
  updateRule: t.intersection([t.type({ ruleId: t.string }), VariationOrRollout]),
  removeRule: t.type({ ruleId: t.string }),
};

type Fields<K extends keyof typeof FLAG_INSTRUCTIONS> = t.TypeOf<(typeof FLAG_INSTRUCTIONS)[K]>;

/**
 * Applies a semantic patch to a copy of `current`.
 *
 * @returns the changed flag (`current` is not modified)
 * @throws ServerRequestError 400 naming each bad instruction (`instructions[1].ruleId: no rule
 *   with id "x"`)
 */
export function applyFlagInstructions(current: Flag, body: unknown): Flag {
  const instructions = decodeInstructions(body, FLAG_INSTRUCTIONS, 'flag instructions');
  const flag = structuredClone(current);
  const issues: string[] = [];
  for (const { kind, fields, path } of instructions) {
    const count = flag.variations?.length ?? 0;
    switch (kind) {
      case 'turnFlagOn':
      case 'turnFlagOff':
        flag.on = kind === 'turnFlagOn';
        break;
      case 'addTargets':
      case 'removeTargets': {
        const { variation, values, contextKind } = fields as Fields<'addTargets'>;
        checkVariationIndex(issues, `${path}.variation`, variation, count);
        if (kind === 'addTargets') addTargets(flag, variation, values, contextKind);
        else removeTargets(flag, variation, values, contextKind);
        break;
      }
      case 'updateFallthrough': {
        const { variation, rollout } = fields as Fields<'updateFallthrough'>;
        checkVariationOrRollout(issues, path, { variation, rollout }, count);
        flag.fallthrough = variation !== undefined && variation !== null ? { variation } : { rollout };
        break;
      }
      case 'updateOffVariation':
        flag.offVariation = (fields as Fields<'updateOffVariation'>).variation;
        break;
      case 'addPrerequisite':
      case 'updatePrerequisite': {
        const { key, variation } = fields as Fields<'addPrerequisite'>;
        const prerequisites = (flag.prerequisites ??= []);
        const existing = prerequisites.find((prerequisite) => prerequisite.key === key);
        if (kind === 'addPrerequisite' && existing) issues.push(`${path}.key: "${key}" is already a prerequisite`);
        else if (kind === 'updatePrerequisite' && !existing) issues.push(`${path}.key: "${key}" is not a prerequisite`);
        else if (existing) existing.variation = variation;
        else prerequisites.push({ key, variation });
        break;
      }
      case 'removePrerequisite': {
        const { key } = fields as Fields<'removePrerequisite'>;
        const before = flag.prerequisites?.length ?? 0;
        flag.prerequisites = (flag.prerequisites ?? []).filter((prerequisite) => prerequisite.key !== key);
        if (flag.prerequisites.length === before) issues.push(`${path}.key: "${key}" is not a prerequisite`);
        break;
      }
      case 'addRule': {
        const { beforeRuleId, kind: _kind, ...rule } = fields as Fields<'addRule'> & { kind: string };
        const rules = (flag.rules ??= []);
        const at = beforeRuleId === undefined ? rules.length : rules.findIndex((r) => r.id === beforeRuleId);
        if (at < 0) issues.push(`${path}.beforeRuleId: no rule with id "${beforeRuleId}"`);
        else rules.splice(at, 0, { ...rule, id: rule.id ?? randomUUID() });
        break;
      }
      case 'updateRule':
      case 'removeRule': {
        const { ruleId, variation, rollout } = fields as Fields<'updateRule'>;
        const index = (flag.rules ?? []).findIndex((rule) => rule.id === ruleId);
        if (index < 0) issues.push(`${path}.ruleId: no rule with id "${ruleId}"`);
        else if (kind === 'removeRule') flag.rules!.splice(index, 1);
        else {
          checkVariationOrRollout(issues, path, { variation, rollout }, count);
          const { variation: _v, rollout: _r, ...rest } = flag.rules![index];
          flag.rules![index] = variation !== undefined && variation !== null ? { ...rest, variation } : { ...rest, rollout };
        }
        break;
      }
    }
  }
  if (issues.length > 0) throw new ServerRequestError(400, `Invalid flag instructions`, issues);
  return flag;
}
