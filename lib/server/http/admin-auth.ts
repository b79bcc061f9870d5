import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ServerRequestError } from '../../errors/server-request-error';
import type { AuthThrottle } from './auth-throttle';

/**
 * What an API token may do, each including the one before:
 * - `reader`: read flags, segments, environments, history, audit, evaluate;
 * - `writer`: also change flags and segments (create, edit, delete, import, restore, copy,
 *   schedule changes);
 * - `admin`: also manage tokens, environments and SDK keys.
 */
export type Role = 'reader' | 'writer' | 'admin';

/** Every role, from least to most powerful. */
export const ROLES: readonly Role[] = ['reader', 'writer', 'admin'];

/**
 * What an admin API route needs: `read` (reader and up), `write` (writer and up) or `manage`
 * (admin only).
 */
export type Access = 'read' | 'write' | 'manage';

const NEEDED: Record<Access, Role> = { read: 'reader', write: 'writer', manage: 'admin' };

/** Who made an admin API request. */
export interface Principal {
  /** The token's name (the actor in the audit log): `bootstrap` for `FLAGSTREAM_ADMIN_TOKEN`, `dev` in open dev mode. */
  readonly name: string;
  readonly role: Role;
  /** Environments the token may see and touch; `undefined` means all. */
  readonly environments?: readonly string[];
  /** The token's id (named tokens only). */
  readonly tokenId?: string;
}

/**
 * Finds the named token whose secret has this SHA-256 digest (hex), if it is valid now: from
 * memory, or, when `readStore` is true and it is not in memory, as a promise of a read of the
 * store (`Management.resolveToken`). Without `readStore` it answers from memory only.
 */
export type TokenResolver = (digestHex: string, readStore: boolean) => Principal | undefined | Promise<Principal | undefined>;

/** The SHA-256 of a token secret, hex: what the server stores instead of the secret. */
export function tokenDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Authenticates admin API requests (`Authorization: Bearer <token>`) and checks what the token
 * may do. Two kinds of token are accepted: the bootstrap token (the `adminToken` option, i.e.
 * `FLAGSTREAM_ADMIN_TOKEN`; role `admin`, every environment), compared in constant time, and named
 * tokens, found by the SHA-256 digest of the presented secret (only digests are stored): in
 * memory, or else in the store, so that a token created on another replica works here at once.
 *
 * Failures go to the shared {@link AuthThrottle} (counted per client address, summarised in the
 * log, never with the token); a blocked address gets `429` with `Retry-After`. The throttle
 * comes before the store: a blocked address is refused without a read, and an address has at
 * most as many reads in flight as it has failures left before its block, so a flood of wrong
 * tokens costs at most `maxFailures` reads per address and window (fewer when one is repeated:
 * see `Management.resolveToken`). A read that fails (store unreachable) counts as a failure and
 * is answered as the store's error (`503`).
 *
 * With no bootstrap token (dev mode only), every request passes as `dev` with role `admin`.
 */
export class AdminAuth {
  private readonly expected: Buffer | undefined;
  /** Store reads in flight, by client address. */
  private readonly reads = new Map<string, number>();

  constructor(
    token: string | undefined,
    private readonly throttle: AuthThrottle,
    private readonly resolveToken: TokenResolver = () => undefined,
  ) {
    this.expected = token === undefined ? undefined : createHash('sha256').update(token).digest();
  }

  /** Whether a token is required (false only in dev mode without a token). */
  get enforced(): boolean {
    return this.expected !== undefined;
  }

  /**
   * The principal of a request.
   *
   * @throws ServerRequestError 429 (the address is blocked, with `Retry-After`), 401 (missing or
   *   wrong token, with `WWW-Authenticate: Bearer`); the store's error when a token not in
   *   memory could not be looked up
   */
  async authenticate(req: IncomingMessage, pathname: string): Promise<Principal> {
    if (!this.expected) return DEV_PRINCIPAL;
    const address = req.socket.remoteAddress ?? '?';
    const blocked = this.throttle.retryAfterSeconds(address);
    if (blocked > 0) {
      this.throttle.refusedWhileBlocked(address, 'admin');
      throw tooManyFailures(blocked);
    }
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) {
      const presented = createHash('sha256').update(match[1]).digest();
      if (timingSafeEqual(presented, this.expected)) return BOOTSTRAP_PRINCIPAL;
      const reading = this.reads.get(address) ?? 0;
      const found = this.resolveToken(presented.toString('hex'), reading < this.throttle.failuresLeft(address));
      const named = found instanceof Promise ? await this.readStore(address, found, `${req.method} ${pathname}`) : found;
      if (named) return named;
    }
    const reason = header === '' ? 'no token' : match ? 'wrong token' : 'malformed Authorization header';
    const retryAfter = this.throttle.fail(address, 'admin', reason, `${req.method} ${pathname}`);
    if (retryAfter > 0) throw tooManyFailures(retryAfter);
    throw new ServerRequestError(401, 'A valid admin token is required (Authorization: Bearer <token>)', [], {
      'WWW-Authenticate': 'Bearer realm="flagstream admin"',
    });
  }

  /** Waits for a store read begun for `address`, counted among its reads in flight. */
  private async readStore(address: string, read: Promise<Principal | undefined>, where: string): Promise<Principal | undefined> {
    this.reads.set(address, (this.reads.get(address) ?? 0) + 1);
    try {
      return await read;
    } catch (error) {
      const retryAfter = this.throttle.fail(address, 'admin', 'token not checked (store unreachable)', where);
      if (retryAfter > 0) throw tooManyFailures(retryAfter);
      throw error;
    } finally {
      const left = this.reads.get(address)! - 1;
      if (left > 0) this.reads.set(address, left);
      else this.reads.delete(address);
    }
  }

  /**
   * Checks that `principal` may perform `access` in `environment` (when the route names one).
   *
   * @throws ServerRequestError 403 naming the role needed or the environment out of scope
   */
  authorize(principal: Principal, access: Access, environment: string | undefined): void {
    const needed = NEEDED[access];
    if (ROLES.indexOf(principal.role) < ROLES.indexOf(needed)) {
      throw new ServerRequestError(403, `Token "${principal.name}" has role ${principal.role}; this needs ${needed}`);
    }
    if (environment !== undefined && !canSee(principal, environment)) {
      throw new ServerRequestError(403, `Token "${principal.name}" is not allowed in environment "${environment}"`);
    }
  }
}

/** Whether `principal` may see `environment` (tokens without a scope see every environment). */
export function canSee(principal: Principal, environment: string): boolean {
  return principal.environments === undefined || principal.environments.includes(environment);
}

/** The `429` answered to a blocked address. */
export function tooManyFailures(retryAfterSeconds: number): ServerRequestError {
  return new ServerRequestError(429, `Too many failed authentications from this address; retry in ${retryAfterSeconds} s`, [], {
    'Retry-After': String(retryAfterSeconds),
  });
}

/** The principal of the bootstrap token. */
export const BOOTSTRAP_PRINCIPAL: Principal = Object.freeze({ name: 'bootstrap', role: 'admin' });

/** The principal of open dev mode (no token configured). */
export const DEV_PRINCIPAL: Principal = Object.freeze({ name: 'dev', role: 'admin' });
