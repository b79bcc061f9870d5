import { useEffect, useState } from 'preact/hooks';

/** A console location: `#/env/<env>/<page>/<key>/<sub>` or `#/<page>` for global pages. */
export interface Route {
  /** Environment key, when the page belongs to one. */
  readonly env: string | undefined;
  /** `flags`, `segments`, `insights`, `try`, `history`, `scheduled`, `environments`, `tokens`. */
  readonly page: string;
  /** Item key (a flag or segment), when there is one. */
  readonly key: string | undefined;
  /** Sub-page of an item (e.g. `history`). */
  readonly sub: string | undefined;
  /** Query after `?` in the hash. */
  readonly query: URLSearchParams;
}

/** Reads a hash (`#/env/production/flags/new-checkout?x=1`). */
export function parseHash(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts[0] === 'env' && parts[1]) {
    return { env: parts[1], page: parts[2] ?? 'flags', key: parts[3], sub: parts[4], query };
  }
  return { env: undefined, page: parts[0] ?? '', key: parts[1], sub: parts[2], query };
}

/** The hash of a location. */
export function hrefOf(route: Partial<Route> & { page: string }): string {
  const parts = route.env ? ['env', route.env, route.page] : [route.page];
  if (route.key) parts.push(route.key);
  if (route.sub) parts.push(route.sub);
  const search = route.query?.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${search ? `?${search}` : ''}`;
}

/** The same page in another environment (the switcher keeps where the user is). */
export function inEnvironment(route: Route, env: string): string {
  if (!route.env) return hrefOf({ env, page: 'flags' });
  return hrefOf({ ...route, env });
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute((current) => (hrefOf(current) === hrefOf(parseHash(location.hash)) ? current : parseHash(location.hash)));
    addEventListener('hashchange', update);
    update(); // the address may have changed between the first render and now (no event is replayed)
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** Goes to a location. */
export function navigate(href: string): void {
  if (location.hash !== href) location.hash = href;
}
