import type { Logger } from '../logging/logger';

/**
 * The bounded buffer of serialized events waiting for the next flush (docs/evaluation.md,
 * "Events"): at most `capacity` events; more are dropped and counted, with one warning until a
 * delivery succeeds again ({@link resetWarning}), so an outage that overflows the queue logs one
 * line. Events of a
 * payload that could not be delivered come back to the front ({@link requeue}). The summary is
 * not held here, so it is never lost to overflow.
 */
export class EventQueue {
  /** Events dropped because the queue was full, since creation. */
  dropped = 0;
  private events: string[] = [];
  private warned = false;

  /**
   * @param capacity most events held (≥ 1)
   * @param logger where the overflow warning goes
   */
  constructor(
    private readonly capacity: number,
    private readonly logger: Logger,
  ) {}

  /** True when another event would be dropped (check before building an event). */
  get full(): boolean {
    return this.events.length >= this.capacity;
  }

  /** Number of events held. */
  get length(): number {
    return this.events.length;
  }

  /**
   * Adds one serialized event, or drops it when the queue is full.
   *
   * @param json the event's JSON text
   */
  push(json: string): void {
    if (this.full) {
      this.drop();
      return;
    }
    this.events.push(json);
  }

  /** Counts one event dropped for lack of room, warning once until the next {@link take}. */
  drop(): void {
    this.dropped++;
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(`Analytics event queue is full (capacity ${this.capacity}); further events are dropped (and counted) until there is room. Raise events.capacity or lower events.flushInterval.`);
  }

  /**
   * Puts events that could not be delivered back in front of the newer ones. Beyond the capacity
   * the newest are dropped (counted like any overflow): the oldest events survive an outage.
   *
   * @param events the events' JSON texts, oldest first
   * @returns how many were dropped
   */
  requeue(events: readonly string[]): number {
    if (events.length === 0) return 0;
    const all = [...events, ...this.events];
    const dropped = Math.max(0, all.length - this.capacity);
    this.events = dropped > 0 ? all.slice(0, this.capacity) : all;
    for (let i = 0; i < dropped; i++) this.drop();
    return dropped;
  }

  /** Removes and returns every event held (oldest first). */
  take(): string[] {
    const taken = this.events;
    this.events = [];
    return taken;
  }

  /** A delivery succeeded: the next overflow is worth a warning again. */
  resetWarning(): void {
    this.warned = false;
  }
}
