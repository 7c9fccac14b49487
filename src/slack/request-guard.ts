/**
 * The gate in front of Bolt's HTTP receiver for `POST /slack/events`. Bolt checks the signature and
 * refuses stale timestamps, but a signed body of `null` (or `payload=null`) crashes it, signed junk
 * (a payload without `user`, `team` or `view`) reaches the listeners and comes back as a 500, and a
 * timestamp from the future is accepted. So before Bolt sees a request, this:
 *
 * - refuses a timestamp more than 5 minutes from now, in either direction, and a bad signature: 401;
 * - parses the body as Slack sends it and refuses anything that is not the shape of a slash command,
 *   an interaction or an Events API callback (with the team and user the listeners rely on): 400;
 * - in single-token mode, refuses a request from another workspace than the token's: 403 (logged
 *   once per workspace: this token must never act there);
 *
 * and hands the buffered body on to Bolt. A refusal is logged once, with its reason and never the
 * body. Timestamps are compared with wall time (`nowMs`), as Slack signs them: the app's Clock may be
 * a sandbox's moved clock.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../logger.js';

export const MAX_TIMESTAMP_SKEW_S = 5 * 60;
const BODY_LIMIT = 1024 * 1024;

export interface RequestGuardOptions {
  signingSecret: string;
  logger: Logger;
  /**
   * Single-token mode: the workspace (and Enterprise Grid org) of the bot token, from auth.test; requests
   * from others are refused. Unset in OAuth mode, where Bolt's authorize refuses a workspace without an installation.
   */
  ownTeam?: () => Promise<{ teamId: string; enterpriseId?: string | null }>;
  /** Wall-clock milliseconds (default Date.now). */
  nowMs?: () => number;
  /** The path Bolt serves Slack on (default /slack/events). */
  path?: string;
}

type Obj = Record<string, unknown>;

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';

