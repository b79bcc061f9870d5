import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ServerRequestError } from '../../errors/server-request-error';
import type { Logger } from '../../logging/logger';

/**
 * Checks the admin token of an admin API request: `Authorization: Bearer <token>`. The
 * comparison takes the same time whatever the presented token is (both sides are hashed to
 * SHA-256, then compared with `timingSafeEqual`). Failures are logged with the client address,
 * method and path, never with the presented token.
 *
 * With no token configured (dev mode only), every request passes.
 */
export class AdminAuth {
  private readonly expected: Buffer | undefined;

  constructor(
    token: string | undefined,
    private readonly logger: Logger,
  ) {
    this.expected = token === undefined ? undefined : digest(token);
  }

  /** Whether a token is required (false only in dev mode without a token). */
  get enforced(): boolean {
    return this.expected !== undefined;
  }

  /**
   * @throws ServerRequestError 401 (missing or wrong token), with `WWW-Authenticate: Bearer`
   */
  check(req: IncomingMessage, pathname: string): void {
    if (!this.expected) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const presented = match ? digest(match[1]) : undefined;
    if (presented && timingSafeEqual(presented, this.expected)) return;
    const reason = header === '' ? 'no token' : match ? 'wrong token' : 'malformed Authorization header';
    this.logger.warn(`Admin API: refused ${req.method} ${pathname} from ${req.socket.remoteAddress ?? '?'} (${reason})`);
    throw new ServerRequestError(401, 'A valid admin token is required (Authorization: Bearer <token>)', [], {
      'WWW-Authenticate': 'Bearer realm="flagstream admin"',
    });
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
