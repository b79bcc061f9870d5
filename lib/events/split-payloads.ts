/** One `POST /bulk` body and the number of events in it. */
export interface Payload {
  /** A JSON array. */
  readonly body: string;
  readonly count: number;
}

/**
 * Groups serialized events into JSON-array payloads of at most `maxBytes` UTF-8 bytes each, in
 * order, so that a large flush is sent as several requests instead of being refused whole
 * (the flag server answers 413 above 1 MiB). An event larger than `maxBytes` on its own travels
 * alone. No events ⇒ no payloads.
 *
 * @example
 * splitPayloads(['{"a":1}', '{"b":2}', '{"c":3}'], 17);
 * // [{ body: '[{"a":1},{"b":2}]', count: 2 }, { body: '[{"c":3}]', count: 1 }]
 *
 * @param events the events' JSON texts
 * @param maxBytes the largest body wanted
 */
export function splitPayloads(events: readonly string[], maxBytes: number): Payload[] {
  const payloads: Payload[] = [];
  let start = 0;
  let bytes = 2; // the brackets
  for (let i = 0; i < events.length; i++) {
    const size = Buffer.byteLength(events[i], 'utf8') + (i > start ? 1 : 0);
    if (i > start && bytes + size > maxBytes) {
      payloads.push(payload(events, start, i));
      start = i;
      bytes = 2 + size - 1;
    } else {
      bytes += size;
    }
  }
  if (events.length > start) payloads.push(payload(events, start, events.length));
  return payloads;
}

function payload(events: readonly string[], from: number, to: number): Payload {
  return { body: `[${events.slice(from, to).join(',')}]`, count: to - from };
}
