// createEmulator: an HTTP server that answers like Slack's Web API and acts like Slack towards the app.

import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as acting from './acting.js';
import { ResponseUrlStore, TriggerStore } from './interactivity.js';
import { RateLimiter, type RateLimitOptions } from './rate-limits.js';
import type { CallRecord, ChangeEvent, Conversation, EphemeralMessage, Message, StoredFile, StoredView, Team, User, WorkspaceData } from './types.js';
import type { ApiContext } from './web-api.js';
import { routeEmulatorRequest, type EmulatorHttpContext } from './http-routes.js';
import { sendJson } from '../http.js';
import { emptyWorkspace, Workspace, type AddChannelInput, type AddUserInput } from './workspace.js';
import { SocketModeHub } from './socket-mode.js';
import { blockSuggestion, type BlockSuggestionInput } from './suggestions.js';
import { FileUploads } from './files.js';
import type { PlatformTeam, SlackPlatform } from './oauth.js';
import { BOT_SCOPES } from '../../platform/scopes.js';

/** Every emulator's HTTP side on a platform, so a token is answered by its own workspace. */
const platformPeers = new WeakMap<SlackPlatform, Map<string, EmulatorHttpContext>>();

export interface EmulatorOptions {
  /** Listen port (default 0: any free port) and host (default 127.0.0.1). */
  port?: number;
  host?: string;
  team?: Partial<Team>;
  /** Accepted bot token(s). Default "xoxb-emulator-token". */
  botToken?: string | string[];
  /**
   * The scopes granted to the `botToken` token(s), checked per method as Slack does (`missing_scope`).
   * Default: the app manifest's bot scopes (BOT_SCOPES), as if installed from manifest.yml. Tokens the
   * platform issues carry the scopes of their install instead.
   */
  scopes?: readonly string[];
  bot?: { user_id?: string; bot_id?: string; app_id?: string; name?: string };
  /** The app's request URL (…/slack/events). Can also be set later with setAppUrl(). */
  appUrl?: string;
  /** The app's options load URL (external selects); default the request URL. */
  optionsUrl?: string;
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
   * Where a fresh workspace's ids start counting (default 0: `U000000001`). Slack's ids are unique
   * across workspaces; give emulators that stand side by side different bases.
   */
  idBase?: number;
  /**
   * Socket Mode: the app-level token (`xapp-…`) accepted by `apps.connections.open`. When set, the
   * emulator sends commands, interactions and events over the app's WebSocket, not over HTTP.
   */
  appToken?: string;
  /** How long the emulator, like Slack, waits for the app's ack (default 3000 ms); later is HTTP 408. */
  ackTimeoutMs?: number;
  /**
   * Distribution (OAuth): the Slack app this workspace can install. The workspace then accepts only the
   * tokens the platform issued to it (plus `botToken` when given), serves the authorize page and
   * sends `app_uninstalled` / `tokens_revoked` when the app is removed.
   */
  platform?: SlackPlatform;
  /** The Enterprise Grid org this workspace belongs to (org-wide installs). */
  enterprise?: { id: string; name: string };
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

/** How long the emulator keeps an idle HTTP connection open (longer than any client's idle timeout). */
const KEEP_ALIVE_MS = 65_000;

/**
 * Idle keep-alive sockets stay open longer than a client keeps them: Node's global agent (the
 * WebClient's) drops a free socket after 5 s, the same as Node's server default, and with equal
 * timeouts a request sent on a reused socket just as the server closes it fails with ECONNRESET.
 * Slack's API keeps idle connections open well beyond 5 s too.
 */
function keepIdleConnections(s: Server): void {
  s.keepAliveTimeout = KEEP_ALIVE_MS;
  s.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

export function createEmulator(options: EmulatorOptions = {}) {
  const now = options.now ?? (() => new Date());
  const nowMs = options.nowMs ?? (() => Date.now());
  const tokens = new Set([options.botToken ?? (options.platform ? [] : DEFAULT_TOKEN)].flat());
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
  const ws = new Workspace(options.data ? structuredClone(options.data) : { ...emptyWorkspace(team, bot), seq: options.idBase ?? 0 }, now, emit);
  const triggers = new TriggerStore(nowMs);
  const responseUrls = new ResponseUrlStore(nowMs);
  let limiter = new RateLimiter(options.rateLimits);
  const faultList: (FaultSpec & { times: number })[] = [];
  const callLog: CallRecord[] = [];
  let server: Server | undefined;
  let origin = '';
  let appUrl = options.appUrl ?? '';
  let optionsUrl = options.optionsUrl;
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
    optionsUrl: () => optionsUrl,
    origin: () => {
      if (!origin) throw new Error('emulator: not started');
      return origin;
    },
    socketMode: () => (socketHub ? (raw, contentType) => socketHub.deliver(raw, contentType) : undefined),
  };
  if (options.enterprise) actCtx.enterprise = enterpriseOf(options.platform, options.enterprise);
  const http: EmulatorHttpContext = {
    ws, apiCtx, responseUrls, fileUploads, tokens, socketHub, callLog, scopesOf: scopesOf(options),
    appToken: options.appToken,
    faults: faultList, limiter: () => limiter,
    origin: () => origin, nowMs, emit,
  };
  if (options.platform) registerOnPlatform(options.platform, http, actCtx, options.enterprise);

  return {
    /** Starts listening; `url` is the Web API base for WebClient's slackApiUrl. */
    async start(): Promise<{ url: string; origin: string; port: number }> {
      if (server) throw new Error('emulator: already started');
      const s = createServer((req, res) => {
        routeEmulatorRequest(http, req, res).catch((err: unknown) => {
          console.error('emulator: request failed', err);
          if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
        });
      });
      keepIdleConnections(s);
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
    setOptionsUrl(url: string | undefined): void { optionsUrl = url; },
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

    // ---- distribution (with the platform option) ----
    /** The authorize page's URL for this workspace (`/oauth/v2/authorize`). */
    get authorizeUrl(): string { return origin ? `${origin}/oauth/v2/authorize` : ''; },
    ...distributionMethods(options.platform, ws, tokens),

    // ---- call log, faults, limits ----
    ...faultMethods(faultList, callLog),
    setRateLimits(opts: boolean | RateLimitOptions | undefined): void { limiter = new RateLimiter(opts); },

    // ---- acting as Slack towards the app ----
    ...actingMethods(actCtx, ws),
  };
}

/** A token the platform issued carries its install's scopes (widened by a re-install); botToken's are the option's. */
function scopesOf(options: EmulatorOptions): (token: string) => readonly string[] {
  const botScopes: readonly string[] = [...(options.scopes ?? BOT_SCOPES)];
  return (token) => options.platform?.token(token)?.scopes ?? botScopes;
}

/** Distribution: uninstalling, revoking, the tokens valid here. */
function distributionMethods(platform: SlackPlatform | undefined, ws: Workspace, tokens: Set<string>) {
  const need = (what: string): SlackPlatform => {
    if (!platform) throw new Error(`emulator: ${what} needs the platform option`);
    return platform;
  };
  return {
    /** The app is removed from this workspace: its tokens stop working and `app_uninstalled` is sent. */
    uninstallApp: (): Promise<{ status: number }> => need('uninstallApp').uninstall(ws.team.id),
    /** The workspace revokes the bot token: `tokens_revoked` is sent. */
    revokeTokens: (): Promise<{ status: number }> => need('revokeTokens').revokeTokens(ws.team.id),
    /** Bot tokens currently valid here. */
    validTokens: (): string[] => [...tokens],
  };
}

/** The org of a workspace, and whether the app is installed org-wide (the platform knows). */
function enterpriseOf(platform: SlackPlatform | undefined, enterprise: { id: string; name: string }): () => { id: string; name: string; orgInstall: boolean } {
  // Sticky: the uninstall event is sent after the tokens are revoked, and still concerns the org install.
  let orgInstall = false;
  return () => {
    if (platform?.activeTokens(enterprise.id).some((t) => t.isEnterpriseInstall)) orgInstall = true;
    return { ...enterprise, orgInstall };
  };
}

/** Makes the workspace one of the platform's: its tokens, its authorize page, its uninstall events. */
function registerOnPlatform(platform: SlackPlatform, http: EmulatorHttpContext, actCtx: acting.ActingContext, enterprise: { id: string; name: string } | undefined): void {
  const { ws } = http;
  const team: PlatformTeam = {
    get teamId() { return ws.team.id; },
    get teamName() { return ws.team.name; },
    get domain() { return ws.team.domain; },
    enterprise,
    get bot() { return ws.bot; },
    approvers: () => Object.values(ws.data.users).filter((u) => !u.is_bot && !u.deleted).map((u) => ({ id: u.id, name: u.name, is_admin: u.is_admin })),
    grant: (token) => { http.tokens.add(token); },
    revoke: (token) => { http.tokens.delete(token); },
    sendEvent: (event) => acting.sendEvent(actCtx, event),
  };
  platform.register(team);
  let peers = platformPeers.get(platform);
  if (!peers) platformPeers.set(platform, (peers = new Map()));
  peers.set(ws.team.id, http);
  http.platform = platform;
  http.platformTeam = team;
  http.peers = () => peers;
}

/** The emulator acting as Slack towards the app: commands, interactions, events, raw requests. */
function actingMethods(actCtx: acting.ActingContext, ws: Workspace) {
  return {
    slashCommand: (input: acting.SlashCommandInput, sign?: acting.SignOptions) => acting.slashCommand(actCtx, input, sign),
    blockAction: (input: acting.BlockActionInput, sign?: acting.SignOptions) => acting.blockAction(actCtx, input, sign),
    blockSuggestion: (input: BlockSuggestionInput, sign?: acting.SignOptions) => blockSuggestion(actCtx, input, sign),
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

/** The call log and injected faults. */
function faultMethods(faultList: (FaultSpec & { times: number })[], callLog: CallRecord[]) {
  return {
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
  };
}
