import type { Flag, FlagRule } from '../../lib/model/flag';
import type { FullFlagData } from '../../lib/model/flag-data';
import type { Segment } from '../../lib/model/segment';
import { FlagStore } from '../../lib/store/flag-store';

/** A flag with the given key and version; `extra` overrides or adds fields. */
export function flag(key: string, version: number, extra: Partial<Flag> = {}): Flag {
  return { key, version, on: true, variations: [true, false], fallthrough: { variation: 0 }, ...extra };
}

/** A segment with the given key and version; `extra` overrides or adds fields. */
export function segment(key: string, version: number, extra: Partial<Segment> = {}): Segment {
  return { key, version, included: [], ...extra };
}

/** Flag fields making it depend on the given prerequisite flags. */
export function prerequisites(...keys: string[]): Partial<Flag> {
  return { prerequisites: keys.map((key) => ({ key, variation: 0 })) };
}

/** Rule fields (flag or segment) with one rule matching any of the given segments. */
export function usesSegments(...keys: string[]): { rules: FlagRule[] } {
  return { rules: [{ id: 'r0', clauses: [{ attribute: '', op: 'segmentMatch', values: keys, negate: false }], variation: 0 }] };
}

/** A full data set keyed by each item's key. */
export function dataSet(flags: Flag[], segments: Segment[] = []): FullFlagData {
  return {
    flags: Object.fromEntries(flags.map((f) => [f.key, f])),
    segments: Object.fromEntries(segments.map((s) => [s.key, s])),
  };
}

/** What the test prepare functions produce: enough to tell which version was prepared. */
export interface Prepared {
  readonly key: string;
  readonly version: number;
}

/** A store whose prepare functions record every call as `key@version`. */
export function recordingStore(): { store: FlagStore<Prepared, Prepared>; preparedFlags: string[]; preparedSegments: string[] } {
  const preparedFlags: string[] = [];
  const preparedSegments: string[] = [];
  const store = new FlagStore<Prepared, Prepared>({
    prepareFlag: (f) => {
      preparedFlags.push(`${f.key}@${f.version}`);
      return { key: f.key, version: f.version };
    },
    prepareSegment: (s) => {
      preparedSegments.push(`${s.key}@${s.version}`);
      return { key: s.key, version: s.version };
    },
  });
  return { store, preparedFlags, preparedSegments };
}

/** The elements of a set, sorted, for order-independent comparison. */
export function sorted(keys: Iterable<string>): string[] {
  return [...keys].sort();
}
