// Requests the emulator sends to the app, as Slack does: signed slash commands, interactivity
// payloads and Events API envelopes.

import { createHmac, randomBytes } from 'node:crypto';
import { elementState } from '../../platform/slack-blockkit.js';
import { validateView } from './blockkit.js';
import type { ResponseUrlStore, TriggerStore } from './interactivity.js';
import type { StoredView } from './types.js';
import { emptyRequiredInputs } from './view-state.js';
import { offeredOptions } from './suggestions.js';
import { messageJson, viewJson } from './web-api.js';
import type { Workspace } from './workspace.js';

export interface SignOptions {
  /** Override x-slack-request-timestamp (unix seconds), e.g. a stale one. */
  timestamp?: number;
  /** Override x-slack-signature, e.g. a forged one. */
  signature?: string;
  /** Send no signature headers at all. */
  unsigned?: boolean;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Where to send it instead of the app's request URL (the options load URL for block_suggestion). */
  url?: string;
}

export interface AppResponse {
  status: number;
  /** Ack body: parsed JSON when it is JSON, else the text ('' when empty). */
  body: unknown;
}

export interface ActingContext {
  ws: Workspace;
  triggers: TriggerStore;
  responseUrls: ResponseUrlStore;
  appUrl: () => string;
  signingSecret: string;
  verificationToken: string;
  /** Origin of the emulator, e.g. http://127.0.0.1:1234 (for response_url). */
  origin: () => string;
  now: () => Date;
  /** How long Slack waits for the app's ack (3 s). */
  ackTimeoutMs?: number;
  /** The app's options load URL (external selects' block_suggestion); default the request URL. */
  optionsUrl?: () => string | undefined;
  /** Socket Mode: when set, requests go over the app's WebSocket instead of a signed POST. */
  socketMode?: () => ((rawBody: string, contentType: string) => Promise<AppResponse>) | undefined;
}

/** Slack's limit for acknowledging a request. */
export const ACK_TIMEOUT_MS = 3000;

