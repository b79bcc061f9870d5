import assert from 'node:assert/strict';
import { flagstreamEvaluator } from './flagstream-evaluator';
import { formatMismatch, runConformance, type ConformanceReport } from './harness';

/** Fixed, so that CI is reproducible; `npm run conformance` draws a new seed each time. */
const CI_SEED = 20240611;
/** About 120 data sets; two to three seconds on the shared 2-core machine. */
const CI_CASES = 20_000;

/** Every reference outcome the generated cases must reach, or the run proves little. */
const REQUIRED_OUTCOMES = [
  'OFF', 'FALLTHROUGH', 'TARGET_MATCH', 'RULE_MATCH', 'PREREQUISITE_FAILED', 'FALLTHROUGH+inExperiment',
  'RULE_MATCH+inExperiment', 'ERROR:MALFORMED_FLAG', 'ERROR:FLAG_NOT_FOUND', 'ERROR:USER_NOT_SPECIFIED',
];

describe('differential conformance: flagstream vs @launchdarkly/node-server-sdk', function () {
  this.timeout(60_000);
  let report: ConformanceReport;

  before(async () => {
    report = await runConformance({ seed: CI_SEED, cases: CI_CASES, candidate: flagstreamEvaluator, keepMismatches: 10 });
  });

  it(`generates ${CI_CASES} cases reaching every outcome kind and context shape`, () => {
    assert.ok(report.cases >= CI_CASES, `${report.cases} cases`);
    const missing = REQUIRED_OUTCOMES.filter((kind) => !report.outcomes[kind]);
    assert.deepEqual(missing, [], `outcomes reached: ${JSON.stringify(report.outcomes)}`);
    assert.ok(Object.keys(report.outcomes).some((kind) => kind.endsWith('+bigSegments')), 'a Big Segment status');
    assert.deepEqual(Object.keys(report.shapes).sort(), ['invalid', 'legacy', 'multi', 'single']);
  });

  it('agrees on value, variationIndex and reason for every case', () => {
    const shown = report.mismatches.map(formatMismatch).join('\n\n');
    assert.equal(report.mismatchCount, 0, `${report.mismatchCount} of ${report.cases} cases differ; the first:\n\n${shown}`);
  });
});
