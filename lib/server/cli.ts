import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FlagstreamError } from '../errors/flagstream-error';
import { ServerConfigError } from '../errors/server-config-error';
import type { Logger } from '../logging/logger';
import { DataFile } from './data-file';
import { createFlagServer } from './flag-server';
import { ADMIN_USAGE, isAdminCommand, runAdminCommand } from './management/admin-cli';
import { readStoredData } from './storage/read-stored-data';
import type { FlagServerOptions } from './flag-server-options';
import { type ServerLogLevel, serverConsoleLogger } from './server-logger';
import { typesCommand } from './types-command';

/** Default embedded database of the command-line server, relative to the working directory. */
export const DEFAULT_DATABASE = 'flagstream.db';

/**
 * The data file of earlier versions (relative to the working directory): when it exists and the
 * database is still empty, it is imported on first start.
 */
export const DEFAULT_DATA_FILE = 'flagstream-data.json';

/** `flagstream-server --help`. */
export const USAGE = `Usage: flagstream-server [options]
       flagstream-server export [--db <database>] [--out <file>]
       flagstream-server export --env <env> [--url <server>] [--out <file>]
       flagstream-server import --env <env> [--url <server>] <file>
       flagstream-server token create|list|revoke … (see below)

Runs the flagstream flag server: SDK stream (WebSocket) and polling endpoints, event intake and
the admin API, all on one port. \`export\` writes everything a database holds as a data file
(JSON, or YAML for .yaml/.yml; to standard output without --out); with --env it asks a running
server for one environment's flags and segments instead (the SDK payload, which import takes).

Options:
  --port <n>                  TCP port (default 8030; 0 picks a free port)
  --host <address>            interface to bind (default 0.0.0.0; 127.0.0.1 with --dev)
  --db <database>             where data is stored: postgres://user:password@host/db for
                              PostgreSQL (replicas may share it), or an embedded SQLite file
                              (default: FLAGSTREAM_DB, else ${DEFAULT_DATABASE}); created and migrated on start
  --import <file>             data file (JSON/YAML) imported into an empty database, versions
                              kept (default ${DEFAULT_DATA_FILE} when it exists)
  --data <file>               flags as code: this JSON/YAML file is the source of truth,
                              reloaded when it changes; the admin API is read-only
  --relay <url>               relay mode: follow the flagstream server at <url> and serve its
                              flags to local SDKs from memory (read-only)
  --sdk-key [<env>=]<key>     with --relay: an SDK key to relay (repeatable; default: the
                              comma-separated FLAGSTREAM_RELAY_SDK_KEYS); <env> names the local
                              environment (default relay-1, relay-2, …)
  --admin-token <token>       admin API token, at least 16 characters (default: the
                              FLAGSTREAM_ADMIN_TOKEN environment variable, which is preferable:
                              command lines are visible to other users of the machine)
  --dev                       development mode: without an admin token the admin API is open
                              (and the default host is 127.0.0.1); with one, it is enforced
  --heartbeat-interval <ms>   stream ping interval in milliseconds (default 15000)
  --max-body-bytes <n>        largest admin API or event request body (default 1048576); raise it
                              to import an environment whose export is larger
  --log-level <level>         debug, info, warn or error (default info)
  -h, --help                  show this help and exit

Signals: SIGINT and SIGTERM close every connection and exit.

Other commands:
  flagstream-server types ...   write a TypeScript declaration of an environment's flags
                                (flagstream-server types --help)

${ADMIN_USAGE}`;

/** What the command line asks for. */
export type CliCommand =
  | { readonly help: true }
  | { readonly help: false; readonly export: { readonly database: string; readonly out: string | undefined } }
  | { readonly help: false; readonly options: FlagServerOptions; readonly logLevel: ServerLogLevel };

