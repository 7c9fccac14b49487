// The local sandbox: a Slack-like workspace in the browser. Serves the page (public/), a JSON API
// under /sandbox/api that acts as Slack users through the emulator, and /healthz, /readyz.
// It reaches the app only over HTTP, as Slack does; the composition root hands it plain functions
// (tick, nextEventAt) and a clock.

import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SLASH_COMMAND, SUBCOMMAND_HELP, usageOf } from '../platform/commands.js';
import type { ChangeEvent, Emulator, StoredView } from './emulator/index.js';
import { seedDemo, type SeedOptions } from './seed.js';
import { deleteSandboxState, loadSandboxState, saveSandboxState, type DemoInfo, type SandboxState } from './state.js';
import { submissionValues, ValuesError } from './values.js';

export interface SandboxLogger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface SandboxClock {
  now(): Date;
  set(d: Date): void;
}

export type HealthHandler = () => Promise<{ status: number; body: unknown }>;

export interface StartSandboxDeps {
  port: number;
  host?: string;
  dataDir: string;
  logger: SandboxLogger;
  clock: SandboxClock;
  emulator: Emulator;
  /** The app's request URL (…/slack/events) on another loopback port. */
  appUrl: string;
  /** Runs the real scheduler once and delivers the outbox. */
  tick: () => Promise<void>;
  /**
   * The app's next scheduled event strictly after an instant (the composition root passes the app's
   * own timetable). Absent: no event is known ("Next event" answers 409).
   */
  nextEventAt?: (after: Date) => Promise<ScheduledEvent | null>;
  /** Start fresh: forget DATA_DIR/sandbox.json (the database reset is the caller's). */
  reset: boolean;
  /** State loaded by the caller (loadSandboxState); undefined: loaded here. */
  state?: SandboxState | null;
  /** /healthz and /readyz: proxied to this origin (e.g. http://127.0.0.1:PORT), or answered by handlers. */
  health?: { proxy: string } | { healthz: HealthHandler; readyz: HealthHandler };
  /** Seed a demo workspace when there is no saved state (default true). */
  seed?: boolean | SeedOptions;
  /** The app's slash command (default /calls) and its display name. */
  command?: string;
  appName?: string;
}

/** A moment the app's scheduler has work, and what it is ("Weekly recap"). */
export interface ScheduledEvent {
  at: Date;
  label: string;
}