function bad(reason: string): never {
  throw new Refused(400, reason);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        reject(new Refused(413, 'body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** 401 unless the request is signed with the signing secret and stamped within 5 minutes of now. */
export function verifySignature(req: IncomingMessage, raw: Buffer, secret: string, nowMs: number): void {
  const ts = header(req, 'x-slack-request-timestamp');
  const sig = header(req, 'x-slack-signature');
  if (!ts || !/^\d{1,12}$/.test(ts) || !sig) throw new Refused(401, 'missing or malformed signature headers');
  if (Math.abs(nowMs / 1000 - Number(ts)) > MAX_TIMESTAMP_SKEW_S) throw new Refused(401, 'timestamp more than 5 minutes from now');
  const expected = Buffer.from(`v0=${crypto.createHmac('sha256', secret).update(`v0:${ts}:`).update(raw).digest('hex')}`);
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new Refused(401, 'bad signature');
}

/** The parsed body and the workspace it comes from; 400 for anything Slack would not send. */
export function inspectBody(contentType: string, raw: Buffer): { team: string | null; enterprise: string | null } {
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = parseQuery(text);
    if (form.payload !== undefined) return inspectInteraction(parseJson(form.payload));
    return inspectCommand(form);
  }
  if (contentType.startsWith('application/json')) return inspectEvent(parseJson(text));
  bad('unsupported content type');
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') bad('payload is not a string');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    bad('body is not JSON');
  }
}

function inspectCommand(form: Record<string, string | string[] | undefined>) {
  for (const k of ['command', 'team_id', 'user_id', 'channel_id', 'trigger_id'] as const) {
    if (!isStr(form[k])) bad(`slash command without ${k}`);
  }
  const enterprise = form.enterprise_id;
  return { team: form.team_id as string, enterprise: isStr(enterprise) ? enterprise : null };
}

const INTERACTIONS = new Set(['block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion']);

function inspectInteraction(p: unknown) {
  if (!isObj(p)) bad('payload is not an object');
  if (!isStr(p.type) || !INTERACTIONS.has(p.type)) bad('unknown interaction type');
  const user = p.user;
  if (!isObj(user) || !isStr(user.id)) bad('interaction without user');
  const team = isObj(p.team) && isStr(p.team.id) ? p.team.id : isStr(user.team_id) ? user.team_id : null;
  if (!team) bad('interaction without team');
  if (p.type === 'view_submission' || p.type === 'view_closed') {
    const view = p.view;
    if (!isObj(view) || !isStr(view.id) || typeof view.callback_id !== 'string') bad('view interaction without view');
    if (p.type === 'view_submission' && (!isObj(view.state) || !isObj(view.state.values))) bad('view submission without state');
  }
  if (p.type === 'block_actions') {
    if (!Array.isArray(p.actions) || p.actions.length === 0 || !p.actions.every((a) => isObj(a) && isStr(a.action_id))) bad('block actions without actions');
    if (p.view !== undefined && p.view !== null && (!isObj(p.view) || !isStr(p.view.id))) bad('block actions with a malformed view');
    if (p.container !== undefined && !isObj(p.container)) bad('block actions with a malformed container');
  }
  if ((p.type === 'shortcut' || p.type === 'message_action') && !isStr(p.callback_id)) bad('shortcut without callback_id');
  // Where Slack sends these, they are objects with an id (Bolt routes by them).
  if (p.channel !== undefined && (!isObj(p.channel) || !isStr(p.channel.id))) bad('interaction with a malformed channel');
  if (p.message !== undefined && !isObj(p.message)) bad('interaction with a malformed message');
  if (p.enterprise !== undefined && p.enterprise !== null && !isObj(p.enterprise)) bad('interaction with a malformed enterprise');
  const enterprise = isObj(p.enterprise) && isStr(p.enterprise.id) ? p.enterprise.id : null;
  return { team, enterprise };
}

function inspectEvent(b: unknown) {
  if (!isObj(b)) bad('body is not an object');
  if (b.type === 'url_verification') {
    if (!isStr(b.challenge)) bad('url_verification without challenge');
    return { team: null, enterprise: null };
  }
  if (b.type === 'app_rate_limited') {
    if (!isStr(b.team_id)) bad('app_rate_limited without team_id');
    return { team: b.team_id, enterprise: null };
  }
  if (b.type !== 'event_callback') bad('unknown Events API type');
  if (!isStr(b.team_id)) bad('event without team_id');
  if (!isObj(b.event) || !isStr(b.event.type)) bad('event callback without event');
  if (b.event_id !== undefined && !isStr(b.event_id)) bad('malformed event_id');
  const { user, channel } = b.event;
  if (user !== undefined && !isStr(user) && !(isObj(user) && isStr(user.id))) bad('event with a malformed user');
  if (channel !== undefined && !isStr(channel) && !(isObj(channel) && isStr(channel.id))) bad('event with a malformed channel');
  return { team: b.team_id, enterprise: isStr(b.enterprise_id) ? b.enterprise_id : null };
}

/**
 * Wraps Bolt's request listener: requests to `path` pass the gate first (their body buffered as
 * `rawBody`, which Bolt reuses); other paths (health routes) go straight through.
 */
export function guardRequests(
  options: RequestGuardOptions,
  next: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  const path = options.path ?? '/slack/events';
  const nowMs = options.nowMs ?? Date.now;
  const log = options.logger.child({ component: 'request-guard' });
  const foreignLogged = new Set<string>();

  const refuse = (res: ServerResponse, status: number, reason: string, logged = true) => {
    if (logged) log.warn({ status, reason }, 'refused a request to /slack/events');
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(status === 400 ? 'Bad request\n' : status === 401 ? 'Unauthorized\n' : status === 403 ? 'Forbidden\n' : status === 413 ? 'Too large\n' : 'Unavailable\n');
  };

  const check = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
    // Slack's ssl_check is unsigned; Bolt answers it (and drops anything smuggled beside it).
    if (contentType.startsWith('application/x-www-form-urlencoded') && parseQuery(raw.toString('utf8')).ssl_check === '1') {
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      return next(req, res);
    }
    verifySignature(req, raw, options.signingSecret, nowMs());
    const from = inspectBody(contentType, raw);
    if (from.team !== null && options.ownTeam) {
      let own: Awaited<ReturnType<NonNullable<RequestGuardOptions['ownTeam']>>>;
      try {
        own = await options.ownTeam();
      } catch {
        throw new Refused(503, 'could not learn the workspace of the bot token (auth.test)');
      }
      const sameOrg = own.enterpriseId && from.enterprise === own.enterpriseId;
      if (from.team !== own.teamId && !sameOrg) {
        const first = !foreignLogged.has(from.team);
        foreignLogged.add(from.team);
        if (first) log.warn({ team: from.team }, 'refusing requests from another workspace: this app serves one workspace with one bot token (logged once per workspace)');
        return refuse(res, 403, 'another workspace', false);
      }
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    next(req, res);
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path || req.method !== 'POST') return next(req, res);
    check(req, res).catch((err: unknown) => {
      if (err instanceof Refused) refuse(res, err.status, err.reason);
      else {
        log.error({ err: { message: (err as Error)?.message } }, 'request guard failed');
        refuse(res, 400, 'unreadable request', false);
      }
    });
  };
}

/** The workspace a parsed request (as Bolt hands it to middleware) comes from, when it says. */
export function teamOfBody(body: unknown): { team: string | null; enterprise: string | null } {
  if (!isObj(body)) return { team: null, enterprise: null };
  const team = isStr(body.team_id) ? body.team_id : isObj(body.team) && isStr(body.team.id) ? body.team.id : isObj(body.user) && isStr(body.user.team_id) ? body.user.team_id : null;
  const enterprise = isStr(body.enterprise_id) ? body.enterprise_id : isObj(body.enterprise) && isStr(body.enterprise.id) ? body.enterprise.id : null;
  return { team, enterprise };
}
