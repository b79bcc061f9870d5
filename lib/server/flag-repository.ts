import { Observable, Subject, type Subscription } from 'rxjs';
import type { DataKind } from '../model/data-kind';
import { DataFileError } from '../errors/data-file-error';
import { ServerRequestError } from '../errors/server-request-error';
import type { Logger } from '../logging/logger';
import { buildEnvironments } from './build-environments';
import { ChangeQueue } from './change-queue';
import type { DataChange } from './data-change';
import type { DataFileDocument } from './data-file-schema';
import { type Environment, type Item } from './environment';
import { createExampleData, generateSdkKey } from './example-data';
import { sdkKeyDigest } from './sdk-key-hash';
import { MIGRATIONS, type Migration } from './storage/migrations';
import type { ServerStore, StoredEnvironment, TransactionHook } from './storage/server-store';
import type { StoreNotification } from './storage/sql-database';
import { type ItemEdit, planItemBatch, planItemChange, replacementEdits } from './storage/plan-item-batch';
import { HeldEnvironments, type SdkKeyTarget } from './storage/held-environments';
import { RemoteSync } from './storage/remote-sync';

/**
 * What a change asks for, given the item as it is now (`undefined` when absent or deleted): the
 * new content (key and version are set by the repository), or `'delete'`. Throw a
 * {@link ServerRequestError} to refuse.
 */
export type ChangeBuilder = (current: Item | undefined, environment: Environment) => Omit<Item, 'version'> | 'delete';

/** Options of {@link FlagRepository.update}. */
export interface UpdateOptions {
  /** Runs in the change's transaction, after the item was written (e.g. an audit entry). */
  readonly inTransaction?: (tx: Parameters<TransactionHook>[0], change: DataChange) => Promise<void>;
}

/** Options of {@link FlagRepository.writeItems}. */
export interface BatchOptions {
  /** Validate the items (default `true`); an import validates them itself. */
  readonly validate?: boolean;
  /** Runs in the batch's transaction, after every item was written (e.g. an audit entry). */
  readonly inTransaction?: (tx: Parameters<TransactionHook>[0], changes: readonly DataChange[]) => Promise<void>;
}

/** Options of {@link FlagRepository.open}. */
export interface FlagRepositoryOptions {
  /** Where data lives (see `storage/server-store.ts`). */
  readonly store: ServerStore;
  /** What an empty store is filled with (an imported data file); default the example data. */
  readonly seed?: () => Promise<DataFileDocument>;
  /** Schema migrations; default every registered one (`MIGRATIONS`). */
  readonly migrations?: readonly Migration[];
  readonly logger: Logger;
}

/** An environment was created, renamed, deleted or had its SDK keys changed. */
export interface EnvironmentChange {
  readonly environment: string;
  /** The environment no longer exists. */
  readonly deleted: boolean;
}

/**
 * Every environment's flags and segments, held in memory (SDKs are served from there), and the
 * one way to change them. Changes run one at a time (a {@link ChangeQueue}); each is validated
 * against memory, then written to the store in one transaction that succeeds only if the item's
 * stored version is still the one the change was based on (another replica may have changed it:
 * `409`), and only then applied in memory and emitted on `changes$`. Changes made by other
 * replicas arrive as store notifications; the item is read back and applied the same way. A
 * refused or failed change leaves memory, the store and connected SDKs untouched.
 */
export class FlagRepository {
  /** Every accepted change (local or from another replica), after it was stored. Completes on {@link close}. */
  readonly changes$: Observable<DataChange>;
  /** Environments created, deleted, renamed, or whose SDK keys changed. Completes on {@link close}. */
  readonly environmentChanges$: Observable<EnvironmentChange>;
  private readonly changes = new Subject<DataChange>();
  private readonly environmentChangesSubject = new Subject<EnvironmentChange>();
  private readonly held: HeldEnvironments;
  private readonly queue: ChangeQueue;
  private readonly remote: RemoteSync;
  private readonly subscription: Subscription;
  private closing: Promise<void> | undefined;

  private constructor(
    environments: Environment[],
    /** The store this repository reads and writes. */
    readonly store: ServerStore,
    private readonly logger: Logger,
  ) {
    this.changes$ = this.changes.asObservable();
    this.environmentChanges$ = this.environmentChangesSubject.asObservable();
    this.held = new HeldEnvironments(environments);
    this.queue = new ChangeQueue(store, logger);
    this.remote = new RemoteSync(
      {
        store,
        logger,
        environment: (key) => this.held.get(key),
        environments: () => this.held.all(),
        applyItem: (envKey, kind, item) => this.applyItem(envKey, kind, item),
        emit: (changes) => changes.forEach((change) => this.changes.next(change)),
        applyEnvironment: (key, stored, built) => this.applyEnvironment(key, stored, built),
      },
      (work) => this.queue.run(work),
    );
    this.subscription = store.notifications$.subscribe((notification: StoreNotification) => this.remote.handle(notification));
  }

