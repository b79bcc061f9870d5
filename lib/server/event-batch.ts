/** One analytics event as received (LaunchDarkly's event schema; only `kind` is checked). */
export interface ReceivedEvent {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** One accepted `POST /bulk` request. */
export interface EventBatch {
  /** Key of the environment whose SDK key sent it. */
  readonly environment: string;
  /** When the server accepted it (ms since epoch). */
  readonly receivedAt: number;
  /** The `X-Flagstream-Payload-Id` (or `X-LaunchDarkly-Payload-ID`) header, when sent (a retry reuses it). */
  readonly payloadId?: string;
  readonly events: readonly ReceivedEvent[];
  /** Size of the (decompressed) request body in bytes. */
  readonly bytes: number;
}
