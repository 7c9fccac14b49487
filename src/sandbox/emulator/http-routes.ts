// The emulator's HTTP side: the Web API (auth, injected faults, rate limits, the call log),
// response_url posts, file uploads and downloads.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http.js';
import { validateBlocks } from './blockkit.js';
import type { FaultSpec } from './emulator.js';
import { FILE_METHODS } from './file-methods.js';
import { serveFile, type FileUploads } from './files.js';
import type { ResponseUrlStore } from './interactivity.js';
import type { RateLimiter } from './rate-limits.js';
import type { SocketModeHub } from './socket-mode.js';
import { handleAuthorize, type PlatformTeam, type SlackPlatform } from './oauth.js';
import type { CallRecord, ChangeEvent } from './types.js';
import { missingScope } from './scopes.js';
import { ApiError, blockChecks, JSON_ARGS, METHODS, resolvePostChannel, type ApiContext, type Args } from './web-api.js';
import type { Workspace } from './workspace.js';

export interface EmulatorHttpContext {
  ws: Workspace;
  apiCtx: ApiContext;
  responseUrls: ResponseUrlStore;
  fileUploads: FileUploads;
  /** Accepted bot tokens, and the app-level token (Socket Mode) if any. */
  tokens: Set<string>;
  /** The scopes granted to an accepted bot token. */
  scopesOf(token: string): readonly string[];
  appToken: string | undefined;
  socketHub: SocketModeHub | undefined;
  faults: (FaultSpec & { times: number })[];
  callLog: CallRecord[];
  limiter(): RateLimiter;
  origin(): string;
  nowMs(): number;
  emit(e: ChangeEvent): void;
  /** Distribution: the Slack app many workspaces install (OAuth), and this workspace as it sees it. */
  platform?: SlackPlatform;
  platformTeam?: PlatformTeam;
  /** Every emulator on the platform, by team id: a token is answered by its own workspace. */
  peers?: () => Map<string, EmulatorHttpContext>;
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


function record(c: EmulatorHttpContext, method: string, args: Args, status: number, response: Record<string, unknown>): CallRecord {
  const ok = response.ok === true;
  const rec: CallRecord = { method, args: loggedArgs(args), at: c.nowMs(), ok, status, response };
  if (!ok && typeof response.error === 'string') rec.error = response.error;
  c.callLog.push(rec);
  c.emit({ kind: 'call', method, ok });
  return rec;
}

/** Methods the Slack platform answers rather than a workspace's data. */
const PLATFORM_METHODS = new Set(['apps.connections.open', 'oauth.v2.access', 'apps.uninstall']);

function tokenOf(req: IncomingMessage, args: Args): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

async function handleApi(first: EmulatorHttpContext, req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
  let c = first;
  const raw = await readBody(req);
  const parsed = parseArgs(String(req.headers['content-type'] ?? ''), raw);
  const args = parsed ?? {};
  const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void => {
    record(c, method, args, status, body);
    sendJson(res, status, body, headers);
  };
  if (req.method !== 'POST' && req.method !== 'GET') return reply(405, { ok: false, error: 'method_not_allowed' });
  const handler = METHODS[method] ?? FILE_METHODS[method];
  if (!handler && !PLATFORM_METHODS.has(method)) return reply(200, { ok: false, error: 'unknown_method', req_method: method });
  if (parsed === null) return reply(200, { ok: false, error: 'invalid_json' });
  // oauth.v2.access authenticates the app by its client id and secret, not by a token.
  if (method === 'oauth.v2.access') {
    if (!c.platform) return reply(200, { ok: false, error: 'invalid_client_id' });
    return reply(200, c.platform.exchange(args, req.headers.authorization));
  }
  const token = tokenOf(req, args);
  if (token === undefined) return reply(200, { ok: false, error: 'not_authed' });
  if (c.platform && !c.tokens.has(token) && token !== c.appToken) {
    if (c.platform.isRevoked(token)) return reply(200, { ok: false, error: 'token_revoked' });
    const issued = c.platform.token(token);
    const host = issued ? c.peers?.().get(issued.hostTeamId) : undefined;
    if (host) c = host;
  }
  // An app-level token opens Socket Mode connections and does nothing else; a bot token cannot.
  const isAppToken = token === c.appToken;
  if (!c.tokens.has(token) && !isAppToken) return reply(200, { ok: false, error: 'invalid_auth' });
  if ((method === 'apps.connections.open') !== isAppToken) return reply(200, { ok: false, error: 'not_allowed_token_type' });
  if (method === 'apps.connections.open') return reply(200, { ok: true, url: c.socketHub!.open(c.origin()) });
  const issued = c.platform?.token(token);
  if (method === 'apps.uninstall') {
    if (!c.platform || !issued) return reply(200, { ok: false, error: 'invalid_auth' });
    return reply(200, await c.platform.uninstallMethod(args, token));
  }
  // As Slack: a token without the scope the method (or the conversation's type) needs is refused.
  const granted = c.scopesOf(token);
  const needed = missingScope(c.ws, method, args, granted);
  if (needed !== null) return reply(200, { ok: false, error: 'missing_scope', needed, provided: granted.join(',') });

  const faultIndex = c.faults.findIndex((f) => f.method === method && f.times > 0);
  const fault = c.faults[faultIndex];
  if (fault) {
    fault.times -= 1;
    if (fault.times <= 0) c.faults.splice(faultIndex, 1);
    if (fault.silent) {
      const rec = record(c, method, args, 0, { ok: false, error: 'no_answer' });
      rec.held = true;
      res.on('close', () => { rec.held = false; });
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
    channelKey = resolvePostChannel(c.ws, args.channel)?.id ?? args.channel;
  }
  const retryAfter = c.limiter().take(method, c.nowMs(), channelKey);
  if (retryAfter !== null) return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });

