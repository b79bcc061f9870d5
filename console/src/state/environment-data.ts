import type { Flag } from '../../../lib/model/flag';
import type { Segment } from '../../../lib/model/segment';
import type { ApiClient } from '../api/api-client';
import { ApiError, asApiError } from '../api/api-error';
import { type LiveChange, LiveChannel, type LiveState } from '../api/live-channel';
import { Store } from '../util/store';
import { envPath } from './console-context';

/** Flags and segments of the environment on screen, kept live. */
export interface EnvironmentData {
  readonly env: string;
  readonly flags: ReadonlyMap<string, Flag>;
  readonly segments: ReadonlyMap<string, Segment>;
  readonly loaded: boolean;
  readonly error: ApiError | undefined;
  readonly live: LiveState;
  /** Bumped on every change, so that pages can refetch what depends on it. */
  readonly revision: number;
  /** The last change that came in from the server (a change made elsewhere shows up this way). */
  readonly lastChange: LiveChange | undefined;
}

const empty = (env: string): EnvironmentData => ({
  env,
  flags: new Map(),
  segments: new Map(),
  loaded: false,
  error: undefined,
  live: 'connecting',
  revision: 0,
  lastChange: undefined,
});

/**
 * Loads one environment's flags and segments and keeps them current through the live stream:
 * each announced change refetches that one item (or drops it when deleted).
 */
export class EnvironmentDataStore extends Store<EnvironmentData> {
  private channel: LiveChannel | undefined;

  constructor(private readonly api: ApiClient) {
    super(empty(''));
  }

  /** Shows `env` (loads it if it is not the one shown). */
  open(env: string): void {
    if (this.value.env === env) return;
    this.channel?.close();
    this.set(empty(env));
    void this.reload();
    this.channel = new LiveChannel(envPath(env, 'live'), this.api.headers(), {
      change: (change) => void this.applyChange(change),
      state: (live) => {
        if (this.value.env !== env) return;
        const reconnected = live === 'live' && this.value.live === 'retrying';
        this.set({ ...this.value, live });
        if (reconnected) void this.reload(); // changes may have been missed while away
      },
    });
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
  }

  async reload(): Promise<void> {
    const env = this.value.env;
    try {
      const [flags, segments] = await Promise.all([this.api.get<{ items: Flag[] }>(envPath(env, 'flags')), this.api.get<{ items: Segment[] }>(envPath(env, 'segments'))]);
      if (this.value.env !== env) return;
      this.set({
        ...this.value,
        flags: new Map(flags.items.map((flag) => [flag.key, flag])),
        segments: new Map(segments.items.map((segment) => [segment.key, segment])),
        loaded: true,
        error: undefined,
        revision: this.value.revision + 1,
      });
    } catch (error) {
      if (this.value.env === env) this.set({ ...this.value, loaded: true, error: asApiError(error, `GET ${envPath(env)}`) });
    }
  }

  /** Puts an item the console itself just saved (no need to wait for the live event). */
  put(kind: 'flags' | 'segments', item: Flag | Segment | undefined, key: string): void {
    const current = this.value[kind] as Map<string, Flag | Segment>;
    const existing = current.get(key);
    if (item && existing && existing.version >= item.version) {
      // already shown (the live event came first); what depends on the change (its history
      // entry, written before the answer) is refetched now
      this.set({ ...this.value, revision: this.value.revision + 1 });
      return;
    }
    const next = new Map(current);
    if (item) next.set(key, item);
    else next.delete(key);
    this.set({ ...this.value, [kind]: next, revision: this.value.revision + 1 });
  }

  private async applyChange(change: LiveChange): Promise<void> {
    const env = this.value.env;
    const existing = (this.value[change.kind] as Map<string, Flag | Segment>).get(change.key);
    if (existing && existing.version >= change.version && !change.deleted) return;
    let item: Flag | Segment | undefined;
    if (!change.deleted) {
      try {
        item = await this.api.get<Flag | Segment>(envPath(env, change.kind, change.key));
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) return;
      }
    }
    if (this.value.env !== env) return;
    this.put(change.kind, item, change.key);
    this.set({ ...this.value, lastChange: change });
  }
}
