import type { DataKind } from '../../model/data-kind';
import type { Logger } from '../../logging/logger';
import { buildEnvironments } from '../build-environments';
import type { DataChange } from '../data-change';
import type { Environment, Item } from '../environment';
import type { ServerStore, StoredEnvironment } from './server-store';
import type { StoreNotification } from './sql-database';

/** What {@link RemoteSync} reads from and applies to (the flag repository). */
export interface RemoteSyncTarget {
  readonly store: ServerStore;
  readonly logger: Logger;
  environment(key: string): Environment | undefined;
  environments(): Environment[];
  /** Applies an item (or tombstone) in memory when it is newer, without telling anyone yet: the change to {@link emit}. */
  applyItem(environment: string, kind: DataKind, item: Item): DataChange | undefined;
  /** Tells subscribers about applied changes, in this order. */
  emit(changes: readonly DataChange[]): void;
  /** Applies an environment's identity (`undefined`: deleted); `built` when it is new, with its items. */
  applyEnvironment(key: string, stored: StoredEnvironment | undefined, built?: Environment): void;
}

const KINDS: readonly DataKind[] = ['flags', 'segments'];

/**
 * Brings memory up to date with changes made elsewhere: reads the item or environment a
 * notification names (each replica reads the row itself; a notification carries identity and
 * version only), and reloads everything on `resync` (after the notification connection was lost,
 * or when a flag file changed) and on `items` (several items written in one transaction: the
 * reload applies all of them at once). When the store cannot be read, it retries a full resync with
 * backoff (0.5 s doubling to 5 s) so no change is missed.
 */
export class RemoteSync {
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay = 500;
  private closed = false;

  constructor(
    private readonly target: RemoteSyncTarget,
    /** Runs work after (and before) the repository's own changes. */
    private readonly serial: <T>(work: () => Promise<T>) => Promise<T>,
  ) {}

  /** Handles one notification (unknown types are other modules' and ignored). */
  handle(notification: StoreNotification): void {
    if (this.closed) return;
    const { type } = notification;
    if (type === 'item' && typeof notification.environment === 'string' && typeof notification.key === 'string' && (notification.kind === 'flags' || notification.kind === 'segments')) {
      const { environment, kind, key } = notification;
      const known = this.target.environment(environment)?.stored(kind, key)?.version ?? 0;
      if (typeof notification.version === 'number' && notification.version <= known) return;
      void this.guarded(() => this.refreshItem(environment, kind, key));
    } else if (type === 'environment' && typeof notification.environment === 'string') {
      const environment = notification.environment;
      void this.guarded(() => this.refreshEnvironment(environment));
    } else if (type === 'resync' || (type === 'items' && typeof notification.environment === 'string')) {
      // Several items changed together (an import, a copy): reloaded and applied in one go, so
      // memory never holds part of the change.
      void this.guarded(() => this.resync());
    }
  }

  /** Reads one item and applies it if newer. */
  async refreshItem(environment: string, kind: DataKind, key: string): Promise<void> {
    const item = await this.target.store.readItem(environment, kind, key);
    const change = item && this.target.applyItem(environment, kind, item);
    if (change) this.target.emit([change]);
  }

  /** Reads one environment's identity (name, SDK keys) and applies it; a new one is loaded whole. */
  async refreshEnvironment(key: string): Promise<void> {
    const stored = await this.target.store.readEnvironment(key);
    if (stored && !this.target.environment(key)) {
      await this.resync();
      return;
    }
    this.target.applyEnvironment(key, stored);
  }

  /**
   * Reloads everything and applies what differs: every item first, then the changes are emitted
   * (segments then flags stored, flags then segments deleted), so no subscriber sees memory
   * holding part of what was reloaded.
   */
  async resync(): Promise<void> {
    const document = await this.target.store.load();
    const built = buildEnvironments(document);
    if ('issues' in built) {
      this.target.logger.error(`${this.target.store.description} is not usable; keeping the current data: ${built.issues.join('; ')}`);
      return;
    }
    for (const warning of built.warnings) this.target.logger.warn(`${this.target.store.description}: ${warning}`);
    const seen = new Set<string>();
    const changes: DataChange[] = [];
    const apply = (environment: string, kind: DataKind, item: Item) => {
      const change = this.target.applyItem(environment, kind, item);
      if (change) changes.push(change);
    };
    for (const fresh of built.environments) {
      seen.add(fresh.key);
      const identity: StoredEnvironment = {
        key: fresh.key,
        name: fresh.name,
        sdkKeys: [...fresh.sdkKeys.map((sdkKey) => ({ sdkKey, state: 'active' as const })), ...fresh.disabledSdkKeys.map((sdkKey) => ({ sdkKey, state: 'disabled' as const }))],
      };
      const current = this.target.environment(fresh.key);
      if (!current) {
        this.target.applyEnvironment(fresh.key, identity, fresh);
        continue;
      }
      if (current.name !== fresh.name || !sameKeys(current, fresh)) this.target.applyEnvironment(fresh.key, identity);
      for (const kind of KINDS) {
        const present = new Set<string>();
        for (const item of fresh.allStored(kind)) {
          present.add(item.key);
          apply(fresh.key, kind, item);
        }
        // Only a flag file drops items without a tombstone: they are deleted.
        for (const item of [...current.allStored(kind)]) {
          if (!present.has(item.key) && !item.deleted) apply(fresh.key, kind, { key: item.key, version: item.version + 1, deleted: true } as Item);
        }
      }
    }
    for (const environment of this.target.environments()) {
      if (!seen.has(environment.key)) this.target.applyEnvironment(environment.key, undefined);
    }
    const rank = (change: DataChange) => (change.item ? (change.kind === 'segments' ? 0 : 1) : change.kind === 'flags' ? 2 : 3);
    this.target.emit(changes.map((change, i) => ({ change, i })).sort((a, b) => rank(a.change) - rank(b.change) || a.i - b.i).map(({ change }) => change));
  }

  /** Stops retrying. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
  }

  private async guarded(work: () => Promise<void>): Promise<void> {
    try {
      await this.serial(work);
      this.retryDelay = 500;
    } catch (error) {
      if (this.closed) return;
      this.target.logger.warn(`Could not read a change from ${this.target.store.description} (${(error as Error).message}); resyncing in ${this.retryDelay} ms`);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.guarded(() => this.resync()), this.retryDelay);
      this.retryTimer.unref();
      this.retryDelay = Math.min(this.retryDelay * 2, 5000);
    }
  }
}

function sameKeys(a: Environment, b: Environment): boolean {
  const join = (e: Environment) => `${e.sdkKeys.join('\n')}\u0000${e.disabledSdkKeys.join('\n')}`;
  return join(a) === join(b);
}
