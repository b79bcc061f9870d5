import type { Logger } from '../logging/logger';

/**
 * The bounded buffer of serialized events waiting for the next flush (docs/evaluation.md, "Events"):
 * at most `capacity` events; more are dropped and counted, with one warning until the queue is
 * drained by {@link take}. The summary is not held here, so it is never lost to overflow.
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
    this.logger.warn(`Analytics event queue is full (capacity ${this.capacity}); events are dropped until the next flush. Raise events.capacity or lower events.flushInterval.`);
  }

  /** Removes and returns every event held (oldest first). */
  take(): string[] {
    const taken = this.events;
    this.events = [];
    this.warned = false;
    return taken;
  }
}
