import assert from 'node:assert/strict';
import { OutageLog } from '../../lib/data-sources/outage-log';

describe('OutageLog', () => {
  let clock: number;
  let lines: string[];
  const logger = {
    error: (m: string) => lines.push(`error ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    info: (m: string) => lines.push(`info ${m}`),
    debug: (m: string) => lines.push(`debug ${m}`),
  };
  beforeEach(() => {
    clock = 0;
    lines = [];
  });

  it('warns at the first failure, summarizes at most once per interval, and logs the recovery once', () => {
    const log = new OutageLog(logger, 'stream', () => clock, 60_000);
    // A 10-minute outage with a retry every second: 600 failures.
    for (let attempt = 0; attempt < 600; attempt++) {
      clock = attempt * 1000;
      log.failed('connect ECONNREFUSED', 'reconnecting in 1000 ms');
    }
    const warnings = lines.filter((line) => line.startsWith('warn'));
    assert.equal(warnings.length, 10, 'the first failure, then one summary per minute');
    assert.match(warnings[0], /^warn flagstream: stream interrupted: connect ECONNREFUSED; reconnecting in 1000 ms/);
    assert.match(warnings[1], /^warn flagstream: stream still failing: 61 attempts in 60 s; last error: connect ECONNREFUSED/);
    assert.equal(lines.filter((line) => line.startsWith('debug')).length, 590);
    assert.equal(log.failing, 600);
    clock = 600_000;
    log.recovered();
    log.recovered();
    assert.deepEqual(lines.filter((line) => line.startsWith('info')), ['info flagstream: stream is back after 600 failed attempts over 600 s']);
    assert.equal(log.failing, 0);
    log.failed('HTTP 503', 'reconnecting in 1000 ms');
    assert.match(lines.at(-1)!, /^warn flagstream: stream interrupted: HTTP 503/, 'a new outage warns again');
  });
});