  try {
    const body = handler!(c.apiCtx, args);
    // auth.test answers for the token: its workspace or org, its bot.
    if (method === 'auth.test' && issued) return reply(200, { ok: true, ...c.platform!.authTest(issued) });
    return reply(200, { ok: true, ...body });
  } catch (err) {
    if (err instanceof ApiError) return reply(200, { ok: false, error: err.code, ...err.extra });
    console.error('emulator: handler crashed', err);
    return reply(200, { ok: false, error: 'internal_error' });
  }
}

async function handleResponseUrl(c: EmulatorHttpContext, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const raw = await readBody(req);
  const used = c.responseUrls.use(id);
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
    const errors = validateBlocks(blocks, 'message', '/blocks', blockChecks(c.apiCtx));
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
      c.ws.data.ephemerals = c.ws.data.ephemerals.filter((e) => !(e.ts === target.messageTs && e.user === target.user));
      c.emit({ kind: 'ephemeral', channel: target.channel, user: target.user });
    } else c.ws.deleteMessage(target.channel, target.messageTs);
    return sendJson(res, 200, { ok: true });
  }
  if (truthy(body.replace_original) && target.messageTs) {
    if (target.messageIsEphemeral) {
      const eph = c.ws.data.ephemerals.find((e) => e.ts === target.messageTs && e.user === target.user);
      if (eph) {
        eph.text = text;
        if (blockList) eph.blocks = blockList;
        else delete eph.blocks;
        c.emit({ kind: 'ephemeral', channel: target.channel, user: target.user });
      }
    } else {
      c.ws.updateMessage(target.channel, target.messageTs, { text, ...(blockList ? { blocks: blockList } : {}) });
    }
    return sendJson(res, 200, { ok: true });
  }
  if (body.response_type === 'in_channel') {
    c.ws.postMessage({ channel: target.channel, bot_id: c.ws.bot.bot_id, user: c.ws.bot.user_id, text, ...(blockList ? { blocks: blockList } : {}) });
  } else {
    c.ws.addEphemeral({ channel: target.channel, user: target.user, text, ...(blockList ? { blocks: blockList } : {}), via: 'response_url' });
  }
  sendJson(res, 200, { ok: true });
}

export async function routeEmulatorRequest(c: EmulatorHttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
  if (api?.[1]) return handleApi(c, req, res, api[1]);
  const resp = /^\/response\/([a-f0-9]+)$/.exec(url.pathname);
  if (resp?.[1] && req.method === 'POST') return handleResponseUrl(c, req, res, resp[1]);
  const upload = /^\/upload\/v1\/([a-f0-9]+)$/.exec(url.pathname);
  if (upload?.[1]) return c.fileUploads.handleUpload(req, res, upload[1]);
  const file = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(url.pathname);
  if (file?.[1] && req.method === 'GET') return serveFile(c.ws, res, file[1], c.tokens.has(tokenOf(req, {}) ?? ''));
  if (url.pathname === '/oauth/v2/authorize' && c.platform && c.platformTeam) return handleAuthorize(c.platform, c.platformTeam, req, res);
  if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
  sendJson(res, 404, { ok: false, error: 'not_found' });
}
