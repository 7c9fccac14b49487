// The JSON API under /sandbox/api, as a route table: each route acts as a Slack user through the
// emulator. POST bodies are JSON only (a cross-site form cannot send it without a CORS preflight,
// which is never granted).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody, sendJson } from '../http.js';
import { submissionValues } from '../values.js';
import { clockJson, moveClock } from './clock.js';
import { runCommand } from './commands.js';
import { isObj, notReady, type Obj, type SandboxContext, str } from './context.js';
import { actingUser, conversationFor, conversationJson, humans, initials, messagesJson, viewOut, visibleTo } from './workspace-json.js';

const MAX_BODY = 256 * 1024;

/** A handler's answer was written by the handler itself (a stream, a file). */
const ANSWERED = Symbol('answered');

interface ApiCall {
  ctx: SandboxContext;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Obj;
  /** The path's captures. */
  params: string[];
  /** The member acted as (`as`: the query on GET, the body on POST). */
  as(): ReturnType<typeof actingUser>;
}

interface Route {
  method: 'GET' | 'POST';
  path: string | RegExp;
  /** Answers JSON with 200, or ANSWERED. */
  handle(call: ApiCall): unknown;
}

const ok = (r: { status: number }) => ({ ok: r.status === 200, status: r.status });

function postAction(ctx: SandboxContext, body: Obj, user: string) {
  const actionId = str(body, 'actionId', true);
  const viewId = str(body, 'viewId');
  const channel = str(body, 'channel');
  const ts = str(body, 'ts');
  if (!viewId && !(channel && ts)) throw new HttpError(400, 'give viewId, or channel and ts');
  if (channel) conversationFor(ctx.emulator, channel, user);
  const so = body.selectedOption;
  if (so !== undefined && typeof so !== 'string' && !(isObj(so) && typeof so.value === 'string')) throw new HttpError(400, 'selectedOption must be an option value');
  const sos = body.selectedOptions;
  if (sos !== undefined && !(Array.isArray(sos) && sos.every((x) => typeof x === 'string'))) throw new HttpError(400, 'selectedOptions must be a list of option values');
  const selectedDate = str(body, 'selectedDate');
  if (selectedDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(selectedDate)) throw new HttpError(400, 'selectedDate must be YYYY-MM-DD');
  return ctx.emulator.blockAction({
    user, actionId,
    ...(viewId ? { view: viewId } : { channel: channel!, message: ts! }),
    ...(str(body, 'blockId') ? { blockId: str(body, 'blockId')! } : {}),
    ...(str(body, 'value') !== undefined ? { value: str(body, 'value')! } : {}),
    ...(so !== undefined ? { selectedOption: so as string | { value: string } } : {}),
    ...(sos !== undefined ? { selectedOptions: sos as string[] } : {}),
    ...(str(body, 'selectedUser') ? { selectedUser: str(body, 'selectedUser')! } : {}),
    ...(selectedDate ? { selectedDate } : {}),
  });
}

/** Typing into an external select: Slack's client asks the app's options endpoint and shows what it offers. */
async function postSuggest({ ctx, body, as }: ApiCall) {
  notReady(ctx);
  const user = as().id;
  const actionId = str(body, 'actionId', true);
  const viewId = str(body, 'viewId');
  const channel = str(body, 'channel');
  const ts = str(body, 'ts');
  if (!viewId && !(channel && ts)) throw new HttpError(400, 'give viewId, or channel and ts');
  const value = body.value === undefined ? '' : body.value;
  if (typeof value !== 'string' || value.length > 200) throw new HttpError(400, 'value must be the typed text (at most 200 characters)');
  if (channel) conversationFor(ctx.emulator, channel, user);
  let r;
  try {
    r = await ctx.emulator.blockSuggestion({
      user, actionId, value,
      ...(viewId ? { view: viewId } : { channel: channel!, message: ts! }),
      ...(str(body, 'blockId') ? { blockId: str(body, 'blockId')! } : {}),
    });
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('emulator:')) throw new HttpError(400, err.message.replace(/^emulator: /, ''));
    throw err;
  }
  return { sent: r.sent, status: r.status, options: r.options, optionGroups: r.optionGroups ?? null, problems: r.problems };
}

