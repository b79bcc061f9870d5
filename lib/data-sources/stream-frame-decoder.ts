import { PayloadDecodeError } from '../errors/payload-decode-error';
import { SlicedStreamDecoder } from '../model/sliced-stream-decoder';
import type { DataSourceEvent } from './data-source';
import { messageEvents, streamEvents } from './stream-events';

/** Frames of at least this many characters are decoded in slices (about 1,000 flags). */
export const SLICED_FRAME_CHARS = 512 * 1024;
/**
 * Characters of frames that may wait while a large frame is decoded (64 Mi, the default
 * `maxPayload`). Decoding in slices lets the socket keep reading, so without a bound a server
 * sending frames faster than they decode would fill the memory.
 */
export const MAX_QUEUED_CHARS = 64 * 1024 * 1024;
/** How long one slice of a large frame's decoding runs before the event loop gets a turn, ms. */
const SLICE_MS = 5;

/** Where {@link StreamFrameDecoder} sends what it decoded. */
export interface StreamFrameHandlers {
  /** The events of one frame, in arrival order. Return `false` to stop (nothing more is delivered). */
  events(events: DataSourceEvent[]): boolean;
  /** A frame is not JSON or not valid (a `PayloadDecodeError`); nothing more is delivered. */
  failed(error: unknown): void;
  /** One line per item left out of a put. */
  warn(message: string): void;
}

/**
 * Turns the stream's text frames into data-source events, in arrival order (see
 * `streamEvents`). A frame of {@link SLICED_FRAME_CHARS} characters or more (a large `put`) is
 * decoded in slices of about 5 ms ({@link SlicedStreamDecoder}) with the event loop running in
 * between, so timers, sockets and the application's requests are not held up for the seconds a
 * 50 MB put takes to parse and check; frames arriving meanwhile wait for it. Smaller frames are
 * decoded at once, as before. The answer for a frame is the same either way.
 */
export class StreamFrameDecoder {
  private readonly queued: string[] = [];
  private queuedChars = 0;
  private decoding: SlicedStreamDecoder | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private stopped = false;

  constructor(
    private readonly handlers: StreamFrameHandlers,
    /** Frames of at least this many characters are decoded in slices (tests lower it). */
    private readonly slicedFrom = SLICED_FRAME_CHARS,
    /** Characters of frames that may wait for a large frame's decoding; more fails the stream as `INVALID_DATA`. */
    private readonly maxQueuedChars = MAX_QUEUED_CHARS,
  ) {}

  /** Takes the next frame. */
  push(text: string): void {
    if (this.stopped) return;
    if (this.decoding !== undefined) {
      if (this.queuedChars + text.length > this.maxQueuedChars) {
        this.fail(new PayloadDecodeError('stream', [`(stream): more than ${this.maxQueuedChars} characters of frames arrived while a large frame was being decoded`]));
        return;
      }
      this.queued.push(text);
      this.queuedChars += text.length;
      return;
    }
    this.take(text);
  }

  /** Stops: a frame being decoded is dropped, queued ones too. Idempotent. */
  close(): void {
    this.stopped = true;
    this.decoding = undefined;
    this.queued.length = 0;
    this.queuedChars = 0;
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private take(text: string): void {
    if (text.length >= this.slicedFrom) {
      this.decoding = new SlicedStreamDecoder(text);
      this.immediate = setImmediate(() => this.slice());
      return;
    }
    let events: DataSourceEvent[];
    try {
      events = streamEvents(text, this.handlers.warn);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.deliver(events);
  }

  private slice(): void {
    this.immediate = undefined;
    const decoding = this.decoding;
    if (decoding === undefined || this.stopped) return;
    const end = performance.now() + SLICE_MS;
    let events: DataSourceEvent[];
    try {
      // This runs from setImmediate: anything it throws would be an uncaught exception.
      if (!decoding.step(() => performance.now() >= end)) {
        this.immediate = setImmediate(() => this.slice());
        return;
      }
      this.decoding = undefined;
      events = messageEvents(decoding.result(), this.handlers.warn);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.deliver(events);
    while (!this.stopped && this.decoding === undefined && this.queued.length > 0) {
      const next = this.queued.shift()!;
      this.queuedChars -= next.length;
      this.take(next);
    }
  }

  private deliver(events: DataSourceEvent[]): void {
    if (!this.handlers.events(events)) this.close();
  }

  private fail(error: unknown): void {
    this.close();
    this.handlers.failed(error);
  }
}