  /**
   * Migrates the store, fills it with `seed()` (default: the example environment) when it holds
   * nothing yet, and loads every environment into memory.
   *
   * @throws DataFileError when the stored data is not usable; StoreUnavailableError when the
   *   database cannot be reached
   */
  static async open(options: FlagRepositoryOptions): Promise<FlagRepository> {
    const { store, logger } = options;
    const seeded = await store.initialise(options.migrations ?? MIGRATIONS, options.seed ?? (async () => createExampleData()));
    const document = await store.load();
    const built = buildEnvironments(document);
    if ('issues' in built) throw new DataFileError(store.description, 'is not usable', built.issues);
    for (const warning of built.warnings) logger.warn(`${store.description}: ${warning}`);
    if (seeded) {
      logger.info(`Stored environment(s) ${Object.keys(document.environments).join(', ') || '(none)'} in ${store.description}`);
    }
    return new FlagRepository(built.environments, store, logger);
  }

  /** The environment with this key. */
  environment(key: string): Environment | undefined {
    return this.held.get(key);
  }

  /** Every environment, in creation order. */
  environments(): Environment[] {
    return this.held.all();
  }

  /** The environment an SDK key selects, and whether the key is disabled; `undefined` if unknown. */
  resolveSdkKey(sdkKey: string): SdkKeyTarget | undefined {
    return this.held.resolveDigest(sdkKeyDigest(sdkKey));
  }

  /** As {@link resolveSdkKey}, from the key's digest (`sdkKeyDigest`). */
  resolveSdkKeyDigest(digest: string): SdkKeyTarget | undefined {
    return this.held.resolveDigest(digest);
  }

  /** Everything in memory as a data file document (tombstones included), e.g. for an export. */
  toDocument(): DataFileDocument {
    return this.held.toDocument();
  }

  /**
   * Applies one change to `kind`/`key` of environment `envKey`, after every earlier change of
   * this process.
   *
   * @returns the accepted change (also emitted on `changes$`)
   * @throws ServerRequestError 404 (unknown environment), 400 (invalid: `issues` lists every
   *   problem), 405 (read-only store), 409 (another replica changed the item meanwhile), 503 (the
   *   database is unreachable), 500 (the change could not be stored), or whatever `build` throws
   */
  update(envKey: string, kind: DataKind, key: string, build: ChangeBuilder, options: UpdateOptions = {}): Promise<DataChange> {
    return this.queue.run(() => this.apply(envKey, kind, key, build, options));
  }

  /**
   * Creates an environment (or renames one) with no flags; `sdkKeys` are added to it as active
   * keys in the same transaction (with `hook`'s rows).
   * @throws ServerRequestError 405, 503, 500 as {@link update}
   */
  putEnvironment(key: string, name: string, hook?: TransactionHook, sdkKeys: readonly string[] = []): Promise<Environment> {
    return this.queue.run(async () => {
      const keys = sdkKeys.map((sdkKey) => ({ sdkKey, state: 'active' as const }));
      await this.queue.write(() => this.store.putEnvironment(key, name, hook, keys), `environment "${key}"`);
      await this.remote.refreshEnvironment(key);
      return this.held.get(key)!;
    });
  }

  /** Deletes an environment, its SDK keys and items; its streams are closed. */
  deleteEnvironment(key: string, hook?: TransactionHook): Promise<void> {
    return this.queue.run(async () => {
      await this.queue.write(() => this.store.deleteEnvironment(key, hook), `environment "${key}"`);
      this.applyEnvironment(key, undefined);
    });
  }

  /**
   * Adds a new random SDK key (`sdk-<uuid>`) to an environment; `hook` runs in the same
   * transaction, with the key.
   * @returns the raw key (shown once to the caller; never logged)
   */
  addSdkKey(envKey: string, hook?: (tx: Parameters<TransactionHook>[0], sdkKey: string) => Promise<void>): Promise<string> {
    const sdkKey = generateSdkKey();
    return this.setSdkKeyState(envKey, sdkKey, 'active', hook && ((tx) => hook(tx, sdkKey))).then(() => sdkKey);
  }

  /** Stores an SDK key of an environment as `active` or `disabled` (403, but recognised). */
  setSdkKeyState(envKey: string, sdkKey: string, state: 'active' | 'disabled', hook?: TransactionHook): Promise<void> {
    return this.queue.run(async () => {
      await this.queue.write(() => this.store.putSdkKey(envKey, { sdkKey, state }, hook), `an SDK key of "${envKey}"`);
      await this.remote.refreshEnvironment(envKey);
    });
  }

