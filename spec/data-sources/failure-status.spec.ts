import assert from 'node:assert/strict';
import { describeFailure, failureStatus, isFatalFailure, isOffStatus } from '../../lib/data-sources/failure-status';
import { HttpError } from '../../lib/errors/http-error';
import { NetworkError } from '../../lib/errors/network-error';
import { PayloadDecodeError } from '../../lib/errors/payload-decode-error';

describe('failureStatus', () => {
  const url = 'http://h/sdk/latest-all';

  it('stops for good on a non-recoverable HTTP status', () => {
    const error = new HttpError('GET', url, 401, false);
    assert.equal(isFatalFailure(error), true);
    const status = failureStatus(error, 42);
    assert.deepEqual(status, {
      type: 'status',
      state: 'OFF',
      error: { kind: 'ERROR_RESPONSE', statusCode: 401, message: error.message, time: 42 },
    });
    assert.equal(isOffStatus(status), true);
  });

  it('retries a recoverable HTTP status', () => {
    const status = failureStatus(new HttpError('GET', url, 503, true), 1);
    assert.ok(status.type === 'status');
    assert.equal(status.state, 'INTERRUPTED');
    assert.equal(status.error?.statusCode, 503);
    assert.equal(isOffStatus(status), false);
  });

  it('classifies network, data and unexpected failures', () => {
    assert.deepEqual(describeFailure(new NetworkError('GET', url, 'connect ECONNREFUSED'), 5), {
      kind: 'NETWORK_ERROR',
      message: `GET ${url} failed: connect ECONNREFUSED`,
      time: 5,
    });
    const invalid = new PayloadDecodeError('poll response', ['flags.a.version: expected number, got "1"']);
    assert.deepEqual(describeFailure(invalid, 6), { kind: 'INVALID_DATA', message: invalid.message, time: 6 });
    assert.deepEqual(describeFailure(new RangeError('boom'), 7), { kind: 'UNKNOWN', message: 'boom', time: 7 });
    const status = failureStatus(new RangeError('boom'), 7);
    assert.ok(status.type === 'status');
    assert.equal(status.state, 'INTERRUPTED');
  });
});
