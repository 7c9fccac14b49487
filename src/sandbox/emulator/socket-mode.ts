// Socket Mode as Slack runs it: `apps.connections.open` (called with the app-level token) hands out a
// one-time WebSocket URL; on connect Slack sends `hello`, then envelopes (`slash_commands`,
// `interactive`, `events_api`) and waits for the app's ack `{ envelope_id, payload }`, which plays the
// part of the HTTP response. Slack pings the socket; a client that hears no ping reconnects.
// With Socket Mode on, Slack sends nothing over HTTP: every request the emulator makes goes here.

import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppResponse } from './acting.js';

export interface SocketModeOptions {
  appId: string;
  /** How long Slack waits for an ack (3 s, as for HTTP requests). */
  ackTimeoutMs?: number;
  /** How often Slack pings a connection. */
  pingIntervalMs?: number;
}

type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What Slack would send over the socket for a request it would otherwise POST to the app. */
export function envelopeOf(rawBody: string, contentType: string): { type: EnvelopeType; payload: unknown; acceptsResponsePayload: boolean } {
  if (contentType.includes('application/json')) {
    return { type: 'events_api', payload: JSON.parse(rawBody) as unknown, acceptsResponsePayload: false };
  }
  const fields = Object.fromEntries(new URLSearchParams(rawBody));
  if (typeof fields.payload === 'string') return { type: 'interactive', payload: JSON.parse(fields.payload) as unknown, acceptsResponsePayload: true };
  return { type: 'slash_commands', payload: fields, acceptsResponsePayload: true };
}

export class SocketModeHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (payload: unknown) => void>();
  private readonly pinger: NodeJS.Timeout;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: SocketModeOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    this.pinger = setInterval(() => {
      for (const s of this.sockets) s.ping();
    }, options.pingIntervalMs ?? 10_000);
    this.pinger.unref();
  }

  /** `apps.connections.open`: a URL that accepts one connection. */
  open(origin: string): string {
    const ticket = randomBytes(12).toString('hex');
    this.tickets.add(ticket);
    return `${origin.replace(/^http/, 'ws')}/socket-mode/${ticket}`;
  }

  /** The HTTP server's `upgrade` handler: only a URL handed out by open(), and only once. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = /^\/socket-mode\/([a-f0-9]+)$/.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1];
    if (!ticket || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  get connections(): number {
    return this.sockets.size;
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let msg: { envelope_id?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return; // Slack ignores what it cannot read
      }
      if (typeof msg.envelope_id !== 'string') return;
      this.waiting.get(msg.envelope_id)?.(msg.payload);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'emulator', approximate_connection_time: 3600 }, connection_info: { app_id: this.options.appId } }));
  }

  /**
   * Sends what Slack would POST as an envelope and waits for the ack. The ack's payload is the
   * response body (`{}` counts as empty); 408 when no ack comes in time, 503 with no connection.
   */
  async deliver(rawBody: string, contentType: string): Promise<AppResponse> {
    const ws = [...this.sockets].find((s) => s.readyState === s.OPEN);
    if (!ws) return { status: 503, body: 'no Socket Mode connection' };
    const { type, payload, acceptsResponsePayload } = envelopeOf(rawBody, contentType);
    const envelopeId = randomUUID();
    const acked = new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        resolve(undefined);
      }, this.ackTimeoutMs);
      this.waiting.set(envelopeId, (p) => {
        clearTimeout(timer);
        this.waiting.delete(envelopeId);
        resolve(p ?? {});
      });
    });
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: acceptsResponsePayload, ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}) }));
    const ack = await acked;
    if (ack === undefined) return { status: 408, body: '' };
    const empty = typeof ack === 'object' && ack !== null && Object.keys(ack).length === 0;
    return { status: 200, body: empty ? '' : ack };
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const s of this.sockets) s.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
