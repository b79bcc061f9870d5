import { Logger as NestLogger, type LoggerService } from '@nestjs/common';
import type { Logger } from '../../logging/logger';

/**
 * A flagstream {@link Logger} writing to Nest's logger: `error` → `error`, `warn` → `warn`,
 * `info` → `log`, `debug` → `debug`, under the context name `Flagstream`.
 *
 * @param logger Nest's logger to write to; @default `new Logger('Flagstream')`
 */
export function nestLogger(logger: LoggerService = new NestLogger('Flagstream')): Logger {
  const text = (message: string, args: unknown[]) => (args.length === 0 ? message : `${message} ${args.map(String).join(' ')}`);
  return {
    error: (message, ...args) => logger.error(text(message, args)),
    warn: (message, ...args) => logger.warn(text(message, args)),
    info: (message, ...args) => logger.log(text(message, args)),
    debug: (message, ...args) => logger.debug?.(text(message, args)),
  };
}
