import { type FSWatcher, watch } from 'node:fs';
import * as path from 'node:path';
import { Observable, Subject } from 'rxjs';
import type { DataKind } from '../../model/data-kind';
import type { Logger } from '../../logging/logger';
import { DataFile } from '../data-file';
import type { DataFileDocument } from '../data-file-schema';
import type { Item } from '../environment';
import type { Migration } from './migrations';
import { runMigrations } from './run-migrations';
import type { ServerStore, StoredEnvironment } from './server-store';
import type { SqlDatabase, StoreNotification } from './sql-database';
import { SqliteDatabase } from './sqlite-database';
import { StoreReadOnlyError } from './store-errors';

/** Options of {@link FileServerStore}. */
export interface FileServerStoreOptions {
  /** The flag file (JSON, or YAML for `.yaml`/`.yml`). */
  readonly path: string;
  readonly logger: Logger;
  /** Wait after the last file event before reloading, ms. Default 100. */
  readonly debounceMs?: number;
}

/**
 * Flags as code: the data file is the source of truth. It is read at start and reloaded when it
 * changes (its directory is watched, so editors that replace the file and Kubernetes ConfigMap
 * updates are seen); the admin API refuses writes. An item whose content changed without a
 * higher `version` gets the next version, so SDKs always see versions grow. A file that does not
 * parse is reported and the previous data stays in force. Other modules' tables live in an
 * in-memory SQLite database (nothing of theirs is kept after a restart).
 */
export class FileServerStore implements ServerStore {
  readonly description: string;
  readonly readOnlyReason: string;
  readonly database: SqlDatabase = new SqliteDatabase(':memory:');
  readonly notifications$: Observable<StoreNotification>;
  private readonly subject = new Subject<StoreNotification>();
  private readonly file: DataFile;
  private current: DataFileDocument = { environments: {} };
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastText: string | undefined;
  private closed = false;

  constructor(private readonly options: FileServerStoreOptions) {
    this.file = new DataFile(options.path);
    this.description = `flag file ${options.path}`;
    this.readOnlyReason = `its flags come from the file ${options.path} (flags as code); edit that file instead`;
    this.notifications$ = this.subject.asObservable();
  }

  async initialise(migrations: readonly Migration[]): Promise<boolean> {
    await runMigrations(this.database, migrations);
    const read = await this.file.read();
    if (read === undefined) throw new StoreReadOnlyError(`The flag file ${this.options.path} does not exist (flags as code needs one)`);
    for (const skipped of read.skipped) this.options.logger.warn(`Data file ${this.options.path}: ${skipped}`);
    this.current = withVersions(read.document, undefined);
    this.watch();
    return false;
  }

  async load(): Promise<DataFileDocument> {
    return this.current;
  }

  async readEnvironment(key: string): Promise<StoredEnvironment | undefined> {
    const environment = this.current.environments[key];
    if (!environment) return undefined;
    return {
      key,
      name: environment.name ?? key,
      sdkKeys: [...environment.sdkKeys.map((sdkKey) => ({ sdkKey, state: 'active' as const })), ...(environment.disabledSdkKeys ?? []).map((sdkKey) => ({ sdkKey, state: 'disabled' as const }))],
    };
  }

  async readItem(environment: string, kind: DataKind, key: string): Promise<Item | undefined> {
    return this.current.environments[environment]?.[kind]?.[key] as Item | undefined;
  }

  writeItem(): Promise<void> {
    return this.refuse();
  }

  putEnvironment(): Promise<void> {
    return this.refuse();
  }

  deleteEnvironment(): Promise<void> {
    return this.refuse();
  }

  putSdkKey(): Promise<void> {
    return this.refuse();
  }

  removeSdkKey(): Promise<void> {
    return this.refuse();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
    this.subject.complete();
    await this.database.close();
  }

  private refuse(): Promise<void> {
    return Promise.reject(new StoreReadOnlyError(`The server is read-only: ${this.readOnlyReason}`));
  }

  private watch(): void {
    const directory = path.dirname(path.resolve(this.options.path));
    const name = path.basename(this.options.path);
    try {
      this.watcher = watch(directory, { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name || changed.toString().startsWith(`${name}.`)) this.schedule();
      });
      this.watcher.on('error', (error) => this.options.logger.error(`Watching ${this.options.path} failed: ${error.message}`));
    } catch (error) {
      this.options.logger.error(`Cannot watch ${this.options.path} (${(error as Error).message}); restart the server to pick up changes`);
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 100);
    this.timer.unref();
  }

  private async reload(): Promise<void> {
    if (this.closed) return;
    try {
      const read = await this.file.read();
      if (read === undefined) {
        this.options.logger.warn(`${this.options.path} was removed; keeping the flags loaded from it`);
        return;
      }
      const document = read.document;
      for (const skipped of read.skipped) this.options.logger.warn(`Data file ${this.options.path}: ${skipped}`);
      const text = JSON.stringify(document);
      if (text === this.lastText) return;
      this.lastText = text;
      this.current = withVersions(document, this.current);
      this.options.logger.info(`Reloaded ${this.options.path}`);
      if (!this.closed) this.subject.next({ type: 'resync' });
    } catch (error) {
      this.options.logger.error(`${(error as Error).message}; keeping the previous flags`);
    }
  }
}

/**
 * Fills in keys and versions (default 1), and gives every item whose content differs from the
 * previous load a version above the previous one; items dropped from the file keep a tombstone.
 */
function withVersions(document: DataFileDocument, previous: DataFileDocument | undefined): DataFileDocument {
  const environments: DataFileDocument['environments'] = {};
  for (const [envKey, environment] of Object.entries(document.environments)) {
    const before = previous?.environments[envKey];
    const result = { ...environment, flags: {} as Record<string, Item>, segments: {} as Record<string, Item> };
    for (const kind of ['flags', 'segments'] as const) {
      const old = (before?.[kind] ?? {}) as Record<string, Item>;
      for (const [key, raw] of Object.entries(environment[kind] ?? {})) {
        let item = { ...raw, key, version: raw.version ?? 1 } as Item;
        const prior = old[key];
        if (prior && item.version <= prior.version && JSON.stringify({ ...prior, version: 0 }) !== JSON.stringify({ ...item, version: 0 })) {
          item = { ...item, version: prior.version + 1 };
        } else if (prior && item.version < prior.version) {
          item = { ...item, version: prior.version };
        }
        result[kind][key] = item;
      }
      for (const [key, prior] of Object.entries(old)) {
        if (!(key in result[kind])) result[kind][key] = prior.deleted ? prior : ({ key, version: prior.version + 1, deleted: true } as Item);
      }
    }
    environments[envKey] = result;
  }
  return { environments };
}
