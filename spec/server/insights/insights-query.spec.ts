import assert from 'node:assert/strict';
import { ServerRequestError } from '../../../lib/errors/server-request-error';
import { parseInsightsQuery } from '../../../lib/server/insights/insights-query';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const DAY = 86_400_000;

function parse(query: string) {
  return parseInsightsQuery(new URLSearchParams(query), NOW, DAY);
}

function refused(query: string): string[] {
  try {
    parse(query);
  } catch (error) {
    assert.ok(error instanceof ServerRequestError);
    assert.equal(error.status, 400);
    assert.equal(error.summary, 'Invalid insights query');
    return [...error.issues];
  }
  return assert.fail(`expected ${query} to be refused`);
}

describe('insights: parseInsightsQuery', () => {
  it('defaults to the whole retention period up to now (inclusive), all flags', () => {
    assert.deepEqual(parse(''), { flag: undefined, from: NOW + 1 - DAY, to: NOW + 1 });
  });

  it('reads a flag key and times in ms or ISO 8601 (date, or date-time with Z or an offset)', () => {
    assert.deepEqual(parse('flag=new%20checkout&from=1714500000000&to=1714560000000'), { flag: 'new checkout', from: 1_714_500_000_000, to: 1_714_560_000_000 });
    assert.deepEqual(parse('from=2024-05-01'), { flag: undefined, from: Date.UTC(2024, 4, 1), to: NOW + 1 });
    assert.equal(parse('from=2024-05-01T10:30:00Z').from, Date.UTC(2024, 4, 1, 10, 30));
    assert.equal(parse('from=2024-05-01T12:30:00.250%2B02:00').from, Date.UTC(2024, 4, 1, 10, 30, 0, 250));
    assert.deepEqual(parse('to=2024-04-30T12:00Z'), { flag: undefined, from: NOW - 2 * DAY, to: NOW - DAY }, 'from defaults to the retention before to');
  });

  it('lists every bad parameter with what was expected', () => {
    assert.deepEqual(refused('form=1&flag=a&flag=b&to=yesterday'), [
      'form: unknown parameter (known: flag, from, to)',
      'flag: given more than once',
      'to: expected milliseconds since the epoch or an ISO 8601 date (2024-05-01, or 2024-05-01T12:00:00Z with Z or an offset), got "yesterday"',
    ]);
    assert.deepEqual(refused('flag='), ['flag: expected a flag key, got ""']);
    assert.match(refused('from=2024-05-01T10:00')[0], /^from: expected milliseconds/, 'a local time without an offset is ambiguous');
    assert.match(refused('from=2024-13-45')[0], /^from: expected milliseconds/);
    assert.match(refused('from=-5')[0], /^from: expected milliseconds/);
    assert.deepEqual(refused('from=2000&to=1000'), ['from: must not be after to (from 1970-01-01T00:00:02.000Z, to 1970-01-01T00:00:01.000Z)']);
  });
});
