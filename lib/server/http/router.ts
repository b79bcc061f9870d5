import { ServerRequestError } from '../../errors/server-request-error';
import type { ServerRoute } from './server-route';

interface CompiledRoute {
  readonly route: ServerRoute;
  readonly pattern: RegExp;
  readonly names: string[];
}

/** A route matched to a request path, with its decoded path parameters. */
export interface RouteMatch {
  readonly route: ServerRoute;
  readonly params: Record<string, string>;
}

/**
 * Matches request paths to routes. Patterns are literal segments and `:name` segments (one
 * path segment each); the first route listed wins.
 */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly ServerRoute[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  /**
   * The route for `method` and `pathname`.
   *
   * @throws ServerRequestError 404 (no such path), 405 (path exists, method does not; with
   *   `Allow`), 400 (a parameter is not valid percent-encoding)
   */
  match(method: string, pathname: string): RouteMatch {
    const allowed: string[] = [];
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(pathname);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(found[i + 1]);
        } catch {
          throw new ServerRequestError(400, `Path parameter ${name} is not valid percent-encoding`);
        }
      });
      return { route, params };
    }
    if (allowed.length > 0) {
      throw new ServerRequestError(405, `Method ${method} is not allowed here`, [], { Allow: [...new Set(allowed)].join(', ') });
    }
    throw new ServerRequestError(404, `No such endpoint: ${pathname}`);
  }
}
