import type { Logger } from '../logging/logger';
import type { EventBatch, ReceivedEvent } from './event-batch';
import type { ServerRoute } from './http/server-route';
import type { ServerStore } from './storage/server-store';

/** What {@link FlagServerPlugin.start} gets. */
export interface PluginStartContext {
  readonly store: ServerStore;
  readonly logger: Logger;
}

/**
 * An optional module of the flag server (the insights module, a Redis relay…). It can add HTTP
 * routes (checked after the built-in ones, with the same auth kinds and body limits), receive
 * every accepted event batch, and subscribe to `FlagServer.changes$`.
 *
 * @example
 * ```ts
 * const counter: FlagServerPlugin = {
 *   name: 'event-counter',
 *   onEvents: (batch) => { total += batch.events.length; },
 *   routes: [{ method: 'GET', path: '/api/event-count', auth: 'admin', handle: ({ res }) => { res.end(String(total)); } }],
 * };
 * createFlagServer({ adminToken, plugins: [counter] });
 * ```
 */
export interface FlagServerPlugin {
  /** For log lines. */
  readonly name: string;
  /** Extra routes. */
  readonly routes?: readonly ServerRoute[];
  /**
   * Checks a `POST /bulk` batch before it is accepted (after the server's own check: an array of
   * objects with a string `kind`). Returning issues (`path: what is wrong`, one per line) refuses
   * the whole batch with `400`: nothing of it is stored or handed to any plugin. Must not throw.
   */
  checkEvents?(events: readonly ReceivedEvent[]): readonly string[] | undefined;
  /** Called for every accepted `POST /bulk` batch, after it was stored; must not throw or block. */
  onEvents?(batch: EventBatch): void;
  /**
   * Called once the server's store is open, before it listens: a module keeping data in the
   * database takes `store.database` here (see `storage/server-store.ts`).
   */
  start?(context: PluginStartContext): void | Promise<void>;
  /** Called once when the server closes. */
  close?(): void | Promise<void>;
}
