import { useEffect, useState } from 'preact/hooks';
import { useConsole } from './console-context';
import { useStore } from '../util/store';

/** When an item last changed and who changed it (from the audit history). */
export interface LastChange {
  readonly actor: string;
  readonly at: number;
}

/** An audit entry as the management API returns it (`GET /api/audit`, `…/history`). */
export interface AuditEntry {
  readonly id: string;
  /** ISO time. */
  readonly at: string | number;
  readonly actor: string;
  /** `create`, `update`, `delete`, `restore`, `execute`, … */
  readonly action: string;
  /** `flags`, `segments`, `tokens`, `scheduledChanges`, … */
  readonly target: string;
  readonly environment?: string;
  readonly key?: string;
  readonly version?: number;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly comment?: string;
}

/** A page of audit entries, newest first. */
export interface AuditPage {
  readonly items: readonly AuditEntry[];
  readonly nextCursor?: string;
}

/** An entry's time as ms since the epoch. */
export function entryTime(entry: Pick<AuditEntry, 'at'>): number {
  return typeof entry.at === 'number' ? entry.at : Date.parse(entry.at);
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
      .get<AuditPage>(`/api/audit?env=${encodeURIComponent(env)}&target=${kind}&limit=500`, controller.signal)
      .then((page) => {
        const map = new Map<string, LastChange>();
        for (const entry of page.items ?? []) {
          if (!entry.key || entry.target !== kind) continue;
          const at = entryTime(entry);
          const seen = map.get(entry.key);
          if (!seen || seen.at < at) map.set(entry.key, { actor: entry.actor, at });
        }
        setChanges(map);
      })
      .catch(() => undefined); // no audit history on this server: the version is shown alone
    return () => controller.abort();
  }, [env, kind, revision]);
  return changes;
}
