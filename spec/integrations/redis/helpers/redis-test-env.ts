import { Redis } from 'ioredis';
import type { Logger } from '../../../../lib/logging/logger';

/** The Redis every spec here uses (started by the environment; CI has one too). */
export const REDIS_URL = 'redis://127.0.0.1:6379';

let counter = 0;

/** A prefix no other spec (or concurrent run) uses. */
export function uniquePrefix(): string {
  counter += 1;
  return `flagstream-spec-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A plain ioredis connection for setting up and inspecting keys; close it with `quit()`. */
export function rawRedis(): Redis {
  return new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
}

/** Deletes every key a store with `prefix` may have written. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  await redis.del(`${prefix}:flags`, `${prefix}:segments`, `${prefix}:$inited`);
}

/** One captured log line. */
export interface LogLine {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly message: string;
}

/** A logger that records every line (and prints nothing). */
export function capturingLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string) => void lines.push({ level, message });
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export { pollUntil as eventually, quietPeriod } from '../../../helpers/poll-until';

/** A minimal valid flag serving `value` to everyone. */
export function flag(key: string, version: number, value: unknown = true): { key: string; version: number; on: boolean; fallthrough: { variation: number }; variations: unknown[] } {
  return { key, version, on: true, fallthrough: { variation: 0 }, variations: [value] };
}
