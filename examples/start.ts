/**
 * `npm start`: a flag server in development mode (admin API open, bound to 127.0.0.1) with the
 * example environment, and a demo client that prints live flag values as they change.
 *
 * Flip a flag from another terminal and watch the output:
 *   curl -X PATCH http://localhost:8030/api/environments/development/flags/new-checkout \
 *     -H 'Content-Type: application/json' -d '{"instructions":[{"kind":"turnFlagOff"}]}'
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { combineLatest } from 'rxjs';
import { consoleLogger, createClient } from '../lib';
import { createFlagServer } from '../lib/server/flag-server';
import { readStoredData } from '../lib/server/storage/read-stored-data';

/** The embedded database (or `postgres://…`); `FLAGSTREAM_DB` overrides it. */
const database = process.env.FLAGSTREAM_DB ?? join(__dirname, '.data', 'flagstream.db');

async function main(): Promise<void> {
  if (!/^postgres/.test(database)) mkdirSync(dirname(database), { recursive: true });
  const server = createFlagServer({ port: Number(process.env.PORT ?? 8030), dev: true, database, logger: consoleLogger('info') });
  const { port } = await server.listen();
  console.log(`flag server on http://localhost:${port}`);

  // The example environment's SDK key lives in the database (it is never printed).
  const sdkKey: string = (await readStoredData(database)).environments.development.sdkKeys[0];
  const client = createClient({ sdkKey, baseUri: `http://127.0.0.1:${port}`, logger: consoleLogger('warn') });
  await client.waitForInitialization({ timeout: 5000 });

  const alice = { kind: 'user', key: 'alice', email: 'alice@example.com' };
  const carol = { kind: 'user', key: 'carol', email: 'carol@elsewhere.org' };
  combineLatest({
    aliceCheckout: client.variation$('new-checkout', alice, false),
    carolCheckout: client.variation$('new-checkout', carol, false),
    aliceBanner: client.variation$('banner-text', alice, ''),
    carolBanner: client.variation$('banner-text', carol, ''),
  }).subscribe((v) => {
    console.log(`[demo] new-checkout: alice=${v.aliceCheckout} carol=${v.carolCheckout} | banner-text: alice="${v.aliceBanner}" carol="${v.carolBanner}"`);
  });
  client.status$.subscribe((s) => console.log(`[demo] status ${s.state}${s.state !== 'VALID' && s.lastError ? ` (${s.lastError.message})` : ''}`));

  console.log(`
Try, in another terminal:
  curl -X PATCH http://localhost:${port}/api/environments/development/flags/new-checkout \\
    -H 'Content-Type: application/json' -d '{"instructions":[{"kind":"turnFlagOff"}]}'
Ctrl-C to stop.`);

  const stop = async () => {
    await client.close();
    await server.close();
    console.log('[demo] stopped');
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
