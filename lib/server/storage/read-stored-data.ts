import { silentLogger } from '../../logging/logger';
import type { DataFileDocument } from '../data-file-schema';
import { openServerStore } from './open-server-store';
import { StoreUnavailableError } from './store-errors';

/**
 * Reads everything a flagstream database holds (environments, SDK keys, flags, segments with
 * their versions and tombstones) as a data file document, without changing anything. What
 * `flagstream-server export` writes.
 *
 * @param database as the server's `database` option (`postgres://…` or a SQLite file)
 * @throws StoreUnavailableError when the database cannot be opened or holds no flagstream data
 */
export async function readStoredData(database: string): Promise<DataFileDocument> {
  const store = await openServerStore({ database, logger: silentLogger });
  try {
    const { rows } = await store.database.query("select count(*) as n from schema_migrations where id = '001-core'").catch(() => ({ rows: [] }));
    if (Number(rows[0]?.n ?? 0) === 0) throw new StoreUnavailableError(`${store.description} holds no flagstream data`);
    return await store.load();
  } finally {
    await store.close();
  }
}
