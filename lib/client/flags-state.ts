import type { EvaluationReason } from '../evaluation/evaluation-reason';

/** Options of `client.allFlagsState`. */
export interface FlagsStateOptions {
  /** Only flags available to client-side SDKs (`clientSideAvailability.usingEnvironmentId`). @default false */
  readonly clientSideOnly?: boolean;
  /** Include each flag's evaluation reason. @default false */
  readonly withReasons?: boolean;
  /** Include version and reason only for flags that track events or are being debugged. @default false */
  readonly detailsOnlyForTrackedFlags?: boolean;
}

/** Per-flag metadata of {@link FlagsState}, as LaunchDarkly's `$flagsState` entries. */
export interface FlagMetadata {
  variation?: number;
  version?: number;
  reason?: EvaluationReason;
  trackEvents?: true;
  trackReason?: true;
  debugEventsUntilDate?: number;
  prerequisites?: string[];
}

/**
 * Every flag's value for one context, for bootstrapping a front end. `toJSON()` has
 * LaunchDarkly's shape: `{ <key>: value, …, "$flagsState": { <key>: {…} }, "$valid": bool }`.
 */
export class FlagsState {
  constructor(
    /** False when the client was not ready, offline, or the context was invalid. */
    readonly valid: boolean,
    private readonly values: Readonly<Record<string, unknown>>,
    private readonly metadata: Readonly<Record<string, FlagMetadata>>,
  ) {}

  /** The value of one flag, or `undefined` if it is not in the state. */
  getFlagValue(key: string): unknown {
    return this.values[key];
  }

  /** The reason of one flag (when reasons were requested), else `null`. */
  getFlagReason(key: string): EvaluationReason | null {
    return this.metadata[key]?.reason ?? null;
  }

  /** Every flag key with its value. */
  allValues(): Readonly<Record<string, unknown>> {
    return this.values;
  }

  toJSON(): Record<string, unknown> {
    return { ...this.values, $flagsState: this.metadata, $valid: this.valid };
  }
}