async function postSubmit({ ctx, body, as }: ApiCall) {
  notReady(ctx);
  const user = as().id;
  const viewId = str(body, 'viewId', true);
  const view = ctx.emulator.modalStack(user).find((v) => v.id === viewId);
  if (!view) throw new HttpError(404, `no open modal ${viewId} for ${user}`);
  if (body.values !== undefined && !isObj(body.values)) throw new HttpError(400, 'values must be an object keyed by block id');
  const values = submissionValues(view, body.values as Record<string, Record<string, unknown>> | undefined);
  const r = await ctx.emulator.submitView({ user, viewId, values });
  // 'required': as Slack's client, the emulator sent nothing; the modal shows what is missing.
  if ((r.outcome === 'errors' || r.outcome === 'required') && r.errors) ctx.viewErrors.set(viewId, r.errors);
  else ctx.viewErrors.delete(viewId);
  ctx.live.changed();
  return { outcome: r.outcome, errors: r.errors ?? {}, problems: r.problems ?? [], status: r.status };
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/events', handle: ({ ctx, req, res }) => (ctx.live.subscribe(req, res), ANSWERED) },
  {
    method: 'GET', path: '/workspaces',
    handle: ({ ctx }) => ({
      workspaces: ctx.all.map((c) => ({ ...c.emulator.team, members: humans(c.emulator).length, channel: c.team.demo?.channel ?? null })),
    }),
  },
  {
    method: 'GET', path: '/users',
    handle: ({ ctx: { emulator, appName, team, command, subcommands } }) => {
      const users = humans(emulator).map((u) => ({ id: u.id, name: u.name, realName: u.real_name, tz: u.tz, initials: initials(u.real_name), isBot: false }));
      const bot = { id: emulator.bot.user_id, name: emulator.bot.name, realName: appName, tz: 'UTC', initials: initials(appName), isBot: true };
      return { users, bot, team: emulator.team, demo: team.demo, command, subcommands };
    },
  },
  {
    method: 'GET', path: '/conversations',
    handle: ({ ctx, as }) => {
      const user = as().id;
      const list = ctx.emulator.conversations().filter((c) => !c.is_archived && visibleTo(c, user)).filter((c) => !c.is_im || c.user === user);
      // The member's DM with the app exists in Slack from the start.
      if (!list.some((c) => c.is_im)) list.push(ctx.emulator.dmChannelFor(user));
      return { conversations: list.map((c) => conversationJson(ctx, c, user)) };
    },
  },
  {
    method: 'GET', path: /^\/conversations\/([A-Z0-9]+)\/messages$/,
    handle: ({ ctx, url, params, as }) => {
      const user = as().id;
      const conv = conversationFor(ctx.emulator, params[0], user);
      const messages = messagesJson(ctx, conv, user);
      if (url.searchParams.get('read') !== '0') ctx.team.markRead(user, conv.id, messages.at(-1)?.ts);
      return { conversation: conversationJson(ctx, conv, user), messages };
    },
  },
  {
    method: 'GET', path: /^\/files\/(F[A-Z0-9]+)$/,
    handle: ({ ctx, res, params: [id = ''] }) => {
      const file = ctx.emulator.fileContent(id);
      if (!file) throw new HttpError(404, `no file ${id}`);
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': file.data.length, 'cache-control': 'private, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
      res.end(file.data);
      return ANSWERED;
    },
  },
  { method: 'GET', path: '/home', handle: ({ ctx, as }) => ({ view: viewOut(ctx.emulator.homeView(as().id)) }) },
  { method: 'POST', path: '/home', handle: async ({ ctx, as }) => (notReady(ctx), ok(await ctx.emulator.appHomeOpened(as().id))) },
  {
    method: 'GET', path: '/modal',
    handle: ({ ctx, as }) => {
      const stack = ctx.emulator.modalStack(as().id);
      const top = stack.at(-1);
      return { view: viewOut(top), depth: stack.length, errors: top ? (ctx.viewErrors.get(top.id) ?? {}) : {} };
    },
  },
  {
    method: 'POST', path: '/command',
    handle: async ({ ctx, body, as }) => {
      notReady(ctx);
      const user = as().id;
      const conv = conversationFor(ctx.emulator, str(body, 'channel', true), user);
      const text = str(body, 'text', true);
      if (text.trim().startsWith('/')) return runCommand(ctx, user, conv.id, text);
      if (!conv.members.includes(user)) throw new HttpError(400, `you are not a member of ${conv.name}`);
      return ok(await ctx.emulator.userMessage(user, conv.id, text));
    },
  },
  { method: 'POST', path: '/action', handle: async ({ ctx, body, as }) => (notReady(ctx), ok(await postAction(ctx, body, as().id))) },
  { method: 'POST', path: '/submit', handle: postSubmit },
  { method: 'POST', path: '/suggest', handle: postSuggest },
  {
    method: 'POST', path: '/close',
    handle: async ({ ctx, body, as }) => {
      notReady(ctx);
      const user = as().id;
      const viewId = str(body, 'viewId', true);
      if (!ctx.emulator.modalStack(user).some((v) => v.id === viewId)) throw new HttpError(404, `no open modal ${viewId} for ${user}`);
      const r = await ctx.emulator.closeView({ user, viewId });
      ctx.viewErrors.delete(viewId);
      return { closed: true, notified: r.sent };
    },
  },
  { method: 'GET', path: '/clock', handle: ({ ctx }) => clockJson(ctx) },
  { method: 'POST', path: '/clock', handle: ({ ctx, body }) => moveClock(ctx, body) },
];

