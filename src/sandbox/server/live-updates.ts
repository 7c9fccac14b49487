// Live updates for the page: a version number that grows with every change, pushed to the open
// EventSource streams (debounced) so the page refetches what it shows.

import type { IncomingMessage, ServerResponse } from 'node:http';

export class LiveUpdates {
  version = 1;
  private readonly streams = new Set<ServerResponse>();
  private pushTimer: NodeJS.Timeout | undefined;

  /** `onChange` runs on every change (the server schedules a save). */
  constructor(private readonly onChange: () => void) {}

  changed = (): void => {
    this.version += 1;
    this.onChange();
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      for (const res of this.streams) res.write(`data: ${JSON.stringify({ version: this.version })}\n\n`);
    }, 60);
    this.pushTimer.unref();
  };

  /** GET /sandbox/api/events: an EventSource stream of versions. */
  subscribe(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 1000\ndata: ${JSON.stringify({ version: this.version })}\n\n`);
    this.streams.add(res);
    req.on('close', () => this.streams.delete(res));
  }

  close(): void {
    for (const r of this.streams) r.end();
    this.streams.clear();
    if (this.pushTimer) clearTimeout(this.pushTimer);
  }
}
