import { type FSWatcher, watch } from 'node:fs';
import * as path from 'node:path';
import type { DataKind } from '../../model/data-kind';
import type { Logger } from '../../logging/logger';
import { DataFile } from '../data-file';
import type { DataFileDocument } from '../data-file-schema';
import type { Item } from '../environment';
import { ReadOnlyServerStore } from './read-only-server-store';
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
 * parse is reported and the previous data stays in force. Writes are refused as in every
 * {@link ReadOnlyServerStore}.
 */
export class FileServerStore extends ReadOnlyServerStore {
  private readonly file: DataFile;
  private current: DataFileDocument = { environments: {} };
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastText: string | undefined;

  constructor(private readonly options: FileServerStoreOptions) {
    super(`flag file ${options.path}`, `its flags come from the file ${options.path} (flags as code); edit that file instead`);
    this.file = new DataFile(options.path);
  }

  async load(): Promise<DataFileDocument> {
    return this.current;
  }

  async readItem(environment: string, kind: DataKind, key: string): Promise<Item | undefined> {
    return this.current.environments[environment]?.[kind]?.[key] as Item | undefined;
  }

  protected async start(): Promise<void> {
    const read = await this.file.read();
    if (read === undefined) throw new StoreReadOnlyError(`The flag file ${this.options.path} does not exist (flags as code needs one)`);
    for (const skipped of read.skipped) this.options.logger.warn(`Data file ${this.options.path}: ${skipped}`);
    this.current = withVersions(read.document, undefined);
    this.watch();
  }

  protected stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
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
      this.announce({ type: 'resync' });
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
