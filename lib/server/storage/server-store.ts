/**
 * # The flag server's storage
 *
 * One interface, {@link ServerStore}, three backends chosen by one option (`openServerStore`):
 * - the embedded database (default): SQLite through `better-sqlite3`, a file next to the server
 *   (`--db flagstream.db`), or in memory (`:memory:`, the library default and the tests');
 * - PostgreSQL (`--db postgres://…` or `FLAGSTREAM_DB`): several replicas share it, and learn
 *   about each other's changes through `LISTEN/NOTIFY`;
 * - flags as code (`--data flags.yaml`): the file is the source of truth (read-only, watched);
 *   other modules' tables then live in an in-memory SQLite database.
 *
 * ## Adding tables (tokens, audit entries, scheduled changes…)
 * 1. Write a migration file in `storage/migrations/` (e.g. `010-audit.ts` exporting a
 *    {@link Migration} with a new `id`) and append it to `MIGRATIONS` in
 *    `storage/migrations/index.ts`. Migrations run in order on start, once each, in one
 *    transaction each; on PostgreSQL under an advisory lock, so replicas starting together are safe.
 * 2. Write SQL both databases accept, so one statement serves every backend: types `text`,
 *    `integer`, `bigint` (timestamps in ms), JSON as `text`; placeholders `$1, $2…`;
 *    `insert … on conflict (…) do update set … = excluded.…` and `returning` work on both. No
 *    `serial` (use text ids, e.g. `randomUUID()`), no `jsonb` operators, no `now()` (pass the
 *    time). Where that is not possible, give `sql: { sqlite: '…', postgres: '…' }`.
 * 3. Read and write through `store.database` ({@link SqlDatabase}):
 *    ```ts
 *    await store.database.transaction(async (tx) => {
 *      await tx.query('insert into audit_entries (id, at, actor, action) values ($1, $2, $3, $4)', [id, now, actor, action]);
 *      await tx.notify({ type: 'audit', id });          // other replicas, on commit (PostgreSQL)
 *    });
 *    store.notifications$.pipe(filter((n) => n.type === 'audit'))…   // what the other replicas sent
 *    ```
 *    To write your rows in the same transaction as a flag change (e.g. an audit entry), pass
 *    `inTransaction` to `FlagRepository.update` (or `writeItems`/`replaceItems`); environments and
 *    SDK keys are changed through `FlagRepository.putEnvironment/deleteEnvironment/addSdkKey/
 *    setSdkKeyState/removeSdkKey`, which take a {@link TransactionHook}.
 *
 * ## Guarantees of the writing store (SQL)
 * - Every write method is one transaction: `writeItem` (one item), `writeItems` (several items
 *   and tombstones of an environment: an import, a copy), environments and SDK keys. Items are
 *   written only if their stored version is still the expected one (optimistic concurrency): one
 *   moved item fails the whole transaction with {@link VersionConflictError}, nothing stored.
 * - A {@link TransactionHook} runs inside that transaction, after the rows: what it writes (an
 *   audit entry, a scheduled change's `done`) commits with the change, and when it throws the
 *   change is rolled back too.
 * - Other replicas are notified on commit only, once per transaction (`item`, `items` or
 *   `environment`); for `items` they reload and apply the whole change before emitting any of it.
 * The read-only stores (flags as code, relay: see `ReadOnlyServerStore`) refuse every write with
 * `StoreReadOnlyError`.
 *
 * Errors: a lost database connection surfaces as {@link StoreUnavailableError} (the admin API
 * answers 503), a version that moved underneath a change as {@link VersionConflictError} (409).
 */
import type { Observable } from 'rxjs';
import type { DataKind } from '../../model/data-kind';
import type { DataFileDocument } from '../data-file-schema';
import type { Item } from '../environment';
import type { Migration } from './migrations';
import type { SqlDatabase, SqlTransaction, StoreNotification } from './sql-database';

export type { SqlDatabase, SqlExecutor, SqlTransaction, StoreNotification, SqlDialect, SqlRow } from './sql-database';
export type { Migration } from './migrations';

