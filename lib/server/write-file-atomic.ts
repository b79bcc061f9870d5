import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** The file operations {@link writeFileAtomic} uses; injectable so tests can make one fail. */
export interface AtomicWriteFs {
  open(file: string, flags: string, mode?: number): Promise<{
    writeFile(data: string): Promise<void>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

/**
 * Replaces `file` with `text` so that readers (and a restart after a crash) see either the old
 * content or the new one, never a mix: the text goes to a temporary file in the same directory,
 * is flushed to disk (`fsync`), then renamed over `file` (rename is atomic on POSIX file
 * systems). On any failure the temporary file is removed and `file` is untouched.
 *
 * @param file the target path
 * @param text the complete new content (UTF-8)
 * @param fs file operations; default `node:fs/promises`
 */
export async function writeFileAtomic(file: string, text: string, fs: AtomicWriteFs = fsp): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    created = true;
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
    created = false;
  } catch (error) {
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable; not every platform can open a directory, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some file systems refuse fsync on a directory; the rename already happened.
  }
}
