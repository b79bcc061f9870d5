import type { EventBatch } from './event-batch';

/** Limits of an {@link EventBuffer}. */
export interface EventBufferOptions {
  /** Most batches kept; the oldest are dropped first. Default 1,000. */
  readonly maxBatches?: number;
  /** Most body bytes kept over all batches. Default 16 MiB (16,777,216). */
  readonly maxBytes?: number;
}

/**
 * Keeps the most recent event batches in memory, within a count and a byte budget, dropping the
 * oldest first. This is where `POST /bulk` puts events until an insights module gives them
 * meaning (plugins receive every batch too; see `FlagServerPlugin.onEvents`).
 */
export class EventBuffer {
  private readonly batches: EventBatch[] = [];
  private bytes = 0;
  private droppedBatches = 0;
  private readonly maxBatches: number;
  private readonly maxBytes: number;

  constructor(options: EventBufferOptions = {}) {
    this.maxBatches = options.maxBatches ?? 1000;
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  }

  /** Stores a batch, dropping the oldest ones while over a limit. */
  add(batch: EventBatch): void {
    this.batches.push(batch);
    this.bytes += batch.bytes;
    while (this.batches.length > this.maxBatches || (this.bytes > this.maxBytes && this.batches.length > 0)) {
      this.bytes -= this.batches.shift()!.bytes;
      this.droppedBatches++;
    }
  }

  /** The batches held, oldest first; only one environment's when `environment` is given. */
  list(environment?: string): EventBatch[] {
    return environment === undefined ? [...this.batches] : this.batches.filter((batch) => batch.environment === environment);
  }

  /** Counts: batches and events held, bytes held, batches dropped for space so far. */
  stats(): { batches: number; events: number; bytes: number; dropped: number } {
    let events = 0;
    for (const batch of this.batches) events += batch.events.length;
    return { batches: this.batches.length, events, bytes: this.bytes, dropped: this.droppedBatches };
  }
}
