/**
 * Slack request ack latency (callbuddy_slack_ack_seconds): from the moment a request reaches the HTTP
 * listener to the moment its answer (the ack) is written, by the kind Bolt dispatches. Only the kind is
 * read from the body (the raw body the request guard kept), never anything a person typed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestKind, type Metrics, type RequestKind } from '../metrics.js';

/** The kind of a raw Slack request: a slash command form, an interaction's `payload`, or an Events API JSON body. */
export function kindOfRawRequest(contentType: string, raw: Buffer | undefined): RequestKind {
  if (!raw) return 'other';
  const text = raw.toString('utf8');
  try {
    if (contentType.startsWith('application/json')) return requestKind(JSON.parse(text) as { type?: unknown });
    const form = new URLSearchParams(text);
    if (form.has('command')) return 'command';
    const payload = form.get('payload');
    return payload ? requestKind(JSON.parse(payload) as { type?: unknown }) : 'other';
  } catch {
    return 'other';
  }
}

/** Wraps the receiver's request listener: each POST to `path` is timed until its response is finished. */
export function timeAcks(
  metrics: Metrics,
  next: (req: IncomingMessage, res: ServerResponse) => void,
  path = '/slack/events',
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method === 'POST' && new URL(req.url ?? '/', 'http://localhost').pathname === path) {
      const t0 = performance.now();
      res.once('finish', () => {
        const raw = (req as IncomingMessage & { rawBody?: Buffer }).rawBody;
        metrics.observeAck(kindOfRawRequest(String(req.headers['content-type'] ?? '').toLowerCase(), raw), (performance.now() - t0) / 1000);
      });
    }
    next(req, res);
  };
}
