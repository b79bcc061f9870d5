import { EMPTY, type Observable } from 'rxjs';
import type { DataKind } from '../../model/data-kind';
import type { DataFileDocument } from '../data-file-schema';
import type { Item } from '../environment';
import { sdkKeyDigest } from '../sdk-key-hash';
import type { Migration } from './migrations';
import { lockForMigration, runMigrations } from './run-migrations';
import type { ItemWrite, ServerStore, StoredEnvironment, StoredSdkKey, TransactionHook } from './server-store';
import type { SqlDatabase, SqlExecutor, SqlTransaction, StoreNotification } from './sql-database';
import { VersionConflictError } from './store-errors';

interface ItemRow {
  environment: string;
  kind: string;
  key: string;
  version: number;
  deleted: number;
  body: string;
  [column: string]: unknown;
}

/** Options of {@link SqlServerStore}. */
export interface SqlServerStoreOptions {
  readonly database: SqlDatabase;
  /** For log lines (no password). */
  readonly description: string;
  /** Messages from other replicas; default none (the embedded database has one process). */
  readonly notifications$?: Observable<StoreNotification>;
  /** Called by {@link SqlServerStore.close} after the database closed (stops a listener). */
  readonly onClose?: () => Promise<void> | void;
  /** Clock, ms since epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The {@link ServerStore} on a SQL database (SQLite or PostgreSQL, the same statements). Items
 * are JSON text with their version in a column; a write is one transaction that changes the row
 * only if its version is still the expected one (optimistic concurrency, no lock held while the
 * change is validated) and notifies the other replicas on commit; several items (an import, a
 * copy) are written the same way in one transaction, all or nothing.
 */
export class SqlServerStore implements ServerStore {
  readonly readOnlyReason = undefined;
  readonly database: SqlDatabase;
  readonly description: string;
  readonly notifications$: Observable<StoreNotification>;
  private readonly now: () => number;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SqlServerStoreOptions) {
    this.database = options.database;
    this.description = options.description;
    this.notifications$ = options.notifications$ ?? EMPTY;
    this.now = options.now ?? Date.now;
  }

  async initialise(migrations: readonly Migration[], seed: () => Promise<DataFileDocument>): Promise<boolean> {
    await runMigrations(this.database, migrations, this.now);
    const { rows } = await this.database.query("select value from store_meta where key = 'initialised'");
    if (rows.length > 0) return false;
    const document = await seed();
    return this.database.transaction(async (tx) => {
      await lockForMigration(tx);
      const again = await tx.query("select value from store_meta where key = 'initialised'");
      if (again.rows.length > 0) return false;
      await this.importDocument(tx, document);
      await tx.query("insert into store_meta (key, value) values ('initialised', $1)", [String(this.now())]);
      return true;
    });
  }

  async load(): Promise<DataFileDocument> {
    const environments = await this.database.query<{ key: string; name: string }>('select key, name from environments order by position, key');
    const keys = await this.database.query<{ environment: string; sdk_key: string; state: string }>(
      'select environment, sdk_key, state from sdk_keys order by created_at, digest',
    );
    const items = await this.database.query<ItemRow>('select environment, kind, key, version, deleted, body from items order by key');
    const document: DataFileDocument = { environments: {} };
    for (const { key, name } of environments.rows) document.environments[key] = { name, sdkKeys: [], flags: {}, segments: {} };
    for (const row of keys.rows) {
      const environment = document.environments[row.environment];
      if (!environment) continue;
      if (row.state === 'active') environment.sdkKeys.push(row.sdk_key);
      else (environment.disabledSdkKeys ??= []).push(row.sdk_key);
    }
    for (const row of items.rows) {
      const environment = document.environments[row.environment];
      if (!environment) continue;
      const record = (row.kind === 'flags' ? environment.flags : environment.segments) as Record<string, Item>;
      record[row.key] = toItem(row);
    }
    return document;
  }

  async readEnvironment(key: string): Promise<StoredEnvironment | undefined> {
    const { rows } = await this.database.query<{ name: string }>('select name from environments where key = $1', [key]);
    if (rows.length === 0) return undefined;
    const keys = await this.database.query<{ sdk_key: string; state: string }>(
      'select sdk_key, state from sdk_keys where environment = $1 order by created_at, digest',
      [key],
    );
    return {
      key,
      name: rows[0].name,
      sdkKeys: keys.rows.map((row) => ({ sdkKey: row.sdk_key, state: row.state === 'active' ? 'active' : 'disabled' })),
    };
  }

  async readItem(environment: string, kind: DataKind, key: string): Promise<Item | undefined> {
    const { rows } = await this.database.query<ItemRow>(
      'select environment, kind, key, version, deleted, body from items where environment = $1 and kind = $2 and key = $3',
      [environment, kind, key],
    );
    return rows.length === 0 ? undefined : toItem(rows[0]);
  }

  writeItem(environment: string, kind: DataKind, item: Item, expectedVersion: number, hook?: TransactionHook): Promise<void> {
    return this.writeItems(environment, [{ kind, item, expectedVersion }], hook);
  }

