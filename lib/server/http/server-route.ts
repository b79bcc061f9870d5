import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Environment } from '../environment';
import type { FlagRepository } from '../flag-repository';
import type { Access, Principal } from './admin-auth';

/**
 * Who may call a route:
 * - `sdk`: a known, enabled SDK key in `Authorization` (raw key); anything else gets `401`/`403`
 *   with an empty body;
 * - `admin`: the admin token (`Authorization: Bearer <token>`); open in dev mode without a token;
 * - `none`: anyone.
 */
export type RouteAuth = 'sdk' | 'admin' | 'none';

/** What a route handler gets for one request. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Path parameters (`:env`, `:key`), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query string parameters. */
  readonly query: URLSearchParams;
  /** For `sdk` routes: the environment the SDK key selects. */
  readonly environment: Environment | undefined;
  /** For `sdk` routes: the key's short hash (`key#1a2b3c4d`), for log lines. */
  readonly keyHash: string | undefined;
  /** For `admin` routes: who is calling (token name, role, environment scope). */
  readonly principal?: Principal;
  /** Every environment's flags and segments (read them; change them only through `update`). */
  readonly repository: FlagRepository;
  /**
   * Reads the body as JSON, at most the server's `maxBodyBytes`.
   * @throws ServerRequestError 413 or 400
   */
  readJson(): Promise<unknown>;
}

/**
 * One HTTP route of the flag server. Built-in routes and plugin routes have this shape.
 * A handler answers through `context.res` or throws a `ServerRequestError`.
 */
export interface ServerRoute {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path pattern; `:name` segments become `params.name` (e.g. `/api/environments/:env/flags`). */
  readonly path: string;
  readonly auth: RouteAuth;
  /**
   * For `admin` routes: what the token must be allowed to do. Default `read` for `GET`/`HEAD`,
   * `write` otherwise. A route with an `:env` parameter also checks the token's environments.
   */
  readonly access?: Access;
  handle(context: RouteContext): void | Promise<void>;
}
