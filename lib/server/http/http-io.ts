import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ServerRequestError } from '../../errors/server-request-error';
import { MAX_BODY_DEPTH, strictJsonIssues } from './strict-json';

/**
 * Reads a request body of at most `limit` bytes and parses it as JSON. A body sent with
 * `Content-Encoding: gzip` is decompressed, and the limit applies to the decompressed bytes too
 * (a small compressed body cannot expand without bound).
 *
 * A declared `Content-Length` over the limit is refused before anything is read; a chunked body
 * is refused as soon as it passes the limit, and the rest is discarded without being kept.
 *
 * JSON is read strictly (see `strictJsonIssues`): nothing `JSON.parse` would silently change is
 * accepted (a key twice in one object, a number beyond a double such as `1e309`), nor nesting
 * deeper than {@link MAX_BODY_DEPTH} levels; each problem is named with its path.
 *
 * @throws ServerRequestError 413 (too large), 415 (an encoding other than gzip), 400 (not JSON,
 *   not valid gzip, cut off, a duplicate key, a number out of range, nested too deep)
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readBody(req, limit);
  if (text.trim() === '') throw new ServerRequestError(400, 'The request body is empty; expected JSON');
  const issues = strictJsonIssues(text);
  if (issues.some((issue) => issue.endsWith('levels deep'))) {
    throw new ServerRequestError(400, `The request body is nested more than ${MAX_BODY_DEPTH} levels deep`, issues);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ServerRequestError(400, `The request body is not valid JSON (${(error as Error).message})`);
  }
  if (issues.length > 0) throw new ServerRequestError(400, 'The request body is ambiguous JSON', issues);
  return parsed;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new ServerRequestError(413, `The request body is larger than ${limit} bytes (the server's limit: the limits.maxBodyBytes option, --max-body-bytes on the command line)`, [], { Connection: 'close' });
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    req.resume();
    return Promise.reject(new ServerRequestError(415, `Content-Encoding ${JSON.stringify(encoding)} is not supported (send gzip or nothing)`));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain (and drop) what the client still sends, so it can read our answer
    return Promise.reject(tooLarge());
  }
  const gunzip = encoding === 'gzip' ? createGunzip() : undefined;
  const source: Readable = gunzip ? req.pipe(gunzip) : req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: ServerRequestError) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      source.off('data', onData);
      if (gunzip) {
        req.unpipe(gunzip);
        gunzip.destroy();
      }
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(tooLarge());
      else chunks.push(chunk);
    };
    source.on('data', onData);
    source.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    source.once('error', (error) =>
      fail(new ServerRequestError(400, gunzip ? `The request body is not valid gzip (${error.message})` : error.message)),
    );
    req.once('close', () => {
      if (!req.complete) fail(new ServerRequestError(400, 'The request body was cut off'));
    });
  });
}

/** Sends a JSON response (or an empty one when `body` is `undefined`). */
export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'Content-Length': '0' }).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
      ...headers,
    })
    .end(text);
}

/** Sends `{ "error": message, "issues": [...] }` with the error's status (500 for unexpected errors). */
export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof ServerRequestError) {
    const body = error.issues.length > 0 ? { error: error.summary, issues: error.issues } : { error: error.summary };
    sendJson(res, error.status, body, { ...error.headers });
    return;
  }
  sendJson(res, 500, { error: 'Internal server error' });
}