export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export async function sendSigned(
  ctx: ActingContext,
  rawBody: string,
  contentType: string,
  sign: SignOptions = {},
): Promise<AppResponse> {
  const overSocket = ctx.socketMode?.();
  if (overSocket) return overSocket(rawBody, contentType);
  // Bolt checks the timestamp against its own wall clock, so sign with real time.
  const ts = sign.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, ...(sign.headers ?? {}) };
  if (!sign.unsigned) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = sign.signature ?? signature(ctx.signingSecret, ts, rawBody);
  }
  // Slack waits 3 seconds for the ack; a later answer is not seen (the user gets "operation_timeout").
  let res: Response;
  try {
    res = await fetch(sign.url ?? ctx.appUrl(), { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(ctx.ackTimeoutMs ?? ACK_TIMEOUT_MS) });
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return { status: 408, body: 'operation_timeout' };
    throw err;
  }
  const text = await res.text();
  let body: unknown = text;
  if (text !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  return { status: res.status, body };
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function userRef(ctx: ActingContext, userId: string): Record<string, unknown> {
  const u = ctx.ws.user(userId);
  if (!u) throw new Error(`emulator: unknown user ${userId}`);
  return { id: u.id, username: u.name, name: u.name, team_id: ctx.ws.team.id };
}

function channelName(ctx: ActingContext, channelId: string): string {
  const c = ctx.ws.conversation(channelId);
  if (!c) throw new Error(`emulator: unknown channel ${channelId}`);
  if (c.is_im) return 'directmessage';
  if (c.is_private && !c.is_mpim) return 'privategroup';
  return c.name;
}

// ---------------------------------------------------------------- slash commands

export interface SlashCommandInput {
  user: string;
  /** Channel id; default the user's DM with the bot. */
  channel?: string;
  text?: string;
  command?: string;
}

export interface SlashCommandResult extends AppResponse {
  triggerId: string;
  responseUrl: string;
  fields: Record<string, string>;
}

/**
 * What Slack does to a command's text when the command escapes it (`should_escape: true`, as ours
 * does): `@name` of a workspace user becomes `<@U…|name>`, `#name` of a channel `<#C…|name>`.
 * Text that is already escaped is left alone.
 */
export function escapeCommandText(ws: Workspace, text: string): string {
  return text.replace(/(^|[^<\w])([@#])([\w.-]+)/g, (whole, before: string, sigil: string, name: string) => {
    const wanted = name.toLowerCase();
    if (sigil === '@') {
      const u = Object.values(ws.data.users).find((x) => !x.deleted && x.name.toLowerCase() === wanted);
      return u ? `${before}<@${u.id}|${u.name}>` : whole;
    }
    const c = Object.values(ws.data.conversations).find((x) => x.is_channel && x.name.toLowerCase() === wanted);
    return c ? `${before}<#${c.id}|${c.name}>` : whole;
  });
}

export async function slashCommand(ctx: ActingContext, input: SlashCommandInput, sign?: SignOptions): Promise<SlashCommandResult> {
  const user = ctx.ws.user(input.user);
  if (!user) throw new Error(`emulator: unknown user ${input.user}`);
  const channel = input.channel ?? ctx.ws.dmChannelFor(user.id).id;
  const triggerId = ctx.triggers.issue(user.id);
  const responseUrl = `${ctx.origin()}/response/${ctx.responseUrls.issue({ user: user.id, channel })}`;
  const fields: Record<string, string> = {
    token: ctx.verificationToken,
    team_id: ctx.ws.team.id,
    team_domain: ctx.ws.team.domain,
    channel_id: channel,
    channel_name: channelName(ctx, channel),
    user_id: user.id,
    user_name: user.name,
    command: input.command ?? '/calls',
    text: escapeCommandText(ctx.ws, input.text ?? ''),
    api_app_id: ctx.ws.bot.app_id,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  };
  const res = await sendSigned(ctx, form(fields), 'application/x-www-form-urlencoded', sign);
  return { ...res, triggerId, responseUrl, fields };
}

// ---------------------------------------------------------------- block actions

export interface BlockActionInput {
  user: string;
  /** The channel of the message (for message actions). */
  channel?: string;
  /** ts of the message (or ephemeral) holding the element. */
  message?: string;
  /** id of the view holding the element (modal or Home). */
  view?: string;
  actionId: string;
  blockId?: string;
  /** For buttons: defaults to the button's own value. */
  value?: string;
  /** For selects / radio / overflow: the option value (or the option object). */
  selectedOption?: string | { value: string };
  selectedOptions?: string[];
  selectedUser?: string;
  selectedDate?: string;
}

export interface BlockActionResult extends AppResponse {
  triggerId: string;
  responseUrl?: string;
  payload: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Finds an interactive element by action_id (and block_id) in a blocks array. */
export function findElement(blocks: unknown[], actionId: string, blockId?: string): { block: Obj; element: Obj; blockId: string } | undefined {
  for (const [i, b] of blocks.entries()) {
    if (!isObj(b)) continue;
    const bid = typeof b.block_id === 'string' ? b.block_id : `auto_${i}`;
    if (blockId !== undefined && bid !== blockId) continue;
    const candidates: unknown[] = [];
    if (Array.isArray(b.elements)) candidates.push(...b.elements);
    if (b.accessory !== undefined) candidates.push(b.accessory);
    if (b.element !== undefined) candidates.push(b.element);
    for (const el of candidates) {
      if (isObj(el) && el.action_id === actionId) return { block: b, element: el, blockId: bid };
    }
  }
  return undefined;
}

function allOptions(el: Obj): Obj[] {
  const out: Obj[] = [];
  if (Array.isArray(el.options)) out.push(...el.options.filter(isObj));
  if (Array.isArray(el.option_groups)) {
    for (const g of el.option_groups) if (isObj(g) && Array.isArray(g.options)) out.push(...g.options.filter(isObj));
  }
  return out;
}

function pickOption(el: Obj, wanted: string | { value: string }, offered: Obj[] = []): Obj {
  const value = typeof wanted === 'string' ? wanted : wanted.value;
  const found = [...allOptions(el), ...offered].find((o) => o.value === value);
  if (found) return found;
  if (el.type === 'external_select' || el.type === 'multi_external_select') {
    // The client can only pick what the options endpoint offered; a test may hand the option itself.
    if (typeof wanted !== 'string') return wanted as Obj;
    throw new Error(`emulator: ${String(el.action_id)} was never offered an option with value ${value} (ask blockSuggestion first)`);
  }
  throw new Error(`emulator: element ${String(el.action_id)} has no option with value ${value}`);
}

/** The state value Slack reports for an element, given what the user chose. */
function stateValue(el: Obj, input: Omit<BlockActionInput, 'user' | 'actionId'>, offered: Obj[] = []): Obj {
  const type = String(el.type);
  const field = elementState(type).state;
  switch (field) {
    case 'selected_option':
      return { type, [field]: input.selectedOption !== undefined ? pickOption(el, input.selectedOption, offered) : null };
    case 'selected_options':
      return { type, [field]: (input.selectedOptions ?? []).map((v) => pickOption(el, v, offered)) };
    case 'selected_user':
      return { type, [field]: input.selectedUser ?? null };
    case 'selected_users':
      return { type, [field]: input.selectedUser ? [input.selectedUser] : [] };
    case 'selected_date':
      return { type, [field]: input.selectedDate ?? null };
    default: // value, selected_conversation, selected_channel, selected_time
      return { type, [field]: input.value ?? null };
  }
}

export async function blockAction(ctx: ActingContext, input: BlockActionInput, sign?: SignOptions): Promise<BlockActionResult> {
  const ws = ctx.ws;
  const user = userRef(ctx, input.user);
  const triggerId = ctx.triggers.issue(input.user);
  const actionTs = ws.nextTs();
  const payload: Obj = {
    type: 'block_actions',
    user,
    api_app_id: ws.bot.app_id,
    token: ctx.verificationToken,
    container: {},
    trigger_id: triggerId,
    team: { id: ws.team.id, domain: ws.team.domain },
    enterprise: null,
    is_enterprise_install: false,
  };
  let blocks: unknown[];
  let view: StoredView | undefined;
  let responseUrl: string | undefined;
  if (input.view !== undefined) {
    view = ws.view(input.view);
    if (!view || !ws.isViewOpen(view) || view.user !== input.user) throw new Error(`emulator: view ${input.view} is not open for ${input.user}`);
    blocks = view.blocks;
  } else {
    if (input.channel === undefined || input.message === undefined) throw new Error('emulator: blockAction needs view, or channel and message');
    const conv = ws.conversation(input.channel);
    if (!conv) throw new Error(`emulator: unknown channel ${input.channel}`);
    const msg = ws.findMessage(conv.id, input.message);
    const eph = msg ? undefined : ws.ephemerals(input.user, conv.id).find((e) => e.ts === input.message);
    if (!msg && !eph) throw new Error(`emulator: no message ${input.message} in ${conv.id} visible to ${input.user}`);
    blocks = (msg ? msg.blocks : eph?.blocks) ?? [];
    payload.container = { type: 'message', message_ts: input.message, channel_id: conv.id, is_ephemeral: !msg };
    payload.channel = { id: conv.id, name: channelName(ctx, conv.id) };
    if (msg) payload.message = messageJson(ws, msg);
    payload.state = { values: {} };
    responseUrl = `${ctx.origin()}/response/${ctx.responseUrls.issue({ user: input.user, channel: conv.id, messageTs: input.message, messageIsEphemeral: !msg })}`;
    payload.response_url = responseUrl;
  }
  const found = findElement(blocks, input.actionId, input.blockId);
  if (!found) throw new Error(`emulator: no element with action_id ${input.actionId}${input.blockId ? ` in block ${input.blockId}` : ''}`);
  const { element, blockId } = found;
  const action: Obj = { action_id: input.actionId, block_id: blockId, type: element.type, action_ts: actionTs };
  if (element.type === 'button') {
    action.text = element.text;
    const value = input.value ?? (typeof element.value === 'string' ? element.value : undefined);
    if (value !== undefined) action.value = value;
    if (element.style !== undefined) action.style = element.style;
  } else {
    const sv = stateValue(element, input, view ? offeredOptions(view, input.actionId, element) : []);
    const { type: _t, ...rest } = sv;
    Object.assign(action, rest);
    if (element.placeholder !== undefined) action.placeholder = element.placeholder;
    if (view) ((view.state.values[blockId] ??= {})[input.actionId] = sv);
  }
  if (view) {
    payload.container = { type: 'view', view_id: view.id };
    payload.view = viewJson(view);
  }
  payload.actions = [action];
  const res = await sendSigned(ctx, form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', sign);
  return { ...res, triggerId, ...(responseUrl ? { responseUrl } : {}), payload };
}

// ---------------------------------------------------------------- view submission / close

export type SubmitValues = Record<string, Record<string, Record<string, unknown>>>;

export interface SubmitViewInput {
  user: string;
  viewId: string;
  /** state.values to submit: { [blockId]: { [actionId]: { type, value | selected_option | ... } } } */
  values?: SubmitValues;
}

export interface SubmitViewResult extends AppResponse {
  /**
   * What happened to the modal stack after the ack; 'required': a required input was empty, so (as
   * Slack's client does) nothing was sent to the app (`status` 0) and the modal stays open.
   */
  outcome: 'closed' | 'errors' | 'updated' | 'pushed' | 'cleared' | 'failed' | 'required';
  /** Inline errors when the app answered response_action: errors, or the empty required inputs. */
  errors?: Record<string, string>;
  /** Problems with the ack itself (Slack would show a generic error and keep the modal). */
  problems?: string[];
  payload: Record<string, unknown>;
}

export async function submitView(ctx: ActingContext, input: SubmitViewInput, sign?: SignOptions): Promise<SubmitViewResult> {
  const ws = ctx.ws;
  const view = ws.view(input.viewId);
  if (!view || view.type !== 'modal' || !ws.isViewOpen(view) || view.user !== input.user) {
    throw new Error(`emulator: modal ${input.viewId} is not open for ${input.user}`);
  }
  for (const [blockId, actions] of Object.entries(input.values ?? {})) {
    const block = (view.state.values[blockId] ??= {});
    for (const [actionId, value] of Object.entries(actions)) block[actionId] = value;
  }
  // Slack's client refuses to submit while a required input is empty: the app never hears of it.
  const required = emptyRequiredInputs(view);
  if (Object.keys(required).length > 0) return { status: 0, body: '', outcome: 'required', errors: required, payload: {} };
  const triggerId = ctx.triggers.issue(input.user);
  const payload: Obj = {
    type: 'view_submission',
    team: { id: ws.team.id, domain: ws.team.domain },
    user: userRef(ctx, input.user),
    api_app_id: ws.bot.app_id,
    token: ctx.verificationToken,
    trigger_id: triggerId,
    view: viewJson(view),
    response_urls: [],
    enterprise: null,
    is_enterprise_install: false,
  };
  const res = await sendSigned(ctx, form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', sign);
  const base = { ...res, payload };
  if (res.status !== 200) return { ...base, outcome: 'failed', problems: [res.status === 408 ? 'operation_timeout: no ack within 3 seconds' : `app answered HTTP ${res.status}`] };
  const ack = isObj(res.body) ? res.body : {};
  const action = ack.response_action;
  if (res.body !== '' && !isObj(res.body)) return { ...base, outcome: 'failed', problems: ['ack body is not JSON'] };
  if (action === undefined) {
    ws.closeModal(input.user, view.id);
    return { ...base, outcome: 'closed' };
  }
  if (action === 'errors') {
    const errors = isObj(ack.errors) ? (ack.errors as Record<string, string>) : {};
    const inputIds = new Set(view.blocks.filter((b): b is Obj => isObj(b) && b.type === 'input').map((b) => String(b.block_id)));
    const problems = Object.keys(errors).filter((k) => !inputIds.has(k)).map((k) => `errors key "${k}" is not the block_id of an input block`);
    if (Object.keys(errors).length === 0) problems.push('response_action errors without errors');
    return { ...base, outcome: problems.length ? 'failed' : 'errors', errors, ...(problems.length ? { problems } : {}) };
  }
  if (action === 'clear') {
    ws.clearModals(input.user);
    return { ...base, outcome: 'cleared' };
  }
  if (action === 'update' || action === 'push') {
    const problems = validateView(ack.view);
    if (problems.length === 0 && isObj(ack.view) && ack.view.type !== 'modal') problems.push('view type must be modal');
    if (problems.length > 0 || !isObj(ack.view)) return { ...base, outcome: 'failed', problems };
    if (action === 'update') {
      ws.replaceView(view, ack.view);
      return { ...base, outcome: 'updated' };
    }
    const stack = ws.modalStack(input.user);
    if (stack.length >= 3) return { ...base, outcome: 'failed', problems: ['push_limit_reached'] };
    ws.pushModal(input.user, ws.makeView(input.user, ack.view, stack[stack.length - 1], stack[0]?.id));
    return { ...base, outcome: 'pushed' };
  }
  return { ...base, outcome: 'failed', problems: [`unknown response_action ${String(action)}`] };
}

export interface CloseViewResult {
  /** True when a view_closed request was sent (notify_on_close). */
  sent: boolean;
  response?: AppResponse;
}

export async function closeView(ctx: ActingContext, input: { user: string; viewId: string }, sign?: SignOptions): Promise<CloseViewResult> {
  const ws = ctx.ws;
  const view = ws.view(input.viewId);
  if (!view || view.type !== 'modal' || !ws.isViewOpen(view) || view.user !== input.user) {
    throw new Error(`emulator: modal ${input.viewId} is not open for ${input.user}`);
  }
  const snapshot = viewJson(view);
  const cleared = view.clear_on_close;
  if (cleared) ws.clearModals(input.user);
  else ws.closeModal(input.user, view.id);
  if (!view.notify_on_close) return { sent: false };
  const payload = {
    type: 'view_closed',
    team: { id: ws.team.id, domain: ws.team.domain },
    user: userRef(ctx, input.user),
    api_app_id: ws.bot.app_id,
    token: ctx.verificationToken,
    view: snapshot,
    is_cleared: cleared,
    enterprise: null,
    is_enterprise_install: false,
  };
  const response = await sendSigned(ctx, form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', sign);
  return { sent: true, response };
}

// ---------------------------------------------------------------- events

export interface EventOptions extends SignOptions {
  /** Reuse an event_id (for retries); default a fresh one. */
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
}

export interface EventResult extends AppResponse {
  eventId: string;
  envelope: Record<string, unknown>;
}

export async function sendEvent(ctx: ActingContext, event: { type: string } & Obj, opts: EventOptions = {}): Promise<EventResult> {
  const ws = ctx.ws;
  const eventId = opts.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
  const eventTs = typeof event.event_ts === 'string' ? event.event_ts : ws.nextTs();
  const envelope = {
    token: ctx.verificationToken,
    team_id: ws.team.id,
    context_team_id: ws.team.id,
    context_enterprise_id: null,
    api_app_id: ws.bot.app_id,
    event: { ...event, event_ts: eventTs },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(ctx.now().getTime() / 1000),
    authorizations: [{ enterprise_id: null, team_id: ws.team.id, user_id: ws.bot.user_id, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
  }
  const res = await sendSigned(ctx, JSON.stringify(envelope), 'application/json', { ...opts, headers });
  return { ...res, eventId, envelope };
}

export async function appHomeOpened(ctx: ActingContext, user: string, opts: EventOptions & { tab?: 'home' | 'messages' } = {}): Promise<EventResult> {
  const ws = ctx.ws;
  if (!ws.user(user)) throw new Error(`emulator: unknown user ${user}`);
  const home = ws.homeView(user);
  const event: { type: string } & Obj = { type: 'app_home_opened', user, channel: ws.dmChannelFor(user).id, tab: opts.tab ?? 'home' };
  if (home && (opts.tab ?? 'home') === 'home') event.view = viewJson(home);
  return sendEvent(ctx, event, opts);
}
