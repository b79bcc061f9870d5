import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServerConfigError } from '../../lib/errors/server-config-error';
import { DEFAULT_DATABASE, parseCliArgs, USAGE } from '../../lib/server/cli';

const BIN = path.join(__dirname, '..', '..', 'bin', 'flagstream-server.js');

describe('flagstream-server command line', () => {
  describe('parseCliArgs', () => {
    it('reads every option', () => {
      const command = parseCliArgs(
        ['--port', '0', '--host', '::1', '--data', 'f.yaml', '--admin-token', 'tok', '--dev', '--heartbeat-interval', '500', '--log-level', 'warn'],
        {},
      );
      assert.deepEqual(command, {
        help: false,
        logLevel: 'warn',
        options: { port: 0, host: '::1', dataFile: 'f.yaml', adminToken: 'tok', dev: true, heartbeatIntervalMs: 500 },
      });
    });

    it('defaults: port 8030, the embedded database, the token from FLAGSTREAM_ADMIN_TOKEN', () => {
      const command = parseCliArgs([], { FLAGSTREAM_ADMIN_TOKEN: 'from-env' });
      assert.deepEqual(command, { help: false, logLevel: 'info', options: { port: 8030, database: DEFAULT_DATABASE, adminToken: 'from-env', dev: false } });
    });

    it('takes the database from --db or FLAGSTREAM_DB, and an import file', () => {
      const url = 'postgres://u@db.internal/flags';
      assert.deepEqual(parseCliArgs(['--db', url, '--import', 'old.json', '--dev'], {}), {
        help: false,
        logLevel: 'info',
        options: { port: 8030, database: url, importFile: 'old.json', adminToken: undefined, dev: true },
      });
      const fromEnv = parseCliArgs([], { FLAGSTREAM_DB: url });
      assert.ok('options' in fromEnv && fromEnv.options.database === url);
    });

    it('parses the export command', () => {
      assert.deepEqual(parseCliArgs(['export', '--db', 'x.db', '--out', 'all.yaml'], {}), { help: false, export: { database: 'x.db', out: 'all.yaml' } });
      assert.deepEqual(parseCliArgs(['export'], {}), { help: false, export: { database: DEFAULT_DATABASE, out: undefined } });
      assert.throws(() => parseCliArgs(['export', '--bogus'], {}), ServerConfigError);
    });

    it('refuses unknown options and bad numbers', () => {
      assert.throws(() => parseCliArgs(['--prot', '1'], {}), ServerConfigError);
      assert.throws(() => parseCliArgs(['--port', 'eighty'], {}), /--port.*expected a whole number/);
      assert.throws(() => parseCliArgs(['--log-level', 'loud'], {}), /--log-level/);
    });

    it('documents every option in --help', () => {
      assert.deepEqual(parseCliArgs(['-h'], {}), { help: true });
      for (const option of ['--port', '--host', '--db', '--import', '--data', 'export', '--admin-token', '--dev', '--heartbeat-interval', '--log-level', '--help']) {
        assert.ok(USAGE.includes(option), `${option} is not documented`);
      }
    });
  });

  describe('bin/flagstream-server.js (from source, without a build)', function () {
    this.timeout(20_000);
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'flagstream-cli-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = (args: string[], env: Record<string, string> = {}) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, FLAGSTREAM_ADMIN_TOKEN: '', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, exited, output: () => ({ stdout, stderr }) };
    };

    it('refuses to start without an admin token outside dev mode', async () => {
      const { exited, output } = run(['--port', '0']);
      assert.equal(await exited, 1);
      assert.match(output().stderr, /an admin token is required/);
    });

    it('serves until SIGTERM, then closes cleanly with exit code 0', async () => {
      const token = 'cli-test-token-0123456789';
      const { child, exited, output } = run(['--port', '0'], { FLAGSTREAM_ADMIN_TOKEN: token });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line: ${JSON.stringify(output())}`)), 15_000);
        child.stdout.on('data', () => {
          const found = /listening on (http:\/\/\S+)/.exec(output().stdout);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]);
          }
        });
      });
      assert.ok(existsSync(path.join(dir, DEFAULT_DATABASE)), 'the embedded database is created in the working directory');
      const exported = run(['export', '--out', 'all.json']);
      assert.equal(await exported.exited, 0, exported.output().stderr);
      const sdkKey = JSON.parse(readFileSync(path.join(dir, 'all.json'), 'utf8')).environments.development.sdkKeys[0];
      assert.equal((await fetch(`${url}/sdk/latest-all`, { headers: { Authorization: sdkKey } })).status, 200);
      assert.equal((await fetch(`${url}/api/environments`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(output().stdout, /SIGTERM received, closing/);
      const all = output().stdout + output().stderr;
      assert.ok(!all.includes(token) && !all.includes(sdkKey), 'a secret was logged');
    });
  });
});
