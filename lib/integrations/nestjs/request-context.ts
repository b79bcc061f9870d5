import type { ExecutionContext } from '@nestjs/common';
import type { ContextInput } from '../../context/context-input';
import type { ContextFromRequest } from './flagstream-module-options';

/** The context flags evaluate for when a request has none. */
export const ANONYMOUS_CONTEXT: ContextInput = Object.freeze({ kind: 'user', key: 'anonymous', anonymous: true });

/**
 * The default {@link ContextFromRequest}: for HTTP, `request.user` (Passport's convention) as
 * `{ kind: 'user', key }` with its `key`, `id` or `sub`; otherwise `undefined` (anonymous).
 */
export const defaultContextFromRequest: ContextFromRequest = (executionContext) => {
  if (executionContext.getType() !== 'http') return undefined;
  const user = (executionContext.switchToHttp().getRequest<{ user?: Record<string, unknown> }>() ?? {}).user;
  if (typeof user !== 'object' || user === null) return undefined;
  const key = user.key ?? user.id ?? user.sub;
  return typeof key === 'string' || typeof key === 'number' ? { kind: 'user', key: String(key) } : undefined;
};

/** Evaluates `contextFromRequest` for `executionContext`; `ANONYMOUS_CONTEXT` when it gives none. */
export function requestContext(contextFromRequest: ContextFromRequest, executionContext: ExecutionContext): ContextInput {
  return contextFromRequest(executionContext) ?? ANONYMOUS_CONTEXT;
}
