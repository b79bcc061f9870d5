import type { Logger } from './logger';

/** Log levels, from most to least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'none';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, none: 4 };

/**
 * The default logger: writes `[flagstream] message` lines to the console at or above `level`.
 *
 * @param level the least severe level written; default `'info'`
 */
export function consoleLogger(level: LogLevel = 'info'): Logger {
  const at = RANK[level];
  const write =
    (rank: number, sink: (...args: unknown[]) => void) =>
    (message: string, ...args: unknown[]) => {
      if (rank >= at) sink(`[flagstream] ${message}`, ...args);
    };
  return {
    debug: write(RANK.debug, console.debug),
    info: write(RANK.info, console.info),
    warn: write(RANK.warn, console.warn),
    error: write(RANK.error, console.error),
  };
}
