import { openStream, type StreamClient } from './stream-client';
import { SDK_KEY, startTestServer, type TestServer } from './test-server';

/** The admin API's flag and segment paths in the test server's `production` environment. */
export const FLAGS = '/api/environments/production/flags';
export const SEGMENTS = '/api/environments/production/segments';

/** A test server, and an SDK stream to it whose initial `put` has been read. */
export interface AdminFixture {
  readonly t: TestServer;
  readonly stream: StreamClient;
}

/** Starts an {@link AdminFixture} (call it in `beforeEach`). */
export async function startAdminFixture(): Promise<AdminFixture> {
  const t = await startTestServer();
  const stream = await openStream(t.url, SDK_KEY);
  await stream.next(); // put
  return { t, stream };
}

/** Closes the stream and stops the server (call it in `afterEach`). */
export async function stopAdminFixture({ t, stream }: AdminFixture): Promise<void> {
  stream.ws.terminate();
  await t.stop();
}
