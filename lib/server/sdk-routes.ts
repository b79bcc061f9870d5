import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { ServerRequestError } from '../errors/server-request-error';
import type { Logger } from '../logging/logger';
import { decode } from '../model/decode';
import type { EventBatch, ReceivedEvent } from './event-batch';
import type { EventBuffer } from './event-buffer';
import type { FlagServerPlugin } from './flag-server-plugin';
import { sendJson } from './http/http-io';
import type { ServerRoute } from './http/server-route';

/** `POST /bulk` bodies: a JSON array of event objects, each with a string `kind`. */
const EventArray = t.array(t.type({ kind: t.string }, 'Event'), 'EventArray');

/** Payload ids remembered per server to ignore a retried batch; the oldest are forgotten first. */
const REMEMBERED_PAYLOAD_IDS = 10_000;

/** What the SDK routes need. */
export interface SdkRouteDeps {
  readonly events: EventBuffer;
  readonly plugins: readonly FlagServerPlugin[];
  readonly logger: Logger;
  /** Clock, ms since epoch. */
  readonly now: () => number;
}

/**
 * The SDK's HTTP endpoints (the stream is handled by the stream hub):
 * - `GET /sdk/latest-all`: the environment's flags and segments with a strong `ETag`;
 *   `If-None-Match` with a current tag gets `304` and no body;
 * - `POST /bulk`: a JSON array of events (optionally gzip-compressed); `202` when accepted,
 *   `400` naming the bad path otherwise (also when a plugin's `checkEvents` finds problems).
 *   A batch whose `X-Flagstream-Payload-Id` (or LaunchDarkly's `X-LaunchDarkly-Payload-ID`) was
 *   already stored for the environment (a retry) gets `202` and is not stored twice; the id is
 *   recorded only once the batch is stored, so a retry after a failed store (500) is stored.
 */
export function sdkRoutes(deps: SdkRouteDeps): ServerRoute[] {
  const seenPayloadIds = new Set<string>();
  return [
    {
      method: 'GET',
      path: '/sdk/latest-all',
      auth: 'sdk',
      handle({ req, res, environment }) {
        const snapshot = environment!.snapshot();
        if (etagMatches(req.headers['if-none-match'], snapshot.etag)) {
          sendJson(res, 304, undefined, { ETag: snapshot.etag });
          return;
        }
        sendJson(res, 200, snapshot.json, { ETag: snapshot.etag, 'Cache-Control': 'no-cache' });
      },
    },
    {
      method: 'POST',
      path: '/bulk',
      auth: 'sdk',
      async handle({ req, res, environment, readJson }) {
        const body = await readJson();
        const decoded = decode(EventArray, body, 'event batch');
        if (E.isLeft(decoded)) throw new ServerRequestError(400, 'Invalid event batch', decoded.left.issues);
        const events = decoded.right as ReceivedEvent[];
        for (const plugin of deps.plugins) {
          const issues = plugin.checkEvents?.(events);
          if (issues !== undefined && issues.length > 0) throw new ServerRequestError(400, 'Invalid event batch', issues);
        }
        const header = req.headers['x-flagstream-payload-id'] ?? req.headers['x-launchdarkly-payload-id'];
        const payloadId = typeof header === 'string' && header.length > 0 && header.length <= 200 ? header : undefined;
        const seenKey = payloadId === undefined ? undefined : `${environment!.key}\n${payloadId}`;
        if (seenKey !== undefined && seenPayloadIds.has(seenKey)) {
          sendJson(res, 202);
          return;
        }
        const batch: EventBatch = {
          environment: environment!.key,
          receivedAt: deps.now(),
          events,
          bytes: (req.headers['content-encoding'] === undefined && Number(req.headers['content-length'])) || Buffer.byteLength(JSON.stringify(body)),
          ...(payloadId !== undefined ? { payloadId } : {}),
        };
        // Storing may throw (answered 500): the id is recorded only once the batch is stored,
        // so the SDK's retry with the same id is stored and counted, not waved through.
        deps.events.add(batch);
        if (seenKey !== undefined) {
          seenPayloadIds.add(seenKey);
          if (seenPayloadIds.size > REMEMBERED_PAYLOAD_IDS) seenPayloadIds.delete(seenPayloadIds.values().next().value!);
        }
        for (const plugin of deps.plugins) {
          try {
            plugin.onEvents?.(batch);
          } catch (error) {
            deps.logger.error(`Plugin ${plugin.name} failed on an event batch: ${(error as Error).message}`);
          }
        }
        sendJson(res, 202);
      },
    },
  ];
}

/** Whether an `If-None-Match` header names `etag` (or `*`); weak tags compare by their value. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
