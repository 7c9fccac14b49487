// The local sandbox: a Slack-like workspace in the browser. Serves the page (public/), a JSON API
// under /sandbox/api that acts as Slack users through the emulator, and /healthz, /readyz.
// It reaches the app only over HTTP, as Slack does; the composition root hands it plain functions
// (tick, nextEventAt) and a clock.
//
// The parts live in ./server/: the API's route table (routes.ts), saved state (persistence.ts), live
// updates (live-updates.ts), the clock (clock.ts), slash commands and /invite (commands.ts), the
// workspace as the page sees it (workspace-json.ts), the page's files and health (static.ts), and
// seeding (seeding.ts). This module wires them and runs the HTTP server.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLASH_COMMAND, SUBCOMMAND_HELP, usageOf } from '../platform/commands.js';
import type { ChangeEvent } from './emulator/index.js';
import { HttpError, isLoopbackHost, sendJson } from './http.js';
import { serial, type SandboxContext } from './server/context.js';
import { LiveUpdates } from './server/live-updates.js';
import { openSavedState, SandboxPersistence } from './server/persistence.js';
import { api } from './server/routes.js';
import { seedFreshWorkspace } from './server/seeding.js';
import { serveHealth, serveMetrics, serveStatic } from './server/static.js';
import type { Sandbox, StartSandboxDeps } from './server/types.js';
import { ValuesError } from './values.js';

export type { HealthHandler, Sandbox, SandboxClock, SandboxLogger, ScheduledEvent, StartSandboxDeps } from './server/types.js';

function contextFor(deps: StartSandboxDeps): { ctx: SandboxContext; loaded: boolean } {
  const { emulator, clock, logger, dataDir } = deps;
  const command = deps.command ?? SLASH_COMMAND;
  const emulators = [emulator, ...(deps.more ?? [])];
  for (const e of emulators) e.setAppUrl(deps.appUrl);
  const loaded = openSavedState(deps);
  const store = new SandboxPersistence({ dataDir, clock, emulators, logger, ...(deps.keep ? { keep: deps.keep } : {}) }, loaded);
  const all: SandboxContext[] = [];
  const shared = {
    deps, clock, logger, command, store, all,
    appName: deps.appName ?? 'Call Buddy',
    subcommands: SUBCOMMAND_HELP.map((s) => ({ name: s.name, usage: usageOf(s, command), what: s.what, takesArgs: s.args !== undefined })),
    live: new LiveUpdates(() => store.scheduleSave()),
    queue: serial(),
    status: { seeding: false },
  };
  // One context per workspace: its emulator, its saved part and its modals' errors; the rest is shared.
  for (const slot of store.slots) all.push({ ...shared, emulator: slot.emulator, team: slot, viewErrors: new Map() });
  return { ctx: all[0]!, loaded: loaded !== null };
}

async function route(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isLoopbackHost(req.headers.host, ctx.deps.host ?? '127.0.0.1')) throw new HttpError(403, 'the sandbox answers on localhost / 127.0.0.1 only');
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz' || url.pathname === '/readyz') return serveHealth(ctx.deps.health, res, url.pathname.slice(1) as 'healthz' | 'readyz');
  if (url.pathname === '/metrics' && req.method === 'GET') return serveMetrics(ctx.deps.health, req, res);
  if (url.pathname.startsWith('/sandbox/api/') || url.pathname === '/sandbox/api') return api(ctx, req, res, url);
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
  serveStatic(res, url.pathname);
}

function answerError(ctx: SandboxContext, res: ServerResponse, err: unknown): void {
  const send = (status: number, body: unknown) => sendJson(res, status, body, { 'cache-control': 'no-store' });
  if (res.headersSent) return void res.destroy();
  if (err instanceof HttpError) return send(err.status, { ok: false, error: err.message });
  if (err instanceof ValuesError) return send(400, { ok: false, error: err.message });
  const message = err instanceof Error ? err.message : String(err);
  // fetch() to the app failed: it is not listening (crashed, or still starting).
  if (err instanceof TypeError && message === 'fetch failed') return send(502, { ok: false, error: 'Call Buddy did not answer: is the app running?' });
  // The emulator refuses impossible acts (no such element, modal not open): the caller's mistake.
  if (message.startsWith('emulator:')) return send(400, { ok: false, error: message.replace(/^emulator: /, '') });
  ctx.logger.error({ err }, 'sandbox: request failed');
  send(500, { ok: false, error: 'internal error' });
}

export async function startSandbox(deps: StartSandboxDeps): Promise<Sandbox> {
  const { ctx, loaded } = contextFor(deps);
  const { store, live } = ctx;
  const unsubscribes = ctx.all.map((c) =>
    c.emulator.onChange((e: ChangeEvent) => {
      if (e.kind === 'call' && e.method !== 'views.open') return;
      if (e.kind === 'view' && (e.action === 'closed' || e.action === 'cleared' || e.action === 'updated')) c.viewErrors.delete(e.viewId);
      live.changed();
    }),
  );

  const server: Server = createServer((req, res) => {
    route(ctx, req, res).catch((err: unknown) => answerError(ctx, res, err));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${deps.host ?? '127.0.0.1'}:${port}/`;
  const seeded = loaded ? false : await seedFreshWorkspace(ctx);

  return {
    url,
    port,
    seeded,
    save: store.save,
    async stop(): Promise<void> {
      if (store.stopped) return;
      store.stopped = true;
      for (const off of unsubscribes) off();
      store.save();
      live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
