import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncScheduler, Observable, Subscription } from 'rxjs';
import type { DataSourceContext, DataSourceEvent } from '../../lib/data-sources/data-source';
import type { Logger } from '../../lib/logging/logger';

/** Collects what a data source emits and hands events out one at a time, with a timeout. */
export class EventQueue {
  private readonly buffered: DataSourceEvent[] = [];
  private waiter: (() => void) | undefined;
  private readonly subscription: Subscription;
  completed = false;

  constructor(events$: Observable<DataSourceEvent>) {
    this.subscription = events$.subscribe({
      next: (event) => {
        this.buffered.push(event);
        this.waiter?.();
      },
      error: (error: unknown) => assert.fail(`data source errored: ${String(error)}`),
      complete: () => (this.completed = true),
    });
  }

  /** The next event, waiting up to `timeoutMs`. */
  async take(timeoutMs = 3000): Promise<DataSourceEvent> {
    if (this.buffered.length === 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiter = undefined;
          reject(new Error(`no data source event within ${timeoutMs} ms`));
        }, timeoutMs);
        this.waiter = () => {
          clearTimeout(timer);
          this.waiter = undefined;
          resolve();
        };
      });
    }
    return this.buffered.shift()!;
  }

  /** Asserts that nothing arrives within `ms`. */
  async expectNothing(ms: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    assert.deepEqual(this.buffered, []);
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

/** A logger that keeps every line, prefixed with its level. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A context with real timers and a recording logger. */
export function testContext(logger: Logger = recordingLogger()): DataSourceContext {
  return { sdkKey: 'sdk-test-key', logger, scheduler: asyncScheduler };
}

/** A fresh temporary directory; `remove()` deletes it with everything in it. */
export function tempDirectory(): { path: string; file(name: string): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'flagstream-files-'));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}