/**
 * Parses command-line arguments (without `node` and the script).
 *
 * @param argv e.g. `['--port', '0', '--dev']`
 * @param env environment variables (`FLAGSTREAM_ADMIN_TOKEN`, `FLAGSTREAM_DB`)
 * @throws ServerConfigError for an unknown option or a bad value
 */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  if (argv[0] === 'export') return parseExportArgs(argv.slice(1), env);
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        db: { type: 'string' },
        import: { type: 'string' },
        relay: { type: 'string' },
        'sdk-key': { type: 'string', multiple: true },
        'admin-token': { type: 'string' },
        dev: { type: 'boolean' },
        'heartbeat-interval': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ServerConfigError('command line', (error as Error).message);
  }
  if (values.help) return { help: true };
  const logLevel = (values['log-level'] ?? 'info') as ServerLogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ServerConfigError('--log-level', `expected debug, info, warn or error, got ${logLevel}`);
  }
  const options: FlagServerOptions = {
    port: values.port === undefined ? 8030 : number('--port', values.port),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.data !== undefined ? { dataFile: values.data } : { database: values.db ?? env.FLAGSTREAM_DB ?? DEFAULT_DATABASE }),
    ...(values.import !== undefined ? { importFile: values.import } : {}),
    ...(values.relay !== undefined ? { relay: relayOption(values.relay, values['sdk-key'] ?? (env.FLAGSTREAM_RELAY_SDK_KEYS ?? '').split(',').filter(Boolean)) } : {}),
    adminToken: values['admin-token'] ?? env.FLAGSTREAM_ADMIN_TOKEN,
    dev: values.dev ?? false,
    ...(values['heartbeat-interval'] !== undefined ? { heartbeatIntervalMs: number('--heartbeat-interval', values['heartbeat-interval']) } : {}),
    ...(values['max-body-bytes'] !== undefined ? { limits: { maxBodyBytes: number('--max-body-bytes', values['max-body-bytes']) } } : {}),
  };
  return { help: false, options, logLevel };
}

/**
 * Runs the flag server from the command line until SIGINT or SIGTERM.
 *
 * @returns the process exit code: 0 after a clean shutdown or `--help`, 1 when the server could
 *   not start, 2 for a bad command line
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  out: { log: (text: string) => void; error: (text: string) => void } = { log: (t) => process.stdout.write(t), error: (t) => process.stderr.write(t) },
): Promise<number> {
  if (argv[0] === 'types') return typesCommand(argv.slice(1), env, out);
  if (isAdminCommand(argv)) return runAdminCommand(argv, env, out);
  let command: CliCommand;
  try {
    command = parseCliArgs(argv, env);
  } catch (error) {
    out.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    out.log(USAGE);
    return 0;
  }
  if ('export' in command) return exportData(command.export.database, command.export.out, out);
  const options: FlagServerOptions =
    command.options.database !== undefined && command.options.importFile === undefined && existsSync(DEFAULT_DATA_FILE)
      ? { ...command.options, importFile: DEFAULT_DATA_FILE }
      : command.options;
  const logger: Logger = serverConsoleLogger(command.logLevel);
  let server;
  try {
    server = createFlagServer({ ...options, logger });
    await server.listen();
  } catch (error) {
    out.error(`flagstream-server: ${error instanceof FlagstreamError ? error.message : String((error as Error).message ?? error)}\n`);
    await server?.close();
    return 1;
  }
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info(`${signal} received, closing`);
      process.off('SIGINT', stop).off('SIGTERM', stop);
      process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
  logger.info('Closed');
  return 0;
}

function relayOption(upstream: string, keys: readonly string[]): NonNullable<FlagServerOptions['relay']> {
  if (!/^https?:\/\//.test(upstream)) throw new ServerConfigError('--relay', `expected an http:// or https:// URL, got ${JSON.stringify(upstream)}`);
  if (keys.length === 0) throw new ServerConfigError('--sdk-key', 'relay mode needs at least one SDK key (--sdk-key or FLAGSTREAM_RELAY_SDK_KEYS)');
  return {
    upstream,
    keys: keys.map((text) => {
      const at = text.indexOf('=');
      return at > 0 ? { environment: text.slice(0, at), sdkKey: text.slice(at + 1) } : { sdkKey: text };
    }),
  };
}

function parseExportArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { db: { type: 'string' }, out: { type: 'string' } } }));
  } catch (error) {
    throw new ServerConfigError('export', (error as Error).message);
  }
  return { help: false, export: { database: values.db ?? env.FLAGSTREAM_DB ?? DEFAULT_DATABASE, out: values.out } };
}

async function exportData(database: string, out: string | undefined, io: { log: (text: string) => void; error: (text: string) => void }): Promise<number> {
  try {
    const document = await readStoredData(database);
    if (out === undefined) {
      io.log(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      await new DataFile(out).write(document);
      io.error(`Exported ${Object.keys(document.environments).length} environment(s) to ${out}\n`);
    }
    return 0;
  } catch (error) {
    io.error(`flagstream-server export: ${(error as Error).message}\n`);
    return 1;
  }
}

function number(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new ServerConfigError(option, `expected a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
