import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Flag } from '../../../lib/model/flag';
import { readStoredData } from '../../../lib/server/storage/read-stored-data';
import { startServerProcess } from '../helpers/server-process';
// Reading the database back after the kill is the recovery check: SQLite replays its write-ahead log on open.
import { createPostgresDatabase, type TestDatabase } from '../helpers/test-database';

const FLAGS = '/api/environments/development/flags';

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`flag server on ${backend === 'sqlite' ? 'the embedded database' : 'PostgreSQL'}: kill -9 during a burst of admin writes`, function () {
    this.timeout(40_000);
    let dir: string;
    let db: TestDatabase | undefined;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'flagstream-kill-'));
    });
    afterEach(async () => {
      await db?.drop();
      db = undefined;
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps every acknowledged write, and no half-written one', async () => {
      if (backend === 'postgres') db = await createPostgresDatabase();
      const database = db?.database ?? path.join(dir, 'flags.db');
      const server = await startServerProcess(['--port', '0', '--dev', '--db', database], dir);
      const acknowledged = new Map<string, number>(); // flag key → acknowledged version
      let writing = true;
      const writer = async (worker: number) => {
        for (let i = 0; writing; i++) {
          const key = `burst-${worker}-${i % 5}`;
          const body = { variations: [true, false], fallthrough: { variation: 0 }, salt: `w${worker}-i${i}`, description: 'x'.repeat(2000) };
          try {
            const response = await fetch(`${server.url}${FLAGS}/${key}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
            if (response.status < 300) acknowledged.set(key, ((await response.json()) as Flag).version);
          } catch {
            return; // the server is gone
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      while (acknowledged.size < 12 || [...acknowledged.values()].reduce((a, b) => a + b, 0) < 30) await new Promise((resolve) => setTimeout(resolve, 5));
      await server.kill9();
      writing = false;
      await Promise.all(writers);

      const stored = (await readStoredData(database)).environments.development.flags!;
      for (const [key, version] of acknowledged) {
        const flag = stored[key] as Flag | undefined;
        assert.ok(flag, `acknowledged ${key} is missing`);
        // A write may be on disk and unacknowledged (killed before the answer): version + 1 at most.
        assert.ok(flag.version === version || flag.version === version + 1, `${key}: stored version ${flag.version}, acknowledged ${version}`);
      }
      for (const [key, raw] of Object.entries(stored)) {
        if (!key.startsWith('burst-')) continue;
        const flag = raw as Flag;
        // Whole items only: every field of the body is there, with the salt of one write.
        assert.match(flag.salt ?? '', /^w\d-i\d+$/, key);
        assert.equal((flag as { description?: string }).description?.length, 2000, key);
        assert.deepEqual(flag.variations, [true, false], key);
      }
    });
  });
}
