// createEmulator: an HTTP server that answers like Slack's Web API and acts like Slack towards the app.

import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as acting from './acting.js';
import { ResponseUrlStore, TriggerStore } from './interactivity.js';
import { RateLimiter, type RateLimitOptions } from './rate-limits.js';
import type { CallRecord, ChangeEvent, Conversation, EphemeralMessage, Message, StoredFile, StoredView, Team, User, WorkspaceData } from './types.js';
import { ApiError, blockChecks, JSON_ARGS, METHODS, resolvePostChannel, type ApiContext, type Args } from './web-api.js';
import { emptyWorkspace, Workspace, type AddChannelInput, type AddUserInput } from './workspace.js';
import { validateBlocks } from './blockkit.js';
import { SocketModeHub } from './socket-mode.js';
import { FILE_METHODS } from './file-methods.js';
import { FileUploads, serveFile } from './files.js';

export interface EmulatorOptions {
  /** Listen port (default 0: any free port) and host (default 127.0.0.1). */
  port?: number;
  host?: string;
  team?: Partial<Team>;
  /** Accepted bot token(s). Default "xoxb-emulator-token". */
  botToken?: string | string[];
  bot?: { user_id?: string; bot_id?: string; app_id?: string; name?: string };
  /** The app's request URL (…/slack/events). Can also be set later with setAppUrl(). */
  appUrl?: string;
  signingSecret?: string;
  /** The legacy verification token sent in payloads. */
  verificationToken?: string;
  /** Rate limits: off unless given. `true` or an options object turns them on. */
  rateLimits?: boolean | RateLimitOptions;
  /** Clock for message timestamps (the sandbox's virtual clock). Default: real time. */
  now?: () => Date;
  /** Real-time source for trigger_id expiry, response_url expiry and rate limits (tests inject it). */
  nowMs?: () => number;
  /** Start from this workspace data (as returned by snapshot()). */
  data?: WorkspaceData;
  /**
   * Socket Mode: the app-level token (`xapp-…`) accepted by `apps.connections.open`. When set, the
   * emulator sends commands, interactions and events over the app's WebSocket, not over HTTP.
   */
  appToken?: string;
  /** How long the emulator, like Slack, waits for the app's ack (default 3000 ms); later is HTTP 408. */
  ackTimeoutMs?: number;
}

export interface FaultSpec {
  method: string;
  /** ok:false error code (HTTP 200 unless status is given). */
  error?: string;
  /** HTTP status to answer with, e.g. 429, 500, 503. */
  status?: number;
  /** Retry-After seconds for status 429 (default 1). */
  retryAfter?: number;
  /** Answer nothing: the request is read and held open (a lost answer), until the client gives up. */
  silent?: boolean;
  /** How many upcoming calls of the method it applies to (default 1; Infinity until cleared). */
  times?: number;
}

/** A fault mode for a method: every call answers HTTP 500, 429 (with Retry-After) or nothing. */
export type FaultMode = { status: 500 | 503 } | { status: 429; retryAfter?: number } | { silent: true };

export type Emulator = ReturnType<typeof createEmulator>;

const DEFAULT_TOKEN = 'xoxb-emulator-token';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Parses a Web API request body the way Slack accepts it: form-encoded or JSON. */
export function parseArgs(contentType: string, raw: string): Args | null {
  if (raw === '') return {};
  if (contentType.includes('application/json')) {
    try {
      const v = JSON.parse(raw) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Args) : null;
    } catch {
      return null;
    }
  }
  const args: Args = {};
  for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  return args;
}

/** Args as recorded in the call log: JSON strings decoded, token removed. */
function loggedArgs(args: Args): Args {
  const out: Args = {};
  for (const [k, v] of Object.entries(args)) {
    if (k === 'token') continue;
    if (JSON_ARGS.has(k) && typeof v === 'string') {
      try {
        out[k] = JSON.parse(v) as unknown;
        continue;
      } catch {
        /* keep the raw string */
      }
    }
    out[k] = v;
  }
  return out;
}

