import { Observable, Subject } from 'rxjs';
import type { DataSource, DataSourceContext, DataSourceEvent } from '../../data-sources/data-source';
import { PayloadDecodeError } from '../../errors/payload-decode-error';
import { decodeOrThrow } from '../../model/decode';
import { Flag } from '../../model/flag';
import { Segment } from '../../model/segment';
import { TestDataFlagBuilder } from './flag-builder';

/**
 * A data source for application tests: flags set up in code and changed at any moment, with no
 * network and no files (LaunchDarkly's `TestData`, same methods).
 *
 * Every `connect()` (one per client; several clients may share one `TestData`) emits a `put` of
 * the current flags and segments and `status VALID` at once, then a `patch` for every later
 * `update`/`usePreconfigured…` call, synchronously, so a client sees the change as soon as the
 * call returns. Unsubscribing detaches that client. Each change bumps the item's version.
 *
 * ## Example
 * ```ts
 * const td = new TestData();
 * td.update(td.flag('new-checkout').booleanFlag().variationForUser('alice', true).fallthroughVariation(false));
 * const client = createClient({ sdkKey: 'test', dataSource: td });
 * client.variation('new-checkout', { kind: 'user', key: 'alice' }, false); // true
 * td.update(td.flag('new-checkout').variationForAll(true)); // pushed to the client at once
 * ```
 */
export class TestData implements DataSource {
  private readonly flags = new Map<string, Flag>();
  private readonly segments = new Map<string, Segment>();
  private readonly builders = new Map<string, TestDataFlagBuilder>();
  private readonly patches$ = new Subject<DataSourceEvent>();

  /**
   * A builder for the flag `key`: a copy of the builder last passed to `update` for this key, or
   * else a new boolean flag (variations `[true, false]`, targeting on, fallthrough `true`, off
   * `false`). Changing it has no effect until it is passed to {@link update}.
   *
   * @param key the flag key
   */
  flag(key: string): TestDataFlagBuilder {
    return this.builders.get(key)?.clone() ?? new TestDataFlagBuilder(key).booleanFlag();
  }

  /**
   * Stores the flag built by `builder` with the next version (1 for a new key) and pushes it to
   * every connected client. Later changes to `builder` have no effect unless it is passed again.
   *
   * @param builder from {@link flag}
   * @returns a promise resolved once every connected client has been sent the flag (already
   *   done when `update` returns; the promise is there for LaunchDarkly compatibility)
   */
  update(builder: TestDataFlagBuilder): Promise<void> {
    const flag = builder.build(this.nextVersion(this.flags, builder.key));
    this.builders.set(builder.key, builder.clone());
    return this.upsert('flags', flag);
  }

  /**
   * Stores a flag given as raw JSON in LaunchDarkly's schema (for what the builder cannot
   * express: rollouts, prerequisites, other operators) and pushes it to every connected client.
   * If the key is already used, the version becomes the current one + 1; otherwise the given
   * `version` is kept (1 when left out). The object is copied.
   *
   * @param config the flag, e.g. `{ key: 'f', on: true, variations: [1, 2], fallthrough: { rollout: … } }`
   * @throws PayloadDecodeError (before changing anything) when `config` is not a valid flag; its
   *   `issues` name the bad paths
   */
  usePreconfiguredFlag(config: unknown): Promise<void> {
    return this.upsert('flags', this.preconfigured(Flag, this.flags, config, 'preconfigured flag'));
  }

  /**
   * Stores a segment given as raw JSON in LaunchDarkly's schema and pushes it to every connected
   * client; versions as for {@link usePreconfiguredFlag}.
   *
   * @param config the segment, e.g. `{ key: 'beta', included: ['alice'] }`
   * @throws PayloadDecodeError when `config` is not a valid segment
   */
  usePreconfiguredSegment(config: unknown): Promise<void> {
    return this.upsert('segments', this.preconfigured(Segment, this.segments, config, 'preconfigured segment'));
  }

  /**
   * Connects a client: emits `put` (everything set up so far) and `status VALID`, then a
   * `patch` per change. Never completes; unsubscribing detaches.
   *
   * @param _context not used (TestData needs no timers, logger or key)
   */
  connect(_context?: DataSourceContext): Observable<DataSourceEvent> {
    return new Observable<DataSourceEvent>((subscriber) => {
      // Attach first, so a change made while the client handles the put is not lost.
      const patches = this.patches$.subscribe(subscriber);
      subscriber.next({
        type: 'put',
        data: { flags: Object.fromEntries(this.flags), segments: Object.fromEntries(this.segments) },
      });
      subscriber.next({ type: 'status', state: 'VALID' });
      return patches;
    });
  }

  private upsert(kind: 'flags' | 'segments', item: Flag | Segment): Promise<void> {
    if (kind === 'flags') {
      this.flags.set(item.key, item as Flag);
      this.patches$.next({ type: 'patch', kind, data: item as Flag });
    } else {
      this.segments.set(item.key, item as Segment);
      this.patches$.next({ type: 'patch', kind, data: item as Segment });
    }
    return Promise.resolve();
  }

  private nextVersion(items: ReadonlyMap<string, { version: number }>, key: string): number {
    return (items.get(key)?.version ?? 0) + 1;
  }

  private preconfigured<T extends Flag | Segment>(
    codec: typeof Flag | typeof Segment,
    items: ReadonlyMap<string, T>,
    config: unknown,
    what: string,
  ): T {
    const copy = jsonCopy(config, what);
    if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) return decodeOrThrow(codec, copy, what) as T;
    const fields = copy as { key?: unknown; version?: unknown };
    const existing = typeof fields.key === 'string' ? items.get(fields.key) : undefined;
    const version = existing ? existing.version + 1 : (fields.version ?? 1);
    return decodeOrThrow(codec, { ...copy, version }, what) as T;
  }
}

/** A deep copy through JSON (drops `undefined`), or a PayloadDecodeError for what JSON cannot hold. */
function jsonCopy(value: unknown, what: string): unknown {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : JSON.parse(json);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
    throw new PayloadDecodeError(what, [`(root): not JSON data (${message})`]);
  }
}
