/**
 * Remembers the canonical keys of recently seen contexts, so that an `index` event is sent only
 * for a context not seen recently (docs/evaluation.md, "Event delivery", LaunchDarkly's context-key LRU).
 *
 * Instead of an LRU that moves an entry on every hit, two generations of Sets are kept: keys
 * go into the current one; when it reaches `capacity` it becomes the previous one and a new
 * current one starts; a key found only in the previous generation is copied forward. A hit on a
 * key of the current generation — the steady state — is one `Set.has`. Any key among the last
 * `capacity` distinct keys seen is remembered; at most `2 × capacity` keys are held.
 * {@link clear} forgets everything (the processor calls it every `contextKeysFlushInterval`).
 *
 * @example
 * const seen = new ContextDeduplicator(1000);
 * seen.notice('user-1'); // true  (new: send an index event)
 * seen.notice('user-1'); // false
 */
export class ContextDeduplicator {
  private current = new Set<string>();
  private previous = new Set<string>();
  /** The key noticed last (several flags are usually evaluated in a row for one context). */
  private last: string | undefined = undefined;

  /**
   * @param capacity how many distinct keys are surely remembered (≥ 1)
   */
  constructor(private readonly capacity: number) {}

  /**
   * Records `canonicalKey` as seen now.
   *
   * @returns true when it was not seen recently
   */
  notice(canonicalKey: string): boolean {
    if (canonicalKey === this.last) return false;
    this.last = canonicalKey;
    if (this.current.has(canonicalKey)) return false;
    const known = this.previous.has(canonicalKey);
    this.current.add(canonicalKey);
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Set();
    }
    return !known;
  }

  /** Forgets every key. */
  clear(): void {
    this.last = undefined;
    this.current = new Set();
    this.previous = new Set();
  }

  /** Number of keys held (for tests and diagnostics). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