/** An SDK key as stored: `active` keys select their environment, `disabled` ones get 403. */
export interface StoredSdkKey {
  readonly sdkKey: string;
  readonly state: 'active' | 'disabled';
}

/** An environment without its items. */
export interface StoredEnvironment {
  readonly key: string;
  readonly name: string;
  readonly sdkKeys: readonly StoredSdkKey[];
}

/** One item of a {@link ServerStore.writeItems}: the item or tombstone, and the version it replaces. */
export interface ItemWrite {
  readonly kind: DataKind;
  readonly item: Item;
  /** The version the change was based on; 0 when nothing is stored under the key. */
  readonly expectedVersion: number;
}

/** Work to run in the same transaction as a store write (e.g. an audit entry). */
export type TransactionHook = (tx: SqlTransaction) => Promise<void>;

/** The flag server's storage; see the top of this file. */
export interface ServerStore {
  /** For log lines, e.g. `SQLite ./flagstream.db` (never a password). */
  readonly description: string;
  /** Why writes are refused (flags as code, relay); `undefined` when the store takes writes. */
  readonly readOnlyReason: string | undefined;
  /** The SQL database for modules with tables of their own (always present). */
  readonly database: SqlDatabase;
  /**
   * What changed elsewhere: other replicas' notifications (PostgreSQL), a reloaded file, the
   * relay's upstream. `{ type: 'resync' }` means "anything may have changed, reload".
   */
  readonly notifications$: Observable<StoreNotification>;
  /**
   * Runs the migrations, and when the store holds nothing yet stores `seed()` (an imported data
   * file or the example environment), keeping every version. Safe when replicas start together.
   *
   * @returns whether the seed was stored
   */
  initialise(migrations: readonly Migration[], seed: () => Promise<DataFileDocument>): Promise<boolean>;
  /** Every environment with SDK keys, flags and segments (tombstones included). */
  load(): Promise<DataFileDocument>;
  /** One environment (without items); `undefined` when it does not exist. */
  readEnvironment(key: string): Promise<StoredEnvironment | undefined>;
  /** One item or tombstone; `undefined` when there is neither. */
  readItem(environment: string, kind: DataKind, key: string): Promise<Item | undefined>;
  /**
   * Stores `item` (or its tombstone) in one transaction, if the stored version is still
   * `expectedVersion` (0: nothing stored), and tells the other replicas.
   *
   * @throws VersionConflictError when the stored version differs; StoreUnavailableError
   */
  writeItem(environment: string, kind: DataKind, item: Item, expectedVersion: number, hook?: TransactionHook): Promise<void>;
  /**
   * Stores several items and tombstones of one environment all or nothing: in ONE transaction,
   * each only if its stored version is still its `expectedVersion`, with `hook` run in the same
   * transaction after the last one; the other replicas are told once, on commit (`{ type:
   * 'items', environment }`; a single write is told as by {@link writeItem}). When any item
   * conflicts or any statement or the hook fails, nothing of it is stored.
   *
   * @throws VersionConflictError naming the first item whose version moved; StoreUnavailableError;
   *   StoreReadOnlyError (flags as code, relay); whatever `hook` throws
   */
  writeItems(environment: string, writes: readonly ItemWrite[], hook?: TransactionHook): Promise<void>;
  /** Creates or renames an environment, adding `sdkKeys` (default none) in the same transaction. */
  putEnvironment(key: string, name: string, hook?: TransactionHook, sdkKeys?: readonly StoredSdkKey[]): Promise<void>;
  /** Deletes an environment with its keys and items. */
  deleteEnvironment(key: string, hook?: TransactionHook): Promise<void>;
  /** Adds an SDK key, or changes its state. */
  putSdkKey(environment: string, key: StoredSdkKey, hook?: TransactionHook): Promise<void>;
  /** Forgets an SDK key (it then gets 401). */
  removeSdkKey(environment: string, sdkKey: string, hook?: TransactionHook): Promise<void>;
  /** Stops listening and closes the database. Idempotent. */
  close(): Promise<void>;
}
