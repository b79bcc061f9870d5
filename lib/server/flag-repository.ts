import { Observable, Subject } from 'rxjs';
import type { DataKind } from '../model/data-kind';
import { DataFileError } from '../errors/data-file-error';
import { ServerRequestError } from '../errors/server-request-error';
import type { Logger } from '../logging/logger';
import { buildEnvironments } from './build-environments';
import type { DataChange } from './data-change';
import { DataFile } from './data-file';
import type { DataFileDocument } from './data-file-schema';
import { type Environment, type Item } from './environment';
import { createExampleData } from './example-data';
import { sdkKeyDigest } from './sdk-key-hash';
import { findDependents } from './validation/find-dependents';
import { validateFlag } from './validation/validate-flag';
import { validateSegment } from './validation/validate-segment';
import type { Flag } from '../model/flag';
import type { Segment } from '../model/segment';

/**
 * What a change asks for, given the item as it is now (`undefined` when absent or deleted): the
 * new content (key and version are set by the repository), or `'delete'`. Throw a
 * {@link ServerRequestError} to refuse.
 */
export type ChangeBuilder = (current: Item | undefined, environment: Environment) => Omit<Item, 'version'> | 'delete';

/** Options of {@link FlagRepository.open}. */
export interface FlagRepositoryOptions {
  /** The data file; without one, data lives in memory only. */
  readonly dataFile?: DataFile;
  /** Data used when there is no data file or it does not exist yet; default the example data. */
  readonly initialData?: DataFileDocument;
  readonly logger: Logger;
}

/**
 * Every environment's flags and segments, and the one way to change them. Changes run one at a
 * time; each is validated, gets the next version, is written to the data file (atomically), and
 * only then applied in memory and emitted on `changes$`. A refused or failed change leaves
 * memory, disk and connected SDKs untouched.
 */
export class FlagRepository {
  /** Every accepted change, after it was persisted. Completes on {@link close}. */
  readonly changes$: Observable<DataChange>;
  private readonly changes = new Subject<DataChange>();
  private readonly byKey = new Map<string, Environment>();
  private readonly bySdkKey = new Map<string, { environment: Environment; disabled: boolean }>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    environments: Environment[],
    private readonly dataFile: DataFile | undefined,
  ) {
    this.changes$ = this.changes.asObservable();
    for (const environment of environments) {
      this.byKey.set(environment.key, environment);
      for (const key of environment.sdkKeys) this.bySdkKey.set(sdkKeyDigest(key), { environment, disabled: false });
      for (const key of environment.disabledSdkKeys) this.bySdkKey.set(sdkKeyDigest(key), { environment, disabled: true });
    }
  }

  /**
   * Loads the data file, or creates it from `initialData` (default: the example environment)
   * when it does not exist.
   *
   * @throws DataFileError when the file is unreadable, malformed, or cannot be created
   */
  static async open(options: FlagRepositoryOptions): Promise<FlagRepository> {
    const { dataFile, logger } = options;
    const read = dataFile ? await dataFile.read() : undefined;
    let document = read?.document;
    const created = document === undefined;
    document ??= options.initialData ?? createExampleData();
    const built = buildEnvironments(document);
    const where = dataFile?.path ?? '(initial data)';
    if ('issues' in built) throw new DataFileError(where, 'is not usable', built.issues);
    for (const skipped of read?.skipped ?? []) logger.warn(`Data file ${where}: ${skipped}`);
    for (const warning of built.warnings) logger.warn(`Data file ${where}: ${warning}`);
    if (created && dataFile) {
      await dataFile.write(document);
      logger.info(
        `Created data file ${dataFile.path} with environment(s) ${Object.keys(document.environments).join(', ')}; ` +
          'their SDK keys are in that file',
      );
    }
    return new FlagRepository(built.environments, dataFile);
  }

  /** The environment with this key. */
  environment(key: string): Environment | undefined {
    return this.byKey.get(key);
  }

  /** Every environment, in data file order. */
  environments(): Environment[] {
    return [...this.byKey.values()];
  }

  /** The environment an SDK key selects, and whether the key is disabled; `undefined` if unknown. */
  resolveSdkKey(sdkKey: string): { environment: Environment; disabled: boolean } | undefined {
    return this.bySdkKey.get(sdkKeyDigest(sdkKey));
  }

  /**
   * Applies one change to `kind`/`key` of environment `envKey`, after every earlier change.
   *
   * @returns the accepted change (also emitted on `changes$`)
   * @throws ServerRequestError 404 (unknown environment), 400 (invalid: `issues` lists every
   *   problem), 500 (the data file could not be written), or whatever `build` throws
   */
  update(envKey: string, kind: DataKind, key: string, build: ChangeBuilder): Promise<DataChange> {
    const run = this.queue.then(() => this.apply(envKey, kind, key, build));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for changes in progress, then completes `changes$`. Idempotent. */
  async close(): Promise<void> {
    await this.queue;
    this.changes.complete();
  }

  private async apply(envKey: string, kind: DataKind, key: string, build: ChangeBuilder): Promise<DataChange> {
    const environment = this.byKey.get(envKey);
    if (!environment) throw new ServerRequestError(404, `Unknown environment "${envKey}"`);
    const wanted = build(environment.get(kind, key), environment);
    const version = environment.nextVersion(kind, key);
    let item: Item;
    let issues: string[];
    if (wanted === 'delete') {
      item = { key, version, deleted: true };
      const dependents = findDependents(kind, key, environment);
      issues = dependents.length > 0 ? [`${key}: still used by ${dependents.join(', ')}`] : [];
    } else {
      const { deleted: _deleted, ...body } = wanted as Item;
      item = { ...body, key, version };
      const lookup = environment.withItem(kind, item);
      issues = kind === 'flags' ? validateFlag(item as Flag, lookup) : validateSegment(item as Segment, lookup);
    }
    if (issues.length > 0) throw new ServerRequestError(400, `Invalid change to ${kind}/${key}`, issues);

    if (this.dataFile) await this.persist(environment, kind, item);
    environment.commit(kind, item);
    const change: DataChange = { environment: envKey, kind, key, version, ...(wanted === 'delete' ? {} : { item }) };
    this.changes.next(change);
    return change;
  }

  private async persist(changed: Environment, kind: DataKind, item: Item): Promise<void> {
    const environments: DataFileDocument['environments'] = {};
    for (const environment of this.byKey.values()) {
      environments[environment.key] = environment.toDocument(environment === changed ? { kind, item } : undefined);
    }
    try {
      await this.dataFile!.write({ environments });
    } catch (error) {
      const message = error instanceof DataFileError ? error.message : String(error);
      throw new ServerRequestError(500, `The change was not saved: ${message}`);
    }
  }
}
