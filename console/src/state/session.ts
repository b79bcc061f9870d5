import { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';

/** What a token may do: a reader sees, a writer edits flags and segments, an admin manages keys and tokens. */
export type Role = 'reader' | 'writer' | 'admin';

/** A signed-in user of the console. */
export interface Session {
  readonly token: string | undefined;
  /** The token's name (the actor in history), when the server tells it. */
  readonly name: string;
  readonly role: Role;
  /** Environments the token is limited to; `undefined` for all. */
  readonly environments: readonly string[] | undefined;
  /** Whether the server runs in dev mode without a token (anyone on the machine may edit). */
  readonly open: boolean;
  /** `GET /api/environments` as read when signing in (so the first page needs no second request). */
  readonly listed: unknown;
}

const STORAGE_KEY = 'flagstream.console.token';

/** The token kept for this tab (session storage: gone when the tab closes). */
export function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeToken(token: string | undefined): void {
  try {
    if (token) sessionStorage.setItem(STORAGE_KEY, token);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage refused (private mode): the session lasts until reload
  }
}

interface WhoAmI {
  name?: unknown;
  role?: unknown;
  environments?: unknown;
}

/**
 * Checks `token` against the server and learns what it may do (`GET /api/me`; a server without
 * it has one admin token only, so the token is `admin`).
 *
 * @throws ApiError 401 when the token is refused, or why the server could not be reached
 */
export async function openSession(token: string | undefined): Promise<Session> {
  const api = new ApiClient(token);
  const [listed, me] = await Promise.all([
    api.get('/api/environments'),
    api.get<WhoAmI>('/api/me').catch((error: unknown): WhoAmI => {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) throw error;
      return {};
    }),
  ]);
  const role: Role = me.role === 'reader' || me.role === 'writer' ? me.role : 'admin';
  const environments = Array.isArray(me.environments) && me.environments.length > 0 ? me.environments.map(String) : undefined;
  return {
    token,
    name: typeof me.name === 'string' ? me.name : token ? 'admin' : 'dev mode',
    role,
    environments,
    open: token === undefined,
    listed,
  };
}

/** Whether the session may change flags and segments. */
export function canEdit(session: Session): boolean {
  return session.role === 'writer' || session.role === 'admin';
}

/** Whether the session may manage SDK keys, environments and tokens. */
export function canManage(session: Session): boolean {
  return session.role === 'admin';
}
