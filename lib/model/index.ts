export { Clause } from './clause';
export { WeightedVariation, Rollout, VariationOrRollout } from './rollout';
export { Target, ContextTarget } from './target';
export { Flag, FlagBody, FlagRule, Prerequisite, ClientSideAvailability } from './flag';
export { Segment, SegmentBody, SegmentRule, SegmentTarget } from './segment';
export { FlagData } from './flag-data';
export type { FullFlagData } from './flag-data';
export { FlagFile, FileFlag, FileSegment } from './flag-file';
export { decode, decodeOrThrow, describeErrors } from './decode';
