import { type Observable, Subject } from 'rxjs';
import type { DataKind } from '../../model/data-kind';
import type { DataFileDocument } from '../data-file-schema';
import type { Item } from '../environment';
import type { Migration } from './migrations';
import { runMigrations } from './run-migrations';
import type { ServerStore, StoredEnvironment } from './server-store';
import type { SqlDatabase, StoreNotification } from './sql-database';
import { SqliteDatabase } from './sqlite-database';
import { StoreReadOnlyError } from './store-errors';

/**
 * What the read-only stores (flags as code, relay) share: every write is refused with a
 * {@link StoreReadOnlyError} naming {@link readOnlyReason} (the repository answers `405` before
 * it gets here), other modules' tables live in an in-memory SQLite database (nothing of theirs
 * is kept after a restart), and changes from the source are announced on `notifications$`
 * through {@link announce}. A subclass loads its source in {@link start} and stops following it
 * in {@link stop}.
 */
export abstract class ReadOnlyServerStore implements ServerStore {
  readonly database: SqlDatabase = new SqliteDatabase(':memory:');
  readonly notifications$: Observable<StoreNotification>;
  private readonly subject = new Subject<StoreNotification>();
  private closedFlag = false;

  constructor(
    /** For log lines. */
    readonly description: string,
    /** Why writes are refused, e.g. `its flags come from the file flags.yaml…`. */
    readonly readOnlyReason: string,
  ) {
    this.notifications$ = this.subject.asObservable();
  }

  /** Runs the migrations (other modules' tables), then {@link start}. Never stores a seed. */
  async initialise(migrations: readonly Migration[]): Promise<boolean> {
    await runMigrations(this.database, migrations);
    await this.start();
    return false;
  }

  abstract load(): Promise<DataFileDocument>;

  abstract readItem(environment: string, kind: DataKind, key: string): Promise<Item | undefined>;

  /** The environment as {@link load} gives it (name default: its key; disabled keys included). */
  async readEnvironment(key: string): Promise<StoredEnvironment | undefined> {
    const environment = (await this.load()).environments[key];
    if (!environment) return undefined;
    return {
      key,
      name: environment.name ?? key,
      sdkKeys: [
        ...environment.sdkKeys.map((sdkKey) => ({ sdkKey, state: 'active' as const })),
        ...(environment.disabledSdkKeys ?? []).map((sdkKey) => ({ sdkKey, state: 'disabled' as const })),
      ],
    };
  }

  // Every write is refused (see the class comment).
  readonly writeItem = (): Promise<void> => this.refuse();
  readonly writeItems = (): Promise<void> => this.refuse();
  readonly putEnvironment = (): Promise<void> => this.refuse();
  readonly deleteEnvironment = (): Promise<void> => this.refuse();
  readonly putSdkKey = (): Promise<void> => this.refuse();
  readonly removeSdkKey = (): Promise<void> => this.refuse();

  /** Stops following the source ({@link stop}), completes `notifications$`, closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    await this.stop();
    this.subject.complete();
    await this.database.close();
  }

  /** Whether {@link close} was called. */
  protected get closed(): boolean {
    return this.closedFlag;
  }

  /** Tells the repository that the source changed (nothing after {@link close}). */
  protected announce(notification: StoreNotification): void {
    if (!this.closedFlag) this.subject.next(notification);
  }

  /** Loads the source and starts following it (called once, by {@link initialise}). */
  protected abstract start(): Promise<void>;

  /** Stops following the source (called once, by {@link close}). */
  protected abstract stop(): void | Promise<void>;

  private refuse(): Promise<void> {
    return Promise.reject(new StoreReadOnlyError(`The server is read-only: ${this.readOnlyReason}`));
  }
}
