import { promises as fs } from 'node:fs';
import * as E from 'fp-ts/Either';
import { FlagFileProblem, invalidData, unreadable } from './flag-file-problem';

/** Readable descriptions of the file-system error codes a flag file read usually fails with. */
const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a parent of this path is not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/**
 * Reads one flag file as UTF-8 text, without ever throwing or rejecting.
 *
 * Only regular files (or symlinks to them) are read, and only up to `maxBytes`: a device such as
 * `/dev/zero`, a FIFO or a runaway file is refused before it is read, so it can neither block
 * nor exhaust memory.
 * A leading byte-order mark is dropped.
 *
 * @param path the file to read
 * @param maxBytes the largest file accepted, in bytes
 * @returns the text, or a {@link FlagFileProblem} whose message starts with `path`
 */
export async function readFlagFile(path: string, maxBytes: number): Promise<E.Either<FlagFileProblem, string>> {
  let handle: fs.FileHandle | undefined;
  try {
    // stat before open: opening a FIFO would block until some writer appears.
    if (!(await fs.stat(path)).isFile()) return E.left(unreadable(path, 'not a regular file'));
    handle = await fs.open(path, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) return E.left(unreadable(path, 'not a regular file'));
    if (stat.size > maxBytes) {
      return E.left(invalidData(path, `file is ${stat.size} bytes, more than the limit of ${maxBytes} bytes`));
    }
    const text = await handle.readFile({ encoding: 'utf8' });
    // The file may have grown between stat() and the read.
    if (Buffer.byteLength(text, 'utf8') > maxBytes) {
      return E.left(invalidData(path, `file is more than the limit of ${maxBytes} bytes`));
    }
    return E.right(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return E.left(unreadable(path, describeFsError(error)));
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return `${FS_ERRORS[code] ?? 'cannot read the file'} (${code})`;
  return `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
}
