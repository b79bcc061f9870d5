import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { ClientState } from './client-state';
import { FLAGSTREAM_CLIENT_STATE } from './tokens';

/**
 * Closes the module's client in `beforeApplicationShutdown`: every `variation$` stream completes,
 * so open SSE responses end before Nest closes the HTTP server (which waits for open
 * connections); events are flushed. A client passed in as `client` is left to the application.
 */
export class FlagstreamShutdown implements BeforeApplicationShutdown {
  constructor(private readonly state: ClientState) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.state.owned) await this.state.client.close();
  }
}
Injectable()(FlagstreamShutdown);
Inject(FLAGSTREAM_CLIENT_STATE)(FlagstreamShutdown, undefined, 0);
