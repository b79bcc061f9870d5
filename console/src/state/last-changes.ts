import { useEffect, useState } from 'preact/hooks';
import { envPath, useConsole } from './console-context';
import { useStore } from '../util/store';

/** When an item last changed and who changed it (from the audit history). */
export interface LastChange {
  readonly actor: string;
  readonly at: number;
}

/** An audit entry as the management API returns it (fields the console reads). */
export interface AuditEntry {
  readonly id?: string | number;
  readonly environment?: string;
  readonly kind?: string;
  readonly key?: string;
  readonly actor?: string;
  readonly at?: number | string;
  readonly time?: number | string;
  readonly comment?: string;
  readonly action?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly version?: number;
}

/** An entry's time as ms since the epoch. */
export function entryTime(entry: AuditEntry): number {
  const raw = entry.at ?? entry.time;
  return typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : NaN;
}

/**
 * The last change of each item of `kind` in `env`, read from the audit history; refreshed when
 * the environment changes. Empty when the server keeps no audit history.
 */
export function useLastChanges(env: string, kind: 'flags' | 'segments'): ReadonlyMap<string, LastChange> {
  const { api, data } = useConsole();
  const { revision } = useStore(data);
  const [changes, setChanges] = useState<ReadonlyMap<string, LastChange>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ items: AuditEntry[] }>(`/api/audit?env=${encodeURIComponent(env)}&limit=1000`, controller.signal)
      .then((page) => {
        const map = new Map<string, LastChange>();
        for (const entry of page.items ?? []) {
          if (!entry.key || (entry.kind !== undefined && entry.kind !== kind)) continue;
          const at = entryTime(entry);
          const seen = map.get(entry.key);
          if (!seen || seen.at < at) map.set(entry.key, { actor: entry.actor ?? '?', at });
        }
        setChanges(map);
      })
      .catch(() => undefined); // no audit history on this server: the version is shown alone
    return () => controller.abort();
  }, [env, kind, revision]);
  void envPath;
  return changes;
}
