import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { parseContext } from '../../context/evaluation-context';
import { evaluate } from '../../evaluation/evaluator';
import { explainFlag } from '../../evaluation/explain/explain-flag';
import { errorDetail } from '../../evaluation/evaluation-results';
import { ServerRequestError } from '../../errors/server-request-error';
import { decode } from '../../model/decode';
import { sendJson } from '../http/http-io';
import type { RouteContext, ServerRoute } from '../http/server-route';
import { evaluationLookup, preparedFlag } from './prepared-environment';

/** `POST /api/environments/:env/evaluate` bodies. */
const EvaluateRequest = t.intersection(
  [t.type({ context: t.unknown }), t.partial({ flags: t.array(t.string), trace: t.boolean })],
  'EvaluateRequest',
);

/**
 * `POST /api/environments/:env/evaluate` (role `reader`): "why does this context get that".
 * Body: `{ "context": {…}, "flags"?: ["key", …], "trace"?: true }`. For every flag of the
 * environment (or those listed), the value, variation and reason from the SDK's own evaluator
 * (exactly what an SDK connected to this environment computes), plus, unless `trace: false`, the
 * trace behind it (see `FlagTrace`). A listed key that is not there gets `FLAG_NOT_FOUND`; a flag
 * whose evaluation throws (a prerequisite chain too deep for the call stack) gets `EXCEPTION`,
 * as in an SDK, with `error` saying why.
 *
 * Answer: `{ "context": { "key": canonical key, "kinds": [...] }, "items": [ { "key", "value",
 * "variationIndex", "reason", "trace"?, "error"? } ] }`.
 */
export function evaluateRoute(): ServerRoute {
  return {
    method: 'POST',
    path: '/api/environments/:env/evaluate',
    auth: 'admin',
    access: 'read',
    async handle(context: RouteContext) {
      const environment = context.repository.environment(context.params.env);
      if (!environment) throw new ServerRequestError(404, `Unknown environment "${context.params.env}"`);
      const decoded = decode(EvaluateRequest, await context.readJson(), 'evaluate request');
      if (E.isLeft(decoded)) throw new ServerRequestError(400, 'Invalid evaluate request', decoded.left.issues);
      const { flags, trace = true } = decoded.right;
      const evaluationContext = parseContext(decoded.right.context);
      if (!evaluationContext.valid) throw new ServerRequestError(400, 'Invalid evaluate request', [`context: ${evaluationContext.message}`]);
      const lookup = evaluationLookup(environment);
      const keys = flags ?? environment.list('flags').map((flag) => flag.key);
      const items = keys.map((key) => {
        const flag = environment.flag(key);
        if (flag === undefined) {
          const { value, variationIndex, reason } = errorDetail('FLAG_NOT_FOUND');
          return { key, value, variationIndex, reason };
        }
        try {
          const prepared = preparedFlag(flag);
          const { value, variationIndex, reason } = evaluate(prepared, evaluationContext, lookup);
          const item = { key, version: flag.version, value, variationIndex, reason };
          return trace ? { ...item, trace: explainFlag(prepared, evaluationContext, lookup) } : item;
        } catch (error) {
          // What an SDK answers when evaluating throws (e.g. a prerequisite chain too long for
          // the call stack): EXCEPTION, and why, for this flag only.
          const { value, variationIndex, reason } = errorDetail('EXCEPTION');
          return { key, version: flag.version, value, variationIndex, reason, error: `evaluating the flag failed: ${String(error)}` };
        }
      });
      sendJson(context.res, 200, {
        context: { key: evaluationContext.canonicalKey, kinds: evaluationContext.kinds },
        items,
      });
    },
  };
}
