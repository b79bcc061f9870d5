import type { Logger } from '../../../lib/logging/logger';

/** A logger that keeps every line as `level: message`. */
export class CaptureLogger implements Logger {
  readonly lines: string[] = [];
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
  debug(message: string): void {
    this.lines.push(`debug: ${message}`);
  }
}
