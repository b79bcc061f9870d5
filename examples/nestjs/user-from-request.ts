import type { ExecutionContext } from '@nestjs/common';
import type { ContextInput } from '../../lib';

/**
 * The evaluation context of a request: here the `x-user` header. A real application maps its
 * authenticated user (and, say, the organisation as a second kind) the same way.
 */
export function userFromRequest(executionContext: ExecutionContext): ContextInput | undefined {
  const request = executionContext.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const user = request.headers['x-user'];
  return typeof user === 'string' && user !== '' ? { kind: 'user', key: user } : undefined;
}
