/**
 * Where flagstream writes its log lines. Any object with these four methods works (console,
 * pino, winston…). flagstream never logs an SDK key or an admin token.
 */
export interface Logger {
  error(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
}

/** A logger that discards everything. */
export const silentLogger: Logger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
};