export function createEmulator(options: EmulatorOptions = {}) {
  const now = options.now ?? (() => new Date());
  const nowMs = options.nowMs ?? (() => Date.now());
  const tokens = new Set(Array.isArray(options.botToken) ? options.botToken : [options.botToken ?? DEFAULT_TOKEN]);
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  const emit = (e: ChangeEvent): void => {
    emitter.emit('change', e);
  };
  const team: Team = { id: 'T0EMULATOR', name: 'Sandbox', domain: 'sandbox', ...options.team };
  const bot = {
    user_id: options.bot?.user_id ?? 'U0CALLBUDDY',
    bot_id: options.bot?.bot_id ?? 'B0CALLBUDDY',
    app_id: options.bot?.app_id ?? 'A0CALLBUDDY',
    name: options.bot?.name ?? 'callbuddy',
  };
  const ws = new Workspace(options.data ? structuredClone(options.data) : emptyWorkspace(team, bot), now, emit);
  const triggers = new TriggerStore(nowMs);
  const responseUrls = new ResponseUrlStore(nowMs);
  let limiter = new RateLimiter(options.rateLimits);
  const faultList: (FaultSpec & { times: number })[] = [];
  const callLog: CallRecord[] = [];
  let server: Server | undefined;
  let origin = '';
  let appUrl = options.appUrl ?? '';
  const signingSecret = options.signingSecret ?? 'emulator-signing-secret';
  const verificationToken = options.verificationToken ?? 'emulator-verification-token';
  const fileUploads = new FileUploads(() => origin);
  const apiCtx: ApiContext = { ws, triggers, files: fileUploads, origin: () => origin };
  const socketHub = options.appToken ? new SocketModeHub({ appId: bot.app_id, ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}) }) : undefined;
  const actCtx: acting.ActingContext = {
    ws, triggers, responseUrls, signingSecret, verificationToken, now,
    ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    appUrl: () => {
      if (!appUrl) throw new Error('emulator: appUrl is not set');
      return appUrl;
    },
    origin: () => {
      if (!origin) throw new Error('emulator: not started');
      return origin;
    },
    socketMode: () => (socketHub ? (raw, contentType) => socketHub.deliver(raw, contentType) : undefined),
  };

  function record(method: string, args: Args, status: number, response: Record<string, unknown>): void {
    const ok = response.ok === true;
    const rec: CallRecord = { method, args: loggedArgs(args), at: nowMs(), ok, status, response };
    if (!ok && typeof response.error === 'string') rec.error = response.error;
    callLog.push(rec);
    emit({ kind: 'call', method, ok });
  }

  function tokenOf(req: IncomingMessage, args: Args): string | undefined {
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
    return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const raw = await readBody(req);
    const parsed = parseArgs(String(req.headers['content-type'] ?? ''), raw);
    const args = parsed ?? {};
    const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void => {
      record(method, args, status, body);
      sendJson(res, status, body, headers);
    };
    if (req.method !== 'POST' && req.method !== 'GET') return reply(405, { ok: false, error: 'method_not_allowed' });
    const handler = METHODS[method] ?? FILE_METHODS[method];
    if (!handler && method !== 'apps.connections.open') return reply(200, { ok: false, error: 'unknown_method', req_method: method });
    if (parsed === null) return reply(200, { ok: false, error: 'invalid_json' });
    const token = tokenOf(req, args);
    if (token === undefined) return reply(200, { ok: false, error: 'not_authed' });
    // An app-level token opens Socket Mode connections and does nothing else; a bot token cannot.
    const isAppToken = token === options.appToken;
    if (!tokens.has(token) && !isAppToken) return reply(200, { ok: false, error: 'invalid_auth' });
    if ((method === 'apps.connections.open') !== isAppToken) return reply(200, { ok: false, error: 'not_allowed_token_type' });
    if (method === 'apps.connections.open') return reply(200, { ok: true, url: socketHub!.open(origin) });

    const faultIndex = faultList.findIndex((f) => f.method === method && f.times > 0);
    const fault = faultList[faultIndex];
    if (fault) {
      fault.times -= 1;
      if (fault.times <= 0) faultList.splice(faultIndex, 1);
      if (fault.silent) {
        record(method, args, 0, { ok: false, error: 'no_answer' });
        return; // held open: closed when the client times out or the emulator stops
      }
      const status = fault.status ?? 200;
      if (status === 429) {
        return reply(429, { ok: false, error: fault.error ?? 'ratelimited' }, { 'retry-after': String(Math.max(1, Math.ceil(fault.retryAfter ?? 1))) });
      }
      return reply(status, { ok: false, error: fault.error ?? (status === 200 ? 'internal_error' : 'fatal_error') });
    }

    let channelKey: string | undefined;
    if (method === 'chat.postMessage' && typeof args.channel === 'string') {
      channelKey = resolvePostChannel(ws, args.channel)?.id ?? args.channel;
    }
    const retryAfter = limiter.take(method, nowMs(), channelKey);
    if (retryAfter !== null) return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });

    try {
      const body = handler!(apiCtx, args);
      return reply(200, { ok: true, ...body });
    } catch (err) {
      if (err instanceof ApiError) return reply(200, { ok: false, error: err.code, ...err.extra });
      console.error('emulator: handler crashed', err);
      return reply(200, { ok: false, error: 'internal_error' });
    }
  }

  async function handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = await readBody(req);
    const used = responseUrls.use(id);
    if (!used.ok) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(used.error);
      return;
    }
    const ct = String(req.headers['content-type'] ?? '');
    let body: Args | null = parseArgs(ct.includes('json') ? ct : 'application/json', raw);
    if (body && typeof body.payload === 'string') body = parseArgs('application/json', body.payload);
    if (!body) return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    const target = used.target;
    const blocks = body.blocks;
    if (blocks !== undefined) {
      const errors = validateBlocks(blocks, 'message', '/blocks', blockChecks(apiCtx));
      if (errors.length) return sendJson(res, 400, { ok: false, error: 'invalid_blocks', errors });
    }
    const text = typeof body.text === 'string' ? body.text : '';
    const blockList = Array.isArray(blocks) ? (blocks as unknown[]) : undefined;
    if (text === '' && !blockList && body.delete_original !== true && body.delete_original !== 'true') {
      return sendJson(res, 400, { ok: false, error: 'no_text' });
    }
    const truthy = (v: unknown): boolean => v === true || v === 'true';
    if (truthy(body.delete_original) && target.messageTs) {
      if (target.messageIsEphemeral) {
        ws.data.ephemerals = ws.data.ephemerals.filter((e) => !(e.ts === target.messageTs && e.user === target.user));
        emit({ kind: 'ephemeral', channel: target.channel, user: target.user });
      } else ws.deleteMessage(target.channel, target.messageTs);
      return sendJson(res, 200, { ok: true });
    }
    if (truthy(body.replace_original) && target.messageTs) {
      if (target.messageIsEphemeral) {
        const eph = ws.data.ephemerals.find((e) => e.ts === target.messageTs && e.user === target.user);
        if (eph) {
          eph.text = text;
          if (blockList) eph.blocks = blockList;
          else delete eph.blocks;
          emit({ kind: 'ephemeral', channel: target.channel, user: target.user });
        }
      } else {
        ws.updateMessage(target.channel, target.messageTs, { text, ...(blockList ? { blocks: blockList } : {}) });
      }
      return sendJson(res, 200, { ok: true });
    }
    if (body.response_type === 'in_channel') {
      ws.postMessage({ channel: target.channel, bot_id: ws.bot.bot_id, user: ws.bot.user_id, text, ...(blockList ? { blocks: blockList } : {}) });
    } else {
      ws.addEphemeral({ channel: target.channel, user: target.user, text, ...(blockList ? { blocks: blockList } : {}), via: 'response_url' });
    }
    sendJson(res, 200, { ok: true });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (api?.[1]) return handleApi(req, res, api[1]);
    const resp = /^\/response\/([a-f0-9]+)$/.exec(url.pathname);
    if (resp?.[1] && req.method === 'POST') return handleResponseUrl(req, res, resp[1]);
    const upload = /^\/upload\/v1\/([a-f0-9]+)$/.exec(url.pathname);
    if (upload?.[1]) return fileUploads.handleUpload(req, res, upload[1]);
    const file = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(url.pathname);
    if (file?.[1] && req.method === 'GET') return serveFile(ws, res, file[1], tokens.has(tokenOf(req, {}) ?? ''));
    if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  return {
    /** Starts listening; `url` is the Web API base for WebClient's slackApiUrl. */
    async start(): Promise<{ url: string; origin: string; port: number }> {
      if (server) throw new Error('emulator: already started');
      const s = createServer((req, res) => {
        route(req, res).catch((err: unknown) => {
          console.error('emulator: request failed', err);
          if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
        });
      });
      server = s;
      s.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (socketHub) socketHub.upgrade(req, socket, head);
        else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
      });
      const addr = s.address() as AddressInfo;
      origin = `http://${options.host ?? '127.0.0.1'}:${addr.port}`;
      return { url: `${origin}/api/`, origin, port: addr.port };
    },
    async stop(): Promise<void> {
      const s = server;
      server = undefined;
      if (!s) return;
      await socketHub?.close();
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    get url(): string { return origin ? `${origin}/api/` : ''; },
    /** Default bot token (the first configured one). */
    get token(): string { return [...tokens][0] ?? DEFAULT_TOKEN; },
    get signingSecret(): string { return signingSecret; },
    setAppUrl(url: string): void { appUrl = url; },
    /** Open Socket Mode connections (with `appToken`). */
    get socketConnections(): number { return socketHub?.connections ?? 0; },

    // ---- workspace ----
    get team(): Team { return ws.team; },
    get bot() { return ws.bot; },
    addUser(input: AddUserInput): User { return ws.addUser(input); },
    addChannel(input: AddChannelInput): Conversation { return ws.addChannel(input); },
    dmChannelFor(userId: string): Conversation {
      if (!ws.user(userId)) throw new Error(`emulator: unknown user ${userId}`);
      return ws.dmChannelFor(userId);
    },
    joinChannel(channelId: string, userId: string): void { ws.joinChannel(channelId, userId); },
    archiveChannel(channelId: string, archived = true): void { ws.archiveChannel(channelId, archived); },
    deactivateUser(userId: string): void {
      const u = ws.user(userId);
      if (u) {
        u.deleted = true;
        emit({ kind: 'workspace', what: 'user' });
      }
    },
    user(id: string): User | undefined { return ws.user(id); },
    users(): User[] { return Object.values(ws.data.users); },
    conversation(id: string): Conversation | undefined { return ws.conversation(id); },
    conversations(): Conversation[] { return Object.values(ws.data.conversations); },
    messages(channelId: string): Message[] { return ws.messages(channelId); },
    /** Messages in the bot's DM with a user. */
    dmMessages(userId: string): Message[] {
      const dm = Object.values(ws.data.conversations).find((c) => c.is_im && c.user === userId);
      return dm ? ws.messages(dm.id) : [];
    },
    ephemerals(user: string, channel?: string): EphemeralMessage[] { return ws.ephemerals(user, channel); },
    view(id: string): StoredView | undefined { return ws.view(id); },
    modalStack(user: string): StoredView[] { return ws.modalStack(user); },
    /** The top (visible) modal for a user. */
    currentModal(user: string): StoredView | undefined {
      const stack = ws.modalStack(user);
      return stack[stack.length - 1];
    },
    homeView(user: string): StoredView | undefined { return ws.homeView(user); },
    /** Completed uploads (files.completeUploadExternal). */
    files(): StoredFile[] { return Object.values(ws.data.files ?? {}); },
    /** A completed file's bytes and type, for the sandbox page. */
    fileContent(id: string): { data: Buffer; mimetype: string; name: string } | undefined {
      const f = ws.data.files?.[id];
      return f ? { data: Buffer.from(f.content_base64, 'base64'), mimetype: f.mimetype, name: f.name } : undefined;
    },
    /** Posts a message as a user (no event is sent; see userMessage). */
    postAsUser(user: string, channel: string, text: string): Message {
      return ws.postMessage({ channel, user, text });
    },
    /** Issues a trigger_id for a user, as an interaction would. */
    issueTriggerId(user: string): string { return triggers.issue(user); },
    snapshot(): WorkspaceData { return structuredClone(ws.data); },
    restore(data: WorkspaceData): void {
      if (data?.version !== 1) throw new Error('emulator: unsupported snapshot version');
      ws.data = structuredClone(data);
      emit({ kind: 'workspace', what: 'restore' });
    },
    onChange(listener: (e: ChangeEvent) => void): () => void {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },

    // ---- call log, faults, limits ----
    calls(method?: string): CallRecord[] { return method ? callLog.filter((c) => c.method === method) : [...callLog]; },
    clearCalls(): void { callLog.length = 0; },
    injectFault(spec: FaultSpec): void { faultList.push({ ...spec, times: spec.times ?? 1 }); },
    clearFaults(): void { faultList.length = 0; },
    /**
     * Fault mode: from now on every call of `method` answers 500, 429 or nothing, until set to null
     * (which also drops the method's one-off faults).
     */
    setFaultMode(method: string, mode: FaultMode | null): void {
      for (let i = faultList.length - 1; i >= 0; i--) if (faultList[i]!.method === method) faultList.splice(i, 1);
      if (mode) faultList.push({ method, ...mode, times: Infinity });
    },
    setRateLimits(opts: boolean | RateLimitOptions | undefined): void { limiter = new RateLimiter(opts); },

    // ---- acting as Slack towards the app ----
    slashCommand: (input: acting.SlashCommandInput, sign?: acting.SignOptions) => acting.slashCommand(actCtx, input, sign),
    blockAction: (input: acting.BlockActionInput, sign?: acting.SignOptions) => acting.blockAction(actCtx, input, sign),
    submitView: (input: acting.SubmitViewInput, sign?: acting.SignOptions) => acting.submitView(actCtx, input, sign),
    closeView: (input: { user: string; viewId: string }, sign?: acting.SignOptions) => acting.closeView(actCtx, input, sign),
    event: (event: { type: string } & Record<string, unknown>, opts?: acting.EventOptions) => acting.sendEvent(actCtx, event, opts),
    appHomeOpened: (user: string, opts?: acting.EventOptions & { tab?: 'home' | 'messages' }) => acting.appHomeOpened(actCtx, user, opts),
    /** A user writes in a conversation: stored, then sent as a `message` event. */
    async userMessage(user: string, channel: string, text: string, opts?: acting.EventOptions): Promise<acting.EventResult> {
      const conv = ws.conversation(channel);
      if (!conv) throw new Error(`emulator: unknown channel ${channel}`);
      const m = ws.postMessage({ channel, user, text });
      const channelType = conv.is_im ? 'im' : conv.is_mpim ? 'mpim' : conv.is_private ? 'group' : 'channel';
      return acting.sendEvent(actCtx, { type: 'message', user, channel, text, ts: m.ts, channel_type: channelType, event_ts: m.ts }, opts);
    },
    /** Sends an arbitrary signed body to the app (forged / malformed request tests). */
    sendRaw: (rawBody: string, contentType: string, sign?: acting.SignOptions) => acting.sendSigned(actCtx, rawBody, contentType, sign),
  };
}
