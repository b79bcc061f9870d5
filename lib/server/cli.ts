import { parseArgs } from 'node:util';
import { FlagstreamError } from '../errors/flagstream-error';
import { ServerConfigError } from '../errors/server-config-error';
import type { Logger } from '../logging/logger';
import { createFlagServer } from './flag-server';
import type { FlagServerOptions } from './flag-server-options';
import { type ServerLogLevel, serverConsoleLogger } from './server-logger';

/** Default data file of the command-line server, relative to the working directory. */
export const DEFAULT_DATA_FILE = 'flagstream-data.json';

/** `flagstream-server --help`. */
export const USAGE = `Usage: flagstream-server [options]

Runs the flagstream flag server: SDK stream (WebSocket) and polling endpoints, event intake and
the admin API, all on one port.

Options:
  --port <n>                  TCP port (default 8030; 0 picks a free port)
  --host <address>            interface to bind (default 0.0.0.0; 127.0.0.1 with --dev)
  --data <file>               data file, JSON or YAML (.yaml/.yml) (default ${DEFAULT_DATA_FILE});
                              created with an example environment when missing
  --admin-token <token>       admin API token, at least 16 characters (default: the
                              FLAGSTREAM_ADMIN_TOKEN environment variable, which is preferable:
                              command lines are visible to other users of the machine)
  --dev                       development mode: without an admin token the admin API is open
                              (and the default host is 127.0.0.1); with one, it is enforced
  --heartbeat-interval <ms>   stream ping interval in milliseconds (default 15000)
  --log-level <level>         debug, info, warn or error (default info)
  -h, --help                  show this help and exit

Signals: SIGINT and SIGTERM close every connection and exit.
`;

/** What the command line asks for. */
export type CliCommand = { readonly help: true } | { readonly help: false; readonly options: FlagServerOptions; readonly logLevel: ServerLogLevel };

/**
 * Parses command-line arguments (without `node` and the script).
 *
 * @param argv e.g. `['--port', '0', '--dev']`
 * @param env environment variables (`FLAGSTREAM_ADMIN_TOKEN`)
 * @throws ServerConfigError for an unknown option or a bad value
 */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
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
        'admin-token': { type: 'string' },
        dev: { type: 'boolean' },
        'heartbeat-interval': { type: 'string' },
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
    dataFile: values.data ?? DEFAULT_DATA_FILE,
    adminToken: values['admin-token'] ?? env.FLAGSTREAM_ADMIN_TOKEN,
    dev: values.dev ?? false,
    ...(values['heartbeat-interval'] !== undefined ? { heartbeatIntervalMs: number('--heartbeat-interval', values['heartbeat-interval']) } : {}),
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
  const logger: Logger = serverConsoleLogger(command.logLevel);
  let server;
  try {
    server = createFlagServer({ ...command.options, logger });
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

function number(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new ServerConfigError(option, `expected a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
