import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { HttpError } from '../../lib/errors/http-error';
import { NetworkError } from '../../lib/errors/network-error';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';
import { httpGet, type HttpGetOptions } from '../../lib/transport/http-get';
import { sleep } from '../data-sources/helpers/collect';

describe('httpGet', () => {
  let server: http.Server;
  let port: number;
  let handler: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  const requests: http.IncomingMessage[] = [];

  beforeEach(async () => {
    requests.length = 0;
    server = http.createServer((request, response) => {
      requests.push(request);
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function get(options: Partial<HttpGetOptions> = {}) {
    return firstValueFrom(httpGet({ url: `http://127.0.0.1:${port}/sdk/latest-all`, ...options }));
  }

  async function failure(options: Partial<HttpGetOptions> = {}): Promise<Error> {
    try {
      await get(options);
    } catch (error) {
      return error as Error;
    }
    assert.fail('expected the request to fail');
  }

  it('emits status, ETag and body, sending the given headers', async () => {
    handler = (_request, response) => response.writeHead(200, { ETag: '"v1"' }).end('{"flags":{}}');
    const response = await get({ headers: { Authorization: 'k', 'If-None-Match': '"v0"' } });
    assert.deepEqual(response, { status: 200, etag: '"v1"', body: '{"flags":{}}' });
    assert.equal(requests[0].headers.authorization, 'k');
    assert.equal(requests[0].headers['if-none-match'], '"v0"');
  });

  it('emits a 304 with an empty body', async () => {
    handler = (_request, response) => response.writeHead(304, { ETag: '"v1"' }).end();
    assert.deepEqual(await get(), { status: 304, etag: '"v1"', body: '' });
  });

  it('fails with HttpError on error statuses, fatal or recoverable', async () => {
    for (const [status, recoverable] of [[401, false], [403, false], [404, false], [400, true], [429, true], [500, true], [503, true]] as const) {
      handler = (_request, response) => response.writeHead(status).end('secret body');
      const error = await failure();
      assert.ok(error instanceof HttpError, `status ${status}`);
      assert.equal(error.status, status);
      assert.equal(error.recoverable, recoverable, `status ${status}`);
      assert.doesNotMatch(error.message, /secret/);
    }
  });

  it('fails with NetworkError after the timeout and aborts the request', async () => {
    handler = () => {}; // never answers
    const start = Date.now();
    const error = await failure({ timeout: 100 });
    assert.ok(Date.now() - start >= 95);
    assert.ok(error instanceof NetworkError);
    assert.equal(error.message, `GET http://127.0.0.1:${port}/sdk/latest-all failed: request timed out after 100 ms`);
    await waitUntil(() => requests[0]?.destroyed === true);
  });

  it('fails with NetworkError when a chunked body is cut', async () => {
    handler = (_request, response) => {
      response.writeHead(200);
      response.write('{"flags":', () => setTimeout(() => response.socket?.destroy(), 10));
    };
    const error = await failure({ timeout: 5000 });
    assert.ok(error instanceof NetworkError);
    assert.doesNotMatch(error.message, /timed out/);
  });

  it('fails at the timeout when a body with Content-Length is cut', async () => {
    // node-fetch 2 does not notice this cut by itself: the request timeout bounds it.
    handler = (_request, response) => {
      response.writeHead(200, { 'Content-Length': '100' });
      response.write('{"flags":', () => setTimeout(() => response.socket?.destroy(), 10));
    };
    const error = await failure({ timeout: 200 });
    assert.ok(error instanceof NetworkError);
  });

  it('fails with NetworkError without leaking URL credentials when nothing listens', async () => {
    const closedPort = port;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure({ url: `http://user:pw@127.0.0.1:${closedPort}/sdk/latest-all?token=abc` });
    assert.ok(error instanceof NetworkError);
    assert.match(error.message, new RegExp(`^GET http://127\\.0\\.0\\.1:${closedPort}/sdk/latest-all failed: connect ECONNREFUSED`));
    assert.doesNotMatch(error.message, /pw|token/);
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });

  it('rejects a body larger than maxBodySize', async () => {
    handler = (_request, response) => response.writeHead(200).end('x'.repeat(5000));
    const error = await failure({ maxBodySize: 1000 });
    assert.ok(error instanceof PayloadDecodeError);
    assert.deepEqual(error.issues, ['(root): body larger than the limit of 1000 bytes']);
  });

  it('aborts the request on unsubscribe', async () => {
    handler = () => {};
    const subscription = httpGet({ url: `http://127.0.0.1:${port}/sdk/latest-all` }).subscribe();
    await waitUntil(() => requests.length === 1);
    subscription.unsubscribe();
    await waitUntil(() => requests[0].destroyed);
  });
});

async function waitUntil(predicate: () => boolean, timeout = 2000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeout) throw new Error('timed out');
    await sleep(5);
  }
}
