import assert from 'node:assert/strict';
import { isHttpRecoverable } from '../../lib/transport/http-status';

describe('isHttpRecoverable', () => {
  it('retries 400, 408, 429 and 5xx', () => {
    for (const status of [400, 408, 429, 500, 502, 503, 504, 599]) assert.equal(isHttpRecoverable(status), true, String(status));
  });

  it('gives up on 401, 403 and the other 4xx', () => {
    for (const status of [401, 403, 404, 405, 410, 413, 499]) assert.equal(isHttpRecoverable(status), false, String(status));
  });
});