  /** Forgets an SDK key (it then gets 401); streams using it are closed. */
  removeSdkKey(envKey: string, sdkKey: string, hook?: TransactionHook): Promise<void> {
    return this.queue.run(async () => {
      await this.queue.write(() => this.store.removeSdkKey(envKey, sdkKey, hook), `an SDK key of "${envKey}"`);
      await this.remote.refreshEnvironment(envKey);
    });
  }

  /** Waits for changes in progress, stops following the store, completes the observables. Idempotent. Does not close the store. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.subscription.unsubscribe();
      this.remote.close();
      await this.queue.idle();
      this.changes.complete();
      this.environmentChangesSubject.complete();
    })());
  }

  /**
   * Changes several flags and segments of environment `envKey` as one change, all or nothing:
   * `plan` (run after every earlier change of this process, with the environment as it is then)
   * lists the edits; they are versioned and ordered (see `planItemBatch`), validated together
   * when `options.validate` is not `false` (references resolve inside the batch, whatever the
   * order), and written in ONE store transaction (every item's version checked; `inTransaction`
   * runs in it). Only after it committed are they applied in memory and emitted on `changes$`,
   * one after the other in the same tick: memory, SDK streams and other replicas never see part
   * of the change. A refused or failed batch (another writer moved one item: 409) stores nothing.
   *
   * @returns the accepted changes, in the order emitted
   * @throws ServerRequestError 404, 400 (every problem), 405, 409, 503, 500 as {@link update}
   */
  writeItems(envKey: string, plan: (environment: Environment) => readonly ItemEdit[], options: BatchOptions = {}): Promise<DataChange[]> {
    return this.queue.run(async () => {
      const environment = this.held.get(envKey);
      if (!environment) throw new ServerRequestError(404, `Unknown environment "${envKey}"`);
      this.queue.checkWritable();
      const { writes, changes } = planItemBatch(environment, plan(environment), options.validate !== false);
      const hook = options.inTransaction;
      try {
        await this.queue.write(() => this.store.writeItems(envKey, writes, hook && ((tx) => hook(tx, changes))), `the items of environment "${envKey}"`);
      } catch (error) {
        // Another writer got there first: catch up with what it wrote, so a retry is based on it.
        if (error instanceof ServerRequestError && error.status === 409) await this.remote.resync();
        throw error;
      }
      for (const { kind, item } of writes) environment.commit(kind, item);
      for (const change of changes) this.changes.next(change);
      return [...changes];
    });
  }

  /**
   * Replaces every flag and segment of environment `envKey` (an import), as one
   * {@link writeItems}: items not in `items` are deleted (tombstones), the others stored with the
   * next version. The caller validates the set as a whole (what it tolerates is not refused here).
   *
   * @returns the accepted changes, in the order emitted
   * @throws ServerRequestError as {@link writeItems}
   */
  replaceItems(envKey: string, items: Readonly<Record<DataKind, readonly Omit<Item, 'version'>[]>>, options: Omit<BatchOptions, 'validate'> = {}): Promise<DataChange[]> {
    return this.writeItems(envKey, (environment) => replacementEdits(environment, items), { ...options, validate: false });
  }

  private async apply(envKey: string, kind: DataKind, key: string, build: ChangeBuilder, options: UpdateOptions): Promise<DataChange> {
    const environment = this.held.get(envKey);
    if (!environment) throw new ServerRequestError(404, `Unknown environment "${envKey}"`);
    this.queue.checkWritable();
    const { write, change } = planItemChange(environment, kind, key, build(environment.get(kind, key), environment));
    const { item, expectedVersion } = write;
    const hook = options.inTransaction;
    try {
      await this.queue.write(() => this.store.writeItem(envKey, kind, item, expectedVersion, hook && ((tx) => hook(tx, change))), `${kind}/${key}`);
    } catch (error) {
      if (error instanceof ServerRequestError && error.status === 409) await this.remote.refreshItem(envKey, kind, key);
      throw error;
    }
    environment.commit(kind, item);
    this.changes.next(change);
    return change;
  }

  /** Applies an item read from the store when it is newer than memory; the change is emitted by the caller. */
  private applyItem(envKey: string, kind: DataKind, item: Item): DataChange | undefined {
    const environment = this.held.get(envKey);
    if (!environment || (environment.stored(kind, item.key)?.version ?? 0) >= item.version) return undefined;
    environment.commit(kind, item);
    return { environment: envKey, kind, key: item.key, version: item.version, ...(item.deleted ? {} : { item }) };
  }

  /** Applies an environment's identity read from the store (`undefined`: it is gone). */
  private applyEnvironment(key: string, stored: StoredEnvironment | undefined, built?: Environment): void {
    const { applied, issues } = this.held.apply(key, stored, built);
    if (issues) this.logger.error(`Environment ${key} from ${this.store.description} is not usable: ${issues.join('; ')}`);
    if (applied) this.environmentChangesSubject.next({ environment: key, deleted: !stored });
  }
}
