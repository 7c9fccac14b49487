// The page's files (public/), /healthz and /readyz (proxied to the app or answered by handlers), and
// /metrics (proxied to the app, with the caller's Authorization header).

import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendJson } from '../http.js';
import type { StartSandboxDeps } from './types.js';

// Next to the sandbox's sources when run with tsx; after `npm run build` (dist/src/sandbox/) the
// page still lives in the sources: look up the tree for src/sandbox/public.
const HERE = path.dirname(import.meta.dirname);
const PUBLIC_DIRS = [path.join(HERE, 'public')];
for (let dir = HERE; path.dirname(dir) !== dir; dir = path.dirname(dir)) PUBLIC_DIRS.push(path.join(dir, 'src', 'sandbox', 'public'));
const PUBLIC_DIR = PUBLIC_DIRS.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? PUBLIC_DIRS[0]!;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

export function serveStatic(res: ServerResponse, pathname: string): void {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  const file = path.resolve(PUBLIC_DIR, rel);
  if (!file.startsWith(PUBLIC_DIR + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
}

export async function serveHealth(health: StartSandboxDeps['health'], res: ServerResponse, which: 'healthz' | 'readyz'): Promise<void> {
  const send = (status: number, body: unknown) => sendJson(res, status, body, { 'cache-control': 'no-store' });
  if (!health) return send(200, { ok: true });
  if ('proxy' in health) {
    try {
      const r = await fetch(new URL(`/${which}`, health.proxy), { signal: AbortSignal.timeout(3000) });
      const text = await r.text();
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' });
      res.end(text);
    } catch {
      send(503, { ok: false, error: 'the app does not answer' });
    }
    return;
  }
  const r = await health[which]();
  send(r.status, r.body);
}

/** GET /metrics: the app's Prometheus text, when the health checks are proxied to it; else 404. */
export async function serveMetrics(health: StartSandboxDeps['health'], req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!health || !('proxy' in health)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  try {
    const auth = req.headers.authorization;
    const r = await fetch(new URL('/metrics', health.proxy), { headers: auth ? { authorization: auth } : {}, signal: AbortSignal.timeout(5000) });
    const text = await r.text();
    const headers: Record<string, string> = { 'content-type': r.headers.get('content-type') ?? 'text/plain', 'cache-control': 'no-store' };
    const challenge = r.headers.get('www-authenticate');
    if (challenge) headers['www-authenticate'] = challenge;
    res.writeHead(r.status, headers);
    res.end(text);
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('the app does not answer\n');
  }
}
