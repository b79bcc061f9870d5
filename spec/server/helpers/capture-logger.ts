import type { Logger } from '../../../lib/logging/logger';

/** A logger that keeps every line (`LEVEL message`) for assertions. */
export interface CaptureLogger extends Logger {
  readonly lines: string[];
  /** Every line joined, for `includes` checks. */
  text(): string;
}

export function captureLogger(): CaptureLogger {
  const lines: string[] = [];
  const write = (level: string) => (message: string, ...args: unknown[]) => {
    lines.push([`${level} ${message}`, ...args.map(String)].join(' '));
  };
  return { lines, text: () => lines.join('\n'), debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}
