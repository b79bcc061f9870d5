import { promises as fsp } from 'node:fs';
import * as E from 'fp-ts/Either';
import * as YAML from 'yaml';
import { DataFileError } from '../errors/data-file-error';
import { decode } from '../model/decode';
import { withoutBadItems } from '../model/skip-bad-items';
import { DataFileDocument } from './data-file-schema';
import { FileFlag, FileSegment } from '../model/flag-file';
import { type AtomicWriteFs, writeFileAtomic } from './write-file-atomic';

/**
 * The flag server's data file: every environment with its SDK keys, flags and segments. YAML
 * when the name ends in `.yaml`/`.yml`, JSON otherwise. The file holds SDK keys, so it is
 * written with mode `0600`. Rewriting a YAML file drops its comments.
 */
export class DataFile {
  constructor(
    /** Path of the file. */
    readonly path: string,
    /** File operations for writing; default `node:fs/promises` (tests inject failures). */
    private readonly fs: AtomicWriteFs = fsp,
  ) {}

  /** Whether the file is YAML (by extension). */
  get isYaml(): boolean {
    return /\.ya?ml$/i.test(this.path);
  }

  /**
   * Reads, parses and decodes the file; `undefined` when it does not exist. A flag or segment
   * that does not decode is left out and listed in `skipped` (path and problems), so that one
   * unusable item never stops the server; it is not served, and the next write of the file no
   * longer holds it.
   *
   * @throws DataFileError when it cannot be read, is not valid JSON/YAML, or does not match the
   *   schema outside single items (each bad path listed)
   */
  async read(): Promise<{ document: DataFileDocument; skipped: readonly string[] } | undefined> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new DataFileError(this.path, `cannot be read (${(error as Error).message})`, [], { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = this.isYaml ? YAML.parse(text, { merge: true }) : JSON.parse(text);
    } catch (error) {
      throw new DataFileError(this.path, `is not valid ${this.isYaml ? 'YAML' : 'JSON'} (${(error as Error).message})`, [], {
        cause: error,
      });
    }
    const { input, skipped } = withoutBadEnvironmentItems(parsed);
    const decoded = decode(DataFileDocument, input, `data file ${this.path}`);
    if (E.isLeft(decoded)) throw new DataFileError(this.path, 'does not match the schema', decoded.left.issues);
    return { document: decoded.right, skipped };
  }

  /** The text {@link write} would store for `document`. */
  serialise(document: DataFileDocument): string {
    return this.isYaml ? YAML.stringify(document, { lineWidth: 0 }) : `${JSON.stringify(document, null, 2)}\n`;
  }

  /**
   * Replaces the file's content atomically (see {@link writeFileAtomic}).
   *
   * @throws DataFileError when the write fails; the file then still holds its previous content
   */
  async write(document: DataFileDocument): Promise<void> {
    try {
      await writeFileAtomic(this.path, this.serialise(document), this.fs);
    } catch (error) {
      throw new DataFileError(this.path, `cannot be written (${(error as Error).message})`, [], { cause: error });
    }
  }
}

/** {@link withoutBadItems} for the flags and segments of every environment of a parsed data file. */
function withoutBadEnvironmentItems(parsed: unknown): { input: unknown; skipped: string[] } {
  const environments = (parsed as { environments?: unknown } | null)?.environments;
  if (typeof environments !== 'object' || environments === null || Array.isArray(environments)) return { input: parsed, skipped: [] };
  const skipped: string[] = [];
  const kept: Record<string, unknown> = {};
  for (const [key, environment] of Object.entries(environments)) {
    const result = withoutBadItems(environment, { flags: FileFlag, segments: FileSegment }, `environments.${key}.`);
    kept[key] = result.input;
    skipped.push(...result.skipped);
  }
  return skipped.length === 0 ? { input: parsed, skipped } : { input: { ...(parsed as object), environments: kept }, skipped };
}