export interface Sandbox {
  url: string;
  port: number;
  /** True when this start seeded a fresh workspace. */
  seeded: boolean;
  /** Writes sandbox.json now. */
  save(): void;
  stop(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Next to this file when run from the sources (tsx); after `npm run build` (dist/src/sandbox/) the
// page still lives in the sources: look up the tree for src/sandbox/public.
const PUBLIC_DIRS = [path.join(import.meta.dirname, 'public')];
for (let dir = import.meta.dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) PUBLIC_DIRS.push(path.join(dir, 'src', 'sandbox', 'public'));
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

const MAX_BODY = 256 * 1024;
const MAX_ADVANCE_HOURS = 24 * 31;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Runs async work one at a time (clock moves, seeding). */
function serial() {
  let chain: Promise<unknown> = Promise.resolve();
  let busy = 0;
  return {
    get busy(): boolean { return busy > 0; },
    run<T>(fn: () => Promise<T>): Promise<T> {
      busy += 1;
      const next = chain.then(fn, fn);
      chain = next.then(() => undefined, () => undefined);
      return next.finally(() => { busy -= 1; });
    },
  };
}

function str(body: Obj, key: string, required: true): string;
function str(body: Obj, key: string, required?: false): string | undefined;
function str(body: Obj, key: string, required = false): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw new HttpError(400, `${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new HttpError(400, `${key} must be a string`);
  if (v.length > 4000) throw new HttpError(400, `${key} is too long`);
  return v;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

export async function startSandbox(deps: StartSandboxDeps): Promise<Sandbox> {
  const { emulator, clock, logger, dataDir } = deps;
  const command = deps.command ?? SLASH_COMMAND;
  /** The command suggestions of the page's composer: the list `/calls help` shows. */
  const subcommands = SUBCOMMAND_HELP.map((s) => ({ name: s.name, usage: usageOf(s, command), what: s.what, takesArgs: s.args !== undefined }));
  const appName = deps.appName ?? 'Call Buddy';
  emulator.setAppUrl(deps.appUrl);

  if (deps.reset) deleteSandboxState(dataDir);
  const loaded = deps.reset ? null : deps.state !== undefined ? deps.state : loadSandboxState(dataDir);
  let reads: SandboxState['reads'] = loaded?.reads ?? {};
  let demo: DemoInfo | null = loaded?.demo ?? null;
  let seededAt: string | null = loaded?.seededAt ?? null;
  if (loaded) {
    emulator.restore(loaded.workspace);
    clock.set(new Date(loaded.clock));
  }

  const queue = serial();
  let seeding = false;
  let version = 1;
  let stopped = false;
  /** Inline errors of the last submission, per view id. */
  const viewErrors = new Map<string, Record<string, string>>();
  const sse = new Set<ServerResponse>();

  // ---- persistence ----
  let saveTimer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!seededAt) return; // a half-seeded workspace is not worth keeping
    const state: SandboxState = { version: 1, clock: clock.now().toISOString(), workspace: emulator.snapshot(), reads, demo, seededAt };
    try {
      saveSandboxState(dataDir, state);
    } catch (err) {
      logger.error({ err }, 'sandbox: could not save sandbox.json');
    }
  };
  const scheduleSave = (): void => {
    if (stopped || saveTimer) return;
    saveTimer = setTimeout(save, 400);
    saveTimer.unref();
  };

  // ---- live updates ----
  let pushTimer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    version += 1;
    scheduleSave();
    if (pushTimer) return;
    pushTimer = setTimeout(() => {
      pushTimer = undefined;
      for (const res of sse) res.write(`data: ${JSON.stringify({ version })}\n\n`);
    }, 60);
    pushTimer.unref();
  };
  const unsubscribe = emulator.onChange((e: ChangeEvent) => {
    if (e.kind === 'call' && e.method !== 'views.open') return;
    if (e.kind === 'view' && (e.action === 'closed' || e.action === 'cleared' || e.action === 'updated')) viewErrors.delete(e.viewId);
    changed();
  });

  // ---- helpers over the emulated workspace ----
  const humans = () => emulator.users().filter((u) => !u.is_bot && !u.deleted);
  const actingUser = (id: string | undefined) => {
    if (!id) throw new HttpError(400, 'as (the member you act as, U…) is required');
    const u = emulator.user(id);
    if (!u || u.is_bot || u.deleted) throw new HttpError(400, `as: no active member ${id}`);
    return u;
  };
  const visibleTo = (conv: { is_channel: boolean; is_private: boolean; members: string[]; is_mpim: boolean; is_im: boolean }, user: string) =>
    conv.members.includes(user) || (conv.is_channel && !conv.is_private && !conv.is_im && !conv.is_mpim);
  const conversationFor = (id: string | undefined, user: string) => {
    if (!id) throw new HttpError(400, 'channel is required');
    const conv = emulator.conversation(id);
    if (!conv || !visibleTo(conv, user)) throw new HttpError(404, `no conversation ${id} for ${user}`);
    return conv;
  };
  const userName = (id: string): string => {
    if (id === emulator.bot.user_id) return appName;
    return emulator.user(id)?.real_name ?? id;
  };
  const conversationJson = (c: ReturnType<Emulator['conversations']>[number], user: string) => {
    const others = c.members.filter((m) => m !== user && m !== emulator.bot.user_id);
    const kind = c.is_im ? 'app' : c.is_mpim ? 'group' : 'channel';
    const name = c.is_im ? appName : c.is_mpim ? others.map(userName).join(', ') : c.name;
    const lastRead = reads[user]?.[c.id] ?? '0';
    const msgs = emulator.messages(c.id).filter((m) => m.user !== user && Number(m.ts) > Number(lastRead));
    const ephs = emulator.ephemerals(user, c.id).filter((e) => Number(e.ts) > Number(lastRead));
    const last = emulator.messages(c.id).at(-1)?.ts ?? null;
    return {
      id: c.id,
      name,
      kind,
      isPrivate: c.is_private,
      isMember: c.members.includes(user),
      isArchived: c.is_archived,
      members: c.members.filter((m) => m !== emulator.bot.user_id).map((m) => ({ id: m, name: userName(m) })),
      unread: msgs.length + ephs.length,
      lastTs: last,
    };
  };
  const markRead = (user: string, conv: string, ts: string | undefined): void => {
    if (!ts) return;
    const mine = (reads[user] ??= {});
    if (Number(ts) > Number(mine[conv] ?? '0')) {
      mine[conv] = ts;
      scheduleSave();
    }
  };
  const viewOut = (v: StoredView | undefined) =>
    v ? { id: v.id, type: v.type, callbackId: v.callback_id, title: v.title, submit: v.submit, close: v.close, blocks: v.blocks, state: v.state, hash: v.hash } : null;

  const nextEvent = async (after: Date): Promise<ScheduledEvent | null> => (deps.nextEventAt ? deps.nextEventAt(after) : null);

  const tickSafely = async (): Promise<void> => {
    try {
      await deps.tick();
    } catch (err) {
      logger.error({ err }, 'sandbox: scheduler tick failed');
    }
  };

  /** Moves the clock forward to `target`, ticking at every hour boundary crossed and at the end. */
  const advanceTo = async (target: Date): Promise<void> => {
    const HOUR = 3_600_000;
    let t = clock.now().getTime();
    const end = target.getTime();
    while (t < end) {
      const boundary = Math.floor(t / HOUR) * HOUR + HOUR;
      if (boundary >= end) break;
      clock.set(new Date(boundary));
      t = boundary;
      await tickSafely();
    }
    clock.set(new Date(end));
    await tickSafely();
    changed();
  };

  const clockJson = async () => {
    const now = clock.now();
    return { now: now.toISOString(), next: await nextEvent(now).then((e) => (e ? { at: e.at.toISOString(), label: e.label } : null)), seeding, busy: queue.busy, version };
  };

  const notReady = (): void => {
    if (seeding) throw new HttpError(503, 'The demo workspace is still being set up; try again in a few seconds.');
  };

  // ---- Slack's own /invite: adds the app to a channel (and tells it, as Slack does) ----
  const invite = async (user: string, channel: string, text: string) => {
    const conv = emulator.conversation(channel);
    if (!conv || !conv.is_channel) throw new HttpError(400, '/invite works in channels');
    const bot = emulator.bot;
    const wanted = text.trim().replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1').replace(/^@/, '').toLowerCase().replace(/\s+/g, '');
    if (![bot.user_id.toLowerCase(), bot.name.toLowerCase(), appName.toLowerCase().replace(/\s+/g, '')].includes(wanted)) {
      throw new HttpError(400, `In the sandbox, /invite adds the app: /invite @${bot.name}`);
    }
    if (!conv.members.includes(user)) throw new HttpError(400, `you are not a member of #${conv.name}`);
    if (conv.members.includes(bot.user_id)) return { ok: true, status: 200, already: true };
    emulator.joinChannel(conv.id, bot.user_id);
    emulator.postAsUser(bot.user_id, conv.id, `<@${bot.user_id}> joined #${conv.name} (invited by <@${user}>).`);
    const r = await emulator.event({ type: 'member_joined_channel', user: bot.user_id, channel: conv.id, channel_type: conv.is_private ? 'G' : 'C', team: emulator.team.id, inviter: user });
    return { ok: r.status === 200, status: r.status };
  };

  // ---- slash commands, as Slack does them ----
  const runCommand = async (user: string, channel: string, text: string) => {
    const m = /^(\/\S+)\s*([\s\S]*)$/.exec(text.trim());
    if (!m) throw new HttpError(400, 'a slash command starts with /');
    const [, cmd = '', rest = ''] = m;
    if (cmd.toLowerCase() === '/invite') return invite(user, channel, rest);
    if (cmd.toLowerCase() !== command) throw new HttpError(400, `${cmd} is not a valid command. In this workspace, ${command} and /invite @callbuddy are.`);
    const res = await emulator.slashCommand({ user, channel, text: rest, command });
    // Slack shows an ack body to the member ("Only visible to you"), or in the channel.
    let reply: Obj | null = null;
    if (res.status !== 200) {
      reply = { text: `${command} failed with the error "dispatch_failed" (the app answered HTTP ${res.status}).` };
    } else if (isObj(res.body) && (typeof res.body.text === 'string' || Array.isArray(res.body.blocks))) {
      reply = res.body;
    } else if (typeof res.body === 'string' && res.body.trim() !== '') {
      reply = { text: res.body };
    }
    if (reply) {
      await fetch(res.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
    }
    return { ok: res.status === 200, status: res.status };
  };

  /** Files shared with a message, for the page (the bytes come from GET /sandbox/api/files/<id>). */
  const sharedFiles = (ids: string[] | undefined) =>
    (ids ?? []).flatMap((id) => emulator.files().filter((f) => f.id === id).map((f) => ({ id: f.id, name: f.name, title: f.title, mimetype: f.mimetype })));

  // ---- the API ----
  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const p = url.pathname.slice('/sandbox/api'.length) || '/';
    const method = req.method ?? 'GET';
    let body: Obj = {};
    if (method === 'POST') {
      // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
      if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        throw new HttpError(415, 'send JSON with content-type: application/json');
      }
      const raw = await readBody(req);
      if (raw.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw new HttpError(400, 'the body must be JSON');
        }
        if (!isObj(parsed)) throw new HttpError(400, 'the body must be a JSON object');
        body = parsed;
      }
    }
    const as = () => actingUser(method === 'GET' ? (url.searchParams.get('as') ?? undefined) : str(body, 'as'));
    const route = `${method} ${p}`;

