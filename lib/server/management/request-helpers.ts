import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { ServerRequestError } from '../../errors/server-request-error';
import { decode } from '../../model/decode';
import { jsonPreview } from '../../model/json-preview';
import type { Environment } from '../environment';
import { canSee, type Principal } from '../http/admin-auth';
import type { RouteContext } from '../http/server-route';

/** The principal of an admin route's request (open dev mode has one too). */
export function principalOf(context: RouteContext): Principal {
  if (context.principal === undefined) throw new ServerRequestError(500, 'no principal on an admin route');
  return context.principal;
}

/** The `:env` environment, or 404. */
export function environmentOf(context: RouteContext, key = context.params.env): Environment {
  const environment = context.repository.environment(key);
  if (!environment) throw new ServerRequestError(404, `Unknown environment "${key}"`);
  return environment;
}

/**
 * The request's JSON body, decoded with `codec`: `{ body, value }` (the body too, for
 * {@link commentOf}).
 *
 * @throws ServerRequestError 400 `Invalid <what>` with each problem's path under `what`
 */
export async function readBody<A, O>(context: RouteContext, codec: t.Type<A, O, unknown>, what: string): Promise<{ body: unknown; value: A }> {
  const body = await context.readJson();
  const decoded = decode(codec, body, what);
  if (E.isLeft(decoded)) throw new ServerRequestError(400, `Invalid ${what}`, decoded.left.issues);
  return { body, value: decoded.right };
}

/**
 * The comment given with a change: the `X-Flagstream-Comment` header (percent-decoded), or a
 * `comment` string in the JSON body; at most 1,000 characters.
 */
export function commentOf(context: RouteContext, body?: unknown): string | undefined {
  const header = context.req.headers['x-flagstream-comment'];
  let comment: unknown = typeof header === 'string' ? safeDecode(header) : undefined;
  if (comment === undefined && typeof body === 'object' && body !== null && !Array.isArray(body)) comment = (body as Record<string, unknown>).comment;
  if (comment === undefined || comment === null || comment === '') return undefined;
  if (typeof comment !== 'string' || comment.length > 1000) throw new ServerRequestError(400, 'Invalid comment', ['comment: a string of at most 1,000 characters']);
  return comment;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Checks that the caller may touch another environment too (copy's target). */
export function checkEnvironmentAccess(principal: Principal, environment: string): void {
  if (!canSee(principal, environment)) throw new ServerRequestError(403, `Token "${principal.name}" is not allowed in environment "${environment}"`);
}

/** The furthest a JavaScript `Date` reaches either side of 1970, ms (years -271821 to 275760). */
const MAX_TIME_MS = 8.64e15;

/**
 * A time given as ms since epoch or an ISO 8601 string: whole ms within the range of a `Date`
 * (a time outside it could be stored but never shown as a date).
 *
 * @throws ServerRequestError 400 naming `path`
 */
export function parseTime(value: unknown, path: string): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : Date.parse(value)) : NaN;
  if (!Number.isFinite(ms)) throw new ServerRequestError(400, 'Invalid time', [`${path}: expected ms since epoch or an ISO 8601 time, got ${jsonPreview(value)}`]);
  if (!Number.isInteger(ms) || Math.abs(ms) > MAX_TIME_MS) {
    throw new ServerRequestError(400, 'Invalid time', [`${path}: expected whole ms since epoch within ±${MAX_TIME_MS} (the range of a date), got ${jsonPreview(value)}`]);
  }
  return ms;
}