async function jsonBody(req: IncomingMessage): Promise<Obj> {
  if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    throw new HttpError(415, 'send JSON with content-type: application/json');
  }
  const raw = await readBody(req, MAX_BODY);
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
  if (!isObj(parsed)) throw new HttpError(400, 'the body must be a JSON object');
  return parsed;
}

function match(method: string, p: string): { route: Route; params: string[] } | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    if (typeof route.path === 'string') {
      if (route.path === p) return { route, params: [] };
      continue;
    }
    const m = route.path.exec(p);
    if (m) return { route, params: m.slice(1) };
  }
  return null;
}

/** The workspace a call names (`workspace`: the query on GET, the body on POST); the first by default. */
function workspaceOf(first: SandboxContext, id: string | undefined): SandboxContext {
  if (id === undefined) return first;
  const ctx = first.all.find((c) => c.emulator.team.id === id);
  if (!ctx) throw new HttpError(400, `workspace: no workspace ${id} (GET /sandbox/api/workspaces lists them)`);
  return ctx;
}

/** /sandbox/api/…: finds the route and answers it, in the workspace the call names. */
export async function api(first: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const p = url.pathname.slice('/sandbox/api'.length) || '/';
  const method = req.method ?? 'GET';
  const body = method === 'POST' ? await jsonBody(req) : {};
  const ctx = workspaceOf(first, method === 'GET' ? (url.searchParams.get('workspace') || undefined) : str(body, 'workspace'));
  const found = match(method, p);
  if (!found) throw new HttpError(404, `no such endpoint: ${method} ${p}`);
  const as = () => actingUser(ctx.emulator, method === 'GET' ? (url.searchParams.get('as') ?? undefined) : str(body, 'as'));
  const out = await found.route.handle({ ctx, req, res, url, body, params: found.params, as });
  if (out !== ANSWERED) sendJson(res, 200, out, { 'cache-control': 'no-store' });
}
