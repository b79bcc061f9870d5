import type { DataSourceEvent } from '../../../lib/data-sources/data-source';
import type { Logger } from '../../../lib/logging/logger';

/**
 * One short line per event, for compact assertions: `put f@1`, `patch flags a@2`,
 * `delete segments s@3`, `VALID`, `INTERRUPTED NETWORK_ERROR`, `OFF ERROR_RESPONSE 401`.
 */
export function describeEvents(events: readonly DataSourceEvent[]): string[] {
  return events.map((event) => {
    switch (event.type) {
      case 'put':
        return `put ${Object.values(event.data.flags).map((flag) => `${flag.key}@${flag.version}`).join(',')}`;
      case 'patch':
        return `patch ${event.kind} ${event.data.key}@${event.data.version}`;
      case 'delete':
        return `delete ${event.kind} ${event.key}@${event.version}`;
      case 'status':
        return [event.state, event.error?.kind, event.error?.statusCode].filter((part) => part !== undefined).join(' ');
    }
  });
}

/** A logger that keeps every line. */
export function captureLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, ...args: unknown[]) => {
    lines.push(`${level} ${message}${args.length > 0 ? ` ${args.map(String).join(' ')}` : ''}`);
  };
  return { lines, error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') };
}

/**
 * Asserts that neither an emitted event nor a logged line carries `sdkKey` (every data-source
 * spec checks this in its teardown).
 */
export function assertKeyNeverLeaked(sdkKey: string, events: readonly unknown[], lines: readonly string[]): void {
  if (JSON.stringify(events).includes(sdkKey)) throw new Error('an event carried the SDK key');
  for (const line of lines) if (line.includes(sdkKey)) throw new Error(`the SDK key was logged: ${line}`);
}
