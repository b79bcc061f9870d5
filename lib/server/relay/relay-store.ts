import type { Logger } from '../../logging/logger';
import type { DataKind } from '../../model/data-kind';
import type { StreamMessage } from '../../model/stream-message';
import type { DataFileDocument } from '../data-file-schema';
import type { Item } from '../environment';
import { ReadOnlyServerStore } from '../storage/read-only-server-store';
import { UpstreamStream } from './upstream-stream';

/** One relayed environment: an SDK key, and an environment key for the local admin API. */
export interface RelayedKey {
  /** Local environment key; default `relay-1`, `relay-2`… in the order given. */
  readonly environment?: string;
  readonly sdkKey: string;
}

/** Options of {@link RelayStore}. */
export interface RelayStoreOptions {
  /** The upstream flagstream server, e.g. `https://flags.example.com`. */
  readonly upstream: string;
  readonly keys: readonly RelayedKey[];
  readonly logger: Logger;
  /** How long start-up waits for every key's first data, ms (then starts with what it has). Default 10,000. */
  readonly initialTimeoutMs?: number;
}

interface Relayed {
  readonly environment: string;
  readonly sdkKey: string;
  readonly items: Record<DataKind, Map<string, Item>>;
  stream?: UpstreamStream;
  initialised: boolean;
}

/**
 * Relay mode: the store is another flagstream server. Each SDK key's stream is followed, and
 * local SDKs using the same key are served from memory. Read-only; while the upstream is away the
 * last data stays in force, and each reconnect's `put` resyncs (items gone upstream are deleted
 * locally). Writes are refused as in every {@link ReadOnlyServerStore}.
 */
export class RelayStore extends ReadOnlyServerStore {
  private readonly relayed: Relayed[];

  constructor(private readonly options: RelayStoreOptions) {
    super(`relay of ${safeOrigin(options.upstream)}`, `it relays ${safeOrigin(options.upstream)}; change flags there`);
    this.relayed = options.keys.map((key, i) => ({
      environment: key.environment ?? `relay-${i + 1}`,
      sdkKey: key.sdkKey,
      items: { flags: new Map(), segments: new Map() },
      initialised: false,
    }));
  }

  protected async start(): Promise<void> {
    let ready: () => void = () => undefined;
    const allReady = new Promise<void>((resolve) => (ready = resolve));
    for (const relayed of this.relayed) {
      relayed.stream = new UpstreamStream({
        upstream: this.options.upstream,
        sdkKey: relayed.sdkKey,
        logger: this.options.logger,
        onMessage: (message) => {
          this.apply(relayed, message);
          if (this.relayed.every((r) => r.initialised)) ready();
        },
      });
      relayed.stream.start();
    }
    const timeout = this.options.initialTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allReady, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]);
    clearTimeout(timer);
    const missing = this.relayed.filter((r) => !r.initialised).map((r) => r.environment);
    if (missing.length > 0) this.options.logger.warn(`Relay: no data from ${this.description} yet for ${missing.join(', ')}; serving nothing for them until it arrives`);
  }

  async load(): Promise<DataFileDocument> {
    const environments: DataFileDocument['environments'] = {};
    for (const relayed of this.relayed) {
      environments[relayed.environment] = {
        sdkKeys: [relayed.sdkKey],
        flags: Object.fromEntries(relayed.items.flags) as never,
        segments: Object.fromEntries(relayed.items.segments) as never,
      };
    }
    return { environments };
  }

  async readItem(environment: string, kind: DataKind, key: string): Promise<Item | undefined> {
    return this.relayed.find((r) => r.environment === environment)?.items[kind].get(key);
  }

  protected stop(): void {
    for (const relayed of this.relayed) relayed.stream?.close();
  }

  private apply(relayed: Relayed, message: StreamMessage): void {
    if (this.closed) return;
    if (message.type === 'put') {
      for (const warning of message.skipped ?? []) this.options.logger.warn(`Relay ${relayed.environment}: ${warning}`);
      const next: Record<DataKind, Map<string, Item>> = { flags: new Map(), segments: new Map() };
      for (const kind of ['flags', 'segments'] as const) {
        for (const [key, item] of Object.entries(message.data[kind] ?? {})) next[kind].set(key, { ...(item as Item), key });
        // Items gone upstream become tombstones above the version held.
        for (const [key, held] of relayed.items[kind]) {
          if (!next[kind].has(key)) next[kind].set(key, held.deleted ? held : ({ key, version: held.version + 1, deleted: true } as Item));
        }
      }
      relayed.items.flags = next.flags;
      relayed.items.segments = next.segments;
      const first = !relayed.initialised;
      relayed.initialised = true;
      if (!first) this.announce({ type: 'resync' });
      else if (this.relayed.every((r) => r.initialised)) this.announce({ type: 'resync' });
      return;
    }
    const item: Item = message.type === 'patch' ? (message.data as Item) : ({ key: message.key, version: message.version, deleted: true } as Item);
    const held = relayed.items[message.kind].get(item.key);
    if (held && held.version >= item.version) return;
    relayed.items[message.kind].set(item.key, item);
    this.announce({ type: 'item', environment: relayed.environment, kind: message.kind, key: item.key, version: item.version });
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
