import type { DataKind } from '../model/data-kind';
import type { Flag } from '../model/flag';
import type { FullFlagData } from '../model/flag-data';
import type { Segment } from '../model/segment';
import type { FeatureStore } from './feature-store';

/**
 * A {@link FeatureStore} held in this process's memory: for tests, and to share one persisted
 * copy between several clients in one process. Items are stored as JSON text, so what is read
 * back is a copy, exactly as from an external store.
 */
export function inMemoryFeatureStore(): FeatureStore {
  const data = { flags: new Map<string, string>(), segments: new Map<string, string>() };
  let initialized = false;
  const versionOf = (text: string | undefined): number => (text === undefined ? -Infinity : (JSON.parse(text) as { version: number }).version);
  return {
    description: 'in memory',
    async init(all: FullFlagData) {
      data.flags = new Map(Object.values(all.flags).map((flag) => [flag.key, JSON.stringify(flag)]));
      data.segments = new Map(Object.values(all.segments).map((segment) => [segment.key, JSON.stringify(segment)]));
      initialized = true;
    },
    async upsert(kind: DataKind, item: Flag | Segment) {
      const items = data[kind];
      if (versionOf(items.get(item.key)) < item.version) items.set(item.key, JSON.stringify(item));
    },
    async all() {
      if (!initialized) return undefined;
      const parse = (items: Map<string, string>) => Object.fromEntries([...items].map(([key, text]) => [key, JSON.parse(text)]));
      return { flags: parse(data.flags), segments: parse(data.segments) };
    },
    async close() {},
  };
}