    if (route === 'GET /events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`retry: 1000\ndata: ${JSON.stringify({ version })}\n\n`);
      sse.add(res);
      req.on('close', () => sse.delete(res));
      return;
    }
    if (route === 'GET /users') {
      const users = humans().map((u) => ({ id: u.id, name: u.name, realName: u.real_name, tz: u.tz, initials: initials(u.real_name), isBot: false }));
      const bot = { id: emulator.bot.user_id, name: emulator.bot.name, realName: appName, tz: 'UTC', initials: initials(appName), isBot: true };
      return send(res, 200, { users, bot, team: emulator.team, demo, command, subcommands });
    }
    if (route === 'GET /conversations') {
      const user = as().id;
      const list = emulator.conversations().filter((c) => !c.is_archived && visibleTo(c, user)).filter((c) => !c.is_im || c.user === user);
      // The member's DM with the app exists in Slack from the start.
      if (!list.some((c) => c.is_im)) list.push(emulator.dmChannelFor(user));
      return send(res, 200, { conversations: list.map((c) => conversationJson(c, user)) });
    }
    const msgRoute = /^\/conversations\/([A-Z0-9]+)\/messages$/.exec(p);
    if (method === 'GET' && msgRoute) {
      const user = as().id;
      const conv = conversationFor(msgRoute[1], user);
      const messages = [
        ...emulator.messages(conv.id).map((m) => ({
          ts: m.ts, user: m.user ?? null, author: m.user ? userName(m.user) : appName, bot: m.bot_id !== undefined || m.user === emulator.bot.user_id,
          text: m.text, blocks: m.blocks ?? null, ephemeral: false, edited: m.edited !== undefined, threadTs: m.thread_ts ?? null,
          files: sharedFiles(m.files),
        })),
        ...emulator.ephemerals(user, conv.id).map((e) => ({
          ts: e.ts, user: emulator.bot.user_id, author: appName, bot: true, text: e.text, blocks: e.blocks ?? null, ephemeral: true, edited: false, threadTs: null,
        })),
      ].sort((a, b) => Number(a.ts) - Number(b.ts));
      if (url.searchParams.get('read') !== '0') markRead(user, conv.id, messages.at(-1)?.ts);
      return send(res, 200, { conversation: conversationJson(conv, user), messages });
    }
    const fileRoute = /^\/files\/(F[A-Z0-9]+)$/.exec(p);
    if (method === 'GET' && fileRoute?.[1]) {
      const file = emulator.fileContent(fileRoute[1]);
      if (!file) throw new HttpError(404, `no file ${fileRoute[1]}`);
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': file.data.length, 'cache-control': 'private, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
      res.end(file.data);
      return;
    }
    if (route === 'GET /home') {
      const user = as().id;
      return send(res, 200, { view: viewOut(emulator.homeView(user)) });
    }
    if (route === 'POST /home') {
      notReady();
      const user = as().id;
      const r = await emulator.appHomeOpened(user);
      return send(res, 200, { ok: r.status === 200, status: r.status });
    }
    if (route === 'GET /modal') {
      const user = as().id;
      const stack = emulator.modalStack(user);
      const top = stack.at(-1);
      return send(res, 200, { view: viewOut(top), depth: stack.length, errors: top ? (viewErrors.get(top.id) ?? {}) : {} });
    }
    if (route === 'POST /command') {
      notReady();
      const user = as().id;
      const conv = conversationFor(str(body, 'channel', true), user);
      const text = str(body, 'text', true);
      if (text.trim().startsWith('/')) return send(res, 200, await runCommand(user, conv.id, text));
      if (!conv.members.includes(user)) throw new HttpError(400, `you are not a member of ${conv.name}`);
      const r = await emulator.userMessage(user, conv.id, text);
      return send(res, 200, { ok: r.status === 200, status: r.status });
    }
    if (route === 'POST /action') {
      notReady();
      const user = as().id;
      const actionId = str(body, 'actionId', true);
      const viewId = str(body, 'viewId');
      const channel = str(body, 'channel');
      const ts = str(body, 'ts');
      if (!viewId && !(channel && ts)) throw new HttpError(400, 'give viewId, or channel and ts');
      if (channel) conversationFor(channel, user);
      const so = body.selectedOption;
      if (so !== undefined && typeof so !== 'string' && !(isObj(so) && typeof so.value === 'string')) throw new HttpError(400, 'selectedOption must be an option value');
      const sos = body.selectedOptions;
      if (sos !== undefined && !(Array.isArray(sos) && sos.every((x) => typeof x === 'string'))) throw new HttpError(400, 'selectedOptions must be a list of option values');
      const selectedDate = str(body, 'selectedDate');
      if (selectedDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(selectedDate)) throw new HttpError(400, 'selectedDate must be YYYY-MM-DD');
      const r = await emulator.blockAction({
        user, actionId,
        ...(viewId ? { view: viewId } : { channel: channel!, message: ts! }),
        ...(str(body, 'blockId') ? { blockId: str(body, 'blockId')! } : {}),
        ...(str(body, 'value') !== undefined ? { value: str(body, 'value')! } : {}),
        ...(so !== undefined ? { selectedOption: so as string | { value: string } } : {}),
        ...(sos !== undefined ? { selectedOptions: sos as string[] } : {}),
        ...(str(body, 'selectedUser') ? { selectedUser: str(body, 'selectedUser')! } : {}),
        ...(selectedDate ? { selectedDate } : {}),
      });
      return send(res, 200, { ok: r.status === 200, status: r.status });
    }
    if (route === 'POST /submit') {
      notReady();
      const user = as().id;
      const viewId = str(body, 'viewId', true);
      const view = emulator.modalStack(user).find((v) => v.id === viewId);
      if (!view) throw new HttpError(404, `no open modal ${viewId} for ${user}`);
      if (body.values !== undefined && !isObj(body.values)) throw new HttpError(400, 'values must be an object keyed by block id');
      const values = submissionValues(view, body.values as Record<string, Record<string, unknown>> | undefined);
      const r = await emulator.submitView({ user, viewId, values });
      // 'required': as Slack's client, the emulator sent nothing; the modal shows what is missing.
      if ((r.outcome === 'errors' || r.outcome === 'required') && r.errors) viewErrors.set(viewId, r.errors);
      else viewErrors.delete(viewId);
      changed();
      return send(res, 200, { outcome: r.outcome, errors: r.errors ?? {}, problems: r.problems ?? [], status: r.status });
    }
    if (route === 'POST /close') {
      notReady();
      const user = as().id;
      const viewId = str(body, 'viewId', true);
      if (!emulator.modalStack(user).some((v) => v.id === viewId)) throw new HttpError(404, `no open modal ${viewId} for ${user}`);
      const r = await emulator.closeView({ user, viewId });
      viewErrors.delete(viewId);
      return send(res, 200, { closed: true, notified: r.sent });
    }
    if (route === 'GET /clock') return send(res, 200, await clockJson());
    if (route === 'POST /clock') {
      notReady();
      const action = str(body, 'action', true);
      if (action === 'next-event') {
        const event = await queue.run(async () => {
          const e = await nextEvent(clock.now());
          if (!e) return null;
          await advanceTo(e.at);
          return e;
        });
        if (!event) throw new HttpError(409, 'no scheduled event is known');
        return send(res, 200, { ...(await clockJson()), event: { at: event.at.toISOString(), label: event.label } });
      }
      if (action === 'advance') {
        const num = (k: string): number => {
          const v = body[k];
          if (v === undefined || v === null) return 0;
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HttpError(400, `${k} must be a number ≥ 0`);
          return v;
        };
        const hours = num('days') * 24 + num('hours');
        if (hours <= 0) throw new HttpError(400, 'give days and/or hours to advance by (more than 0)');
        if (hours > MAX_ADVANCE_HOURS) throw new HttpError(400, `advance by at most ${MAX_ADVANCE_HOURS / 24} days at a time`);
        await queue.run(() => advanceTo(new Date(clock.now().getTime() + hours * 3_600_000)));
        return send(res, 200, await clockJson());
      }
      throw new HttpError(400, "action must be 'next-event' or 'advance'");
    }
    throw new HttpError(404, `no such endpoint: ${route}`);
  }

  async function health(res: ServerResponse, which: 'healthz' | 'readyz'): Promise<void> {
    const h = deps.health;
    if (!h) return send(res, 200, { ok: true });
    if ('proxy' in h) {
      try {
        const r = await fetch(new URL(`/${which}`, h.proxy), { signal: AbortSignal.timeout(3000) });
        const text = await r.text();
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' });
        res.end(text);
      } catch {
        send(res, 503, { ok: false, error: 'the app does not answer' });
      }
      return;
    }
    const r = await h[which]();
    send(res, r.status, r.body);
  }

  function serveStatic(res: ServerResponse, pathname: string): void {
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

  /** Loopback names only, so a web page on another site cannot reach the sandbox by DNS rebinding. */
  const hostAllowed = (host: string | undefined): boolean => {
    const name = (host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
    return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name) || name === (deps.host ?? '127.0.0.1');
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host)) throw new HttpError(403, 'the sandbox answers on localhost / 127.0.0.1 only');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz' || url.pathname === '/readyz') return health(res, url.pathname.slice(1) as 'healthz' | 'readyz');
    if (url.pathname.startsWith('/sandbox/api/') || url.pathname === '/sandbox/api') return api(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    serveStatic(res, url.pathname);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof HttpError) return send(res, err.status, { ok: false, error: err.message });
      if (err instanceof ValuesError) return send(res, 400, { ok: false, error: err.message });
      const message = err instanceof Error ? err.message : String(err);
      // fetch() to the app failed: it is not listening (crashed, or still starting).
      if (err instanceof TypeError && message === 'fetch failed') return send(res, 502, { ok: false, error: 'Call Buddy did not answer: is the app running?' });
      // The emulator refuses impossible acts (no such element, modal not open): the caller's mistake.
      if (message.startsWith('emulator:')) return send(res, 400, { ok: false, error: message.replace(/^emulator: /, '') });
      logger.error({ err }, 'sandbox: request failed');
      send(res, 500, { ok: false, error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${deps.host ?? '127.0.0.1'}:${port}/`;

  let seeded = false;
  if (!loaded && deps.seed !== false) {
    seeding = true;
    changed();
    const started = Date.now();
    try {
      demo = await queue.run(() =>
        seedDemo({ emulator, clock, jumpTo: async (d) => { clock.set(d); await tickSafely(); }, nextEvent, logger, ...(typeof deps.seed === 'object' ? deps.seed : {}) }),
      );
      // What happened before today has been seen; today's news is unread.
      reads = {};
      const dayAgo = (clock.now().getTime() - 20 * 3_600_000) / 1000;
      for (const u of humans()) {
        for (const c of emulator.conversations()) {
          if (!c.members.includes(u.id)) continue;
          const last = emulator.messages(c.id).filter((m) => Number(m.ts) < dayAgo).at(-1);
          if (last) (reads[u.id] ??= {})[c.id] = last.ts;
        }
      }
      seededAt = clock.now().toISOString();
      seeded = true;
      logger.info({ ms: Date.now() - started }, 'sandbox: demo workspace ready');
    } finally {
      seeding = false;
      changed();
    }
    save();
  } else if (!loaded) {
    seededAt = clock.now().toISOString();
    save();
  }

  return {
    url,
    port,
    seeded,
    save,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      save();
      for (const r of sse) r.end();
      sse.clear();
      if (pushTimer) clearTimeout(pushTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
