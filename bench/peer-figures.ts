/**
 * Published figures of /work/shared/bench/README.md (2 vCPU, Node 20; ns per evaluation, median
 * of three runs of 200,000 after 50,000 warm-up, one flag per process). Printed next to our own
 * measurements for orientation only: absolute times differ between machines and runs; compare
 * ratios measured in one run.
 */
export interface PeerFigures {
  /** LaunchDarkly Node SDK 9.13.7 `variation`. */
  readonly launchDarkly: number;
  /** flagd-core 4.0.1 (sync); `undefined` where flagd has no equivalent (prerequisites). */
  readonly flagdCore: number | undefined;
}

/** Per reference flag. */
export const PEER_FIGURES: Readonly<Record<string, PeerFigures>> = {
  simple: { launchDarkly: 506, flagdCore: 113 },
  targeted: { launchDarkly: 867, flagdCore: 475 },
  rules: { launchDarkly: 4512, flagdCore: 3147 },
  prereq: { launchDarkly: 1925, flagdCore: undefined },
  segment: { launchDarkly: 1683, flagdCore: 2284 },
};
