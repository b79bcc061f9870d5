import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DataFileDocument } from '../../../lib/server/data-file-schema';
import { createFlagServer, type FlagServer } from '../../../lib/server/flag-server';
import { readStoredData } from '../../../lib/server/storage/read-stored-data';
import { ADMIN_TOKEN, e2eEnvironments, ENVIRONMENT } from './e2e-data';
import { freePort, PortWatch } from './port-watch';

/** An admin API answer. */
export interface AdminAnswer {
  readonly status: number;
  readonly json: any;
}

/**
 * The real flag server (`createFlagServer`) on 127.0.0.1 with a data file in a fresh temp dir
 * and an admin token, which a spec can stop and start again on the same port and data file, and
 * whose port is watched ({@link PortWatch}) across restarts.
 */
export class E2eServer {
  /** The running server; undefined while stopped. */
  private current: FlagServer | undefined;

  private constructor(
    /** The port, fixed for the life of this object. */
    readonly port: number,
    /** The temp dir holding the data file (removed by {@link dispose}). */
    readonly dir: string,
    /** Connections and responses on the port. */
    readonly watch: PortWatch,
  ) {}

  /** Starts a server on a free port (data file created from {@link e2eEnvironments}). */
  static async start(): Promise<E2eServer> {
    const server = await E2eServer.reserve();
    await server.startAgain();
    return server;
  }

  /** Picks a free port and watches it, without starting a server: "the server is down". */
  static async reserve(): Promise<E2eServer> {
    const port = await freePort();
    return new E2eServer(port, mkdtempSync(path.join(tmpdir(), 'flagstream-e2e-')), new PortWatch(port));
  }

  /** `http://127.0.0.1:<port>`, valid whether or not the server runs. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The embedded database's path. */
  get database(): string {
    return path.join(this.dir, 'data.db');
  }

  /** A data file the next start imports into a new database (see {@link writeData}). */
  private get importFile(): string {
    return path.join(this.dir, 'import.json');
  }

  /** The running server (throws while stopped). */
  get server(): FlagServer {
    if (!this.current) throw new Error('the e2e server is stopped');
    return this.current;
  }

  /** Open stream connections now (0 while stopped). */
  connectionCount(): number {
    return this.current?.connectionCount() ?? 0;
  }

  /** Starts a new server (in this process) on the same port and data file. */
  async startAgain(): Promise<void> {
    if (this.current) throw new Error('the e2e server is already running');
    const server = createFlagServer({
      port: this.port,
      host: '127.0.0.1',
      database: this.database,
      ...(existsSync(this.importFile) ? { importFile: this.importFile } : {}),
      environments: e2eEnvironments(),
      adminToken: ADMIN_TOKEN,
      closeGraceMs: 200,
    });
    await server.listen();
    this.current = server;
  }

  /** Closes the running server (streams get close code 1001); the data file stays. */
  async stop(): Promise<void> {
    const server = this.current;
    this.current = undefined;
    await server?.close();
  }

  /** Stops the server, stops watching and removes the temp dir. */
  async dispose(): Promise<void> {
    await this.stop();
    this.watch.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Everything stored (the database exists once a server has started). */
  readData(): Promise<DataFileDocument> {
    return readStoredData(this.database);
  }

  /**
   * Replaces the stored data (do it only while stopped, as an operator would): the database is
   * removed and the next start imports `document`.
   */
  writeData(document: DataFileDocument): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.database}${suffix}`, { force: true });
    writeFileSync(this.importFile, JSON.stringify(document, null, 2));
  }

  /** An admin API request with the admin token. */
  async admin(method: string, pathname: string, body?: unknown): Promise<AdminAnswer> {
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  /** `PATCH` semantic instructions to a flag of the e2e environment; throws unless `200`. */
  async patchFlag(key: string, ...instructions: Record<string, unknown>[]): Promise<AdminAnswer> {
    const answer = await this.admin('PATCH', `/api/environments/${ENVIRONMENT}/flags/${key}`, { instructions });
    if (answer.status !== 200) throw new Error(`PATCH ${key} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    return answer;
  }
}
