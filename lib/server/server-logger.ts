import type { Logger } from '../logging/logger';

/** Server log levels, from most to least verbose. */
export type ServerLogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<ServerLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * The flag server's console logger: one line per message, `ISO-time LEVEL message`; `debug` and
 * `info` to stdout, `warn` and `error` to stderr.
 *
 * @param level the least severe level written; default `'info'`
 * @param streams where lines go; default `process.stdout` / `process.stderr`
 */
export function serverConsoleLogger(
  level: ServerLogLevel = 'info',
  streams: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = { out: process.stdout, err: process.stderr },
): Logger {
  const line =
    (name: ServerLogLevel, stream: NodeJS.WritableStream) =>
    (message: string, ...args: unknown[]) => {
      if (RANK[name] < RANK[level]) return;
      const extra = args.map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : JSON.stringify(arg)));
      stream.write(`${new Date().toISOString()} ${name.toUpperCase().padEnd(5)} ${[message, ...extra].join(' ')}\n`);
    };
  return { debug: line('debug', streams.out), info: line('info', streams.out), warn: line('warn', streams.err), error: line('error', streams.err) };
}