  writeItems(environment: string, writes: readonly ItemWrite[], hook?: TransactionHook): Promise<void> {
    return this.database.transaction(async (tx) => {
      for (const write of writes) await this.writeRow(tx, environment, write);
      await hook?.(tx);
      if (writes.length === 1) {
        const [{ kind, item }] = writes;
        await tx.notify({ type: 'item', environment, kind, key: item.key, version: item.version });
      } else if (writes.length > 1) {
        // One message for the lot (NOTIFY payloads are small): the other replicas reload.
        await tx.notify({ type: 'items', environment, count: writes.length });
      }
    });
  }

  putEnvironment(key: string, name: string, hook?: TransactionHook, sdkKeys: readonly StoredSdkKey[] = []): Promise<void> {
    return this.database.transaction(async (tx) => {
      await this.upsertEnvironment(tx, key, name);
      for (const sdkKey of sdkKeys) await this.upsertSdkKey(tx, key, sdkKey);
      await hook?.(tx);
      await tx.notify({ type: 'environment', environment: key });
    });
  }

  deleteEnvironment(key: string, hook?: TransactionHook): Promise<void> {
    return this.database.transaction(async (tx) => {
      await tx.query('delete from items where environment = $1', [key]);
      await tx.query('delete from sdk_keys where environment = $1', [key]);
      await tx.query('delete from environments where key = $1', [key]);
      await hook?.(tx);
      await tx.notify({ type: 'environment', environment: key });
    });
  }

  putSdkKey(environment: string, key: StoredSdkKey, hook?: TransactionHook): Promise<void> {
    return this.database.transaction(async (tx) => {
      await this.upsertSdkKey(tx, environment, key);
      await hook?.(tx);
      await tx.notify({ type: 'environment', environment });
    });
  }

  removeSdkKey(environment: string, sdkKey: string, hook?: TransactionHook): Promise<void> {
    return this.database.transaction(async (tx) => {
      await tx.query('delete from sdk_keys where digest = $1 and environment = $2', [sdkKeyDigest(sdkKey), environment]);
      await hook?.(tx);
      await tx.notify({ type: 'environment', environment });
    });
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      await this.database.close();
      await this.options.onClose?.();
    })());
  }

  private async importDocument(tx: SqlTransaction, document: DataFileDocument): Promise<void> {
    for (const [envKey, environment] of Object.entries(document.environments)) {
      await this.upsertEnvironment(tx, envKey, environment.name ?? envKey);
      for (const sdkKey of environment.sdkKeys) await this.upsertSdkKey(tx, envKey, { sdkKey, state: 'active' });
      for (const sdkKey of environment.disabledSdkKeys ?? []) await this.upsertSdkKey(tx, envKey, { sdkKey, state: 'disabled' });
      for (const kind of ['flags', 'segments'] as const) {
        for (const [key, raw] of Object.entries(environment[kind] ?? {})) {
          const item = { ...raw, key, version: raw.version ?? 1 } as Item;
          await tx.query(
            'insert into items (environment, kind, key, version, deleted, body, updated_at) values ($1, $2, $3, $4, $5, $6, $7)',
            [envKey, kind, key, item.version, item.deleted ? 1 : 0, JSON.stringify(item), this.now()],
          );
        }
      }
    }
  }

  /** Writes one item row if its stored version is still the expected one. */
  private async writeRow(tx: SqlTransaction, environment: string, { kind, item, expectedVersion }: ItemWrite): Promise<void> {
    const body = JSON.stringify(item);
    const deleted = item.deleted ? 1 : 0;
    const { changes } =
      expectedVersion === 0
        ? await tx.query(
            'insert into items (environment, kind, key, version, deleted, body, updated_at) values ($1, $2, $3, $4, $5, $6, $7) on conflict (environment, kind, key) do nothing',
            [environment, kind, item.key, item.version, deleted, body, this.now()],
          )
        : await tx.query(
            'update items set version = $4, deleted = $5, body = $6, updated_at = $7 where environment = $1 and kind = $2 and key = $3 and version = $8',
            [environment, kind, item.key, item.version, deleted, body, this.now(), expectedVersion],
          );
    if (changes === 1) return;
    const { rows } = await tx.query<{ version: number }>('select version from items where environment = $1 and kind = $2 and key = $3', [environment, kind, item.key]);
    throw new VersionConflictError(`${environment}/${kind}/${item.key}`, expectedVersion, rows[0]?.version ?? 0);
  }

  private async upsertEnvironment(tx: SqlExecutor, key: string, name: string): Promise<void> {
    await tx.query(
      'insert into environments (key, name, position, created_at) values ($1, $2, (select count(*) from environments), $3) on conflict (key) do update set name = excluded.name',
      [key, name, this.now()],
    );
  }

  private async upsertSdkKey(tx: SqlExecutor, environment: string, key: StoredSdkKey): Promise<void> {
    const { changes } = await tx.query(
      'insert into sdk_keys (digest, environment, sdk_key, state, created_at) values ($1, $2, $3, $4, $5) on conflict (digest) do update set state = excluded.state where sdk_keys.environment = excluded.environment',
      [sdkKeyDigest(key.sdkKey), environment, key.sdkKey, key.state, this.now()],
    );
    if (changes !== 1) throw new Error(`The SDK key is already used by another environment`);
  }
}

function toItem(row: ItemRow): Item {
  return JSON.parse(row.body) as Item;
}
