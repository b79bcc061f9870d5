import { ServerRequestError } from '../../errors/server-request-error';
import type { DataKind } from '../../model/data-kind';
import type { Flag } from '../../model/flag';
import type { Segment } from '../../model/segment';
import type { DataChange } from '../data-change';
import type { Environment, Item } from '../environment';
import { cycleProblems } from '../validation/cycle-problems';
import { findDependents } from '../validation/find-dependents';
import type { ItemLookup } from '../validation/item-lookup';
import { validateFlag } from '../validation/validate-flag';
import { validateSegment } from '../validation/validate-segment';
import type { ItemWrite } from './server-store';

/** One item of a multi-item change: its new content (key and version are set for it), or `'delete'`. */
export interface ItemEdit {
  readonly kind: DataKind;
  readonly key: string;
  readonly content: Omit<Item, 'version'> | 'delete';
}

/** A multi-item change ready for `ServerStore.writeItems`, and the changes to emit once stored. */
export interface ItemBatch {
  readonly writes: readonly ItemWrite[];
  /** In the order SDKs are told: `changes[i]` is `writes[i]`. */
  readonly changes: readonly DataChange[];
}

/**
 * Turns edits of environment `environment` into versioned writes: each item gets the version
 * after the one stored in memory (the store checks that this is still the stored one). They are
 * ordered so that an SDK applying the changes one at a time never meets a reference to an item it
 * lacks: segments then flags are stored, flags then segments deleted (the order of the edits is
 * kept within each group, so a copy can list prerequisites first).
 *
 * @param validate check every item against the environment as it will be with the whole batch
 *   (references resolve inside it, whatever the order); off for an import, whose caller turns
 *   such problems into warnings
 * @throws ServerRequestError 400 listing every problem, when `validate` finds any; Error on a key
 *   edited twice
 */
export function planItemBatch(environment: Environment, edits: readonly ItemEdit[], validate: boolean): ItemBatch {
  const pending: Record<DataKind, Map<string, Item>> = { flags: new Map(), segments: new Map() };
  const writes: ItemWrite[] = [];
  for (const { kind, key, content } of edits) {
    if (pending[kind].has(key)) throw new Error(`${kind}/${key} is edited twice in one batch`);
    const expectedVersion = environment.stored(kind, key)?.version ?? 0;
    const item = versioned(key, expectedVersion + 1, content);
    pending[kind].set(key, item);
    writes.push({ kind, item, expectedVersion });
  }
  if (validate) {
    const lookup = overlay(environment, pending);
    const issues: string[] = [];
    for (const { kind, item } of writes) {
      if (item.deleted) {
        const dependents = findDependents(kind, item.key, lookup);
        if (dependents.length > 0) issues.push(`${kind}/${item.key}: still used by ${dependents.join(', ')}`);
      } else {
        // Cycles are looked for once below, over the whole batch (per item, a chain costs n²).
        const problems = kind === 'flags' ? validateFlag(item as Flag, lookup, { cycles: false }) : validateSegment(item as Segment, lookup, { cycles: false });
        for (const problem of problems) issues.push(`${kind}/${item.key}: ${problem}`);
      }
    }
    for (const kind of ['flags', 'segments'] as const) {
      const edited = new Set(writes.filter((write) => write.kind === kind && !write.item.deleted).map((write) => write.item.key));
      if (edited.size === 0) continue;
      for (const [key, problem] of cycleProblems(lookup, kind, edited)) issues.push(`${kind}/${key}: ${problem}`);
    }
    if (issues.length > 0) throw new ServerRequestError(400, `Invalid change to environment "${environment.key}"`, issues);
  }
  const rank = ({ kind, item }: ItemWrite) => (item.deleted ? (kind === 'flags' ? 2 : 3) : kind === 'segments' ? 0 : 1);
  const ordered = writes.map((write, i) => ({ write, i })).sort((a, b) => rank(a.write) - rank(b.write) || a.i - b.i).map(({ write }) => write);
  return {
    writes: ordered,
    changes: ordered.map(({ kind, item }) => toChange(environment.key, kind, item)),
  };
}

/**
 * One edit of one item (`FlagRepository.update`), versioned and validated against the environment
 * as it would be with it.
 *
 * @throws ServerRequestError 400 `Invalid change to <kind>/<key>` with every problem
 */
export function planItemChange(environment: Environment, kind: DataKind, key: string, content: Omit<Item, 'version'> | 'delete'): { write: ItemWrite; change: DataChange } {
  const expectedVersion = environment.stored(kind, key)?.version ?? 0;
  const item = versioned(key, expectedVersion + 1, content);
  let issues: string[];
  if (item.deleted) {
    const dependents = findDependents(kind, key, environment);
    issues = dependents.length > 0 ? [`${key}: still used by ${dependents.join(', ')}`] : [];
  } else {
    const lookup = environment.withItem(kind, item);
    issues = kind === 'flags' ? validateFlag(item as Flag, lookup) : validateSegment(item as Segment, lookup);
  }
  if (issues.length > 0) throw new ServerRequestError(400, `Invalid change to ${kind}/${key}`, issues);
  return { write: { kind, item, expectedVersion }, change: toChange(environment.key, kind, item) };
}

/**
 * The edits that make `items` the only live flags and segments of `environment` (an import):
 * each given item is stored, every other live one deleted.
 */
export function replacementEdits(environment: Environment, items: Readonly<Record<DataKind, readonly Omit<Item, 'version'>[]>>): ItemEdit[] {
  const edits: ItemEdit[] = [];
  for (const kind of ['segments', 'flags'] as const) {
    const keep = new Set(items[kind].map((item) => item.key));
    for (const content of items[kind]) edits.push({ kind, key: content.key, content });
    for (const old of environment.list(kind)) if (!keep.has(old.key)) edits.push({ kind, key: old.key, content: 'delete' });
  }
  return edits;
}

/** The environment as it would be with the pending items (tombstones hide items). */
function overlay(environment: Environment, pending: Record<DataKind, Map<string, Item>>): ItemLookup {
  const live = (kind: DataKind, key: string): Item | undefined => {
    const item = pending[kind].get(key);
    return item ? (item.deleted ? undefined : item) : environment.get(kind, key);
  };
  const all = (kind: DataKind): Item[] => [
    ...environment.list(kind).filter((item) => !pending[kind].has(item.key)),
    ...[...pending[kind].values()].filter((item) => !item.deleted),
  ];
  return {
    flag: (key) => live('flags', key) as Flag | undefined,
    segment: (key) => live('segments', key) as Segment | undefined,
    flags: () => all('flags') as Flag[],
    segments: () => all('segments') as Segment[],
  };
}

/** The item an edit stores: its content with key and version, or a tombstone. */
function versioned(key: string, version: number, content: Omit<Item, 'version'> | 'delete'): Item {
  if (content === 'delete') return { key, version, deleted: true };
  const { deleted: _deleted, ...body } = content as Item;
  return { ...body, key, version } as Item;
}

function toChange(environment: string, kind: DataKind, item: Item): DataChange {
  return { environment, kind, key: item.key, version: item.version, ...(item.deleted ? {} : { item }) };
}
