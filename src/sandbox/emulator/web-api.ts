// Web API method handlers. Each takes parsed args and returns Slack's JSON reply.

import { validateBlocks, validateView, type BlockCheckOptions } from './blockkit.js';
import { fileJson, slackFileCheck, type FileUploads } from './files.js';
import type { TriggerStore } from './interactivity.js';
import type { Conversation, Message, StoredView, User } from './types.js';
import type { Workspace } from './workspace.js';

export type Args = Record<string, unknown>;
export type Reply = Record<string, unknown> & { ok: boolean; error?: string };

export interface ApiContext {
  ws: Workspace;
  triggers: TriggerStore;
  /** Uploads in progress (files.getUploadURLExternal -> upload -> files.completeUploadExternal). */
  files: FileUploads;
  /** The emulator's origin (http://127.0.0.1:PORT), for upload and file URLs. */
  origin: () => string;
}

/** Block Kit checks that need the workspace: a slack_file must be one of its images. */
export function blockChecks(ctx: ApiContext): BlockCheckOptions {
  return { slackFile: slackFileCheck(ctx.ws, ctx.origin()) };
}

/** Thrown inside a handler to answer `{ok:false, error, ...extra}`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export function invalidArguments(messages: string[]): ApiError {
  return new ApiError('invalid_arguments', { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
}

export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** Required argument: missing → the method's documented error. */
export function need(args: Args, key: string, error = 'invalid_arguments'): string {
  const v = str(args, key);
  if (v === undefined) {
    if (error === 'invalid_arguments') throw invalidArguments([`missing required field: ${key}`]);
    throw new ApiError(error);
  }
  return v;
}

/** Parses a JSON-ish argument (form bodies carry JSON strings). */
export function jsonArg(args: Args, key: string, badFormat: string): unknown {
  const v = args[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    if (badFormat === 'invalid_arguments') throw invalidArguments([`invalid JSON in ${key}`]);
    throw new ApiError(badFormat);
  }
}

export function blocksArg(ctx: ApiContext, args: Args, surface: 'message'): unknown[] | undefined {
  const blocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) throw new ApiError('invalid_blocks_format');
  const errors = validateBlocks(blocks, surface, '/blocks', blockChecks(ctx));
  if (errors.length > 0) {
    throw new ApiError('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
  }
  return blocks;
}

function viewArg(ctx: ApiContext, args: Args): Record<string, unknown> {
  const view = jsonArg(args, 'view', 'invalid_arguments');
  if (view === undefined) throw invalidArguments(['missing required field: view']);
  if (typeof view !== 'object' || view === null || Array.isArray(view)) throw invalidArguments(['view must be an object']);
  const errors = validateView(view, blockChecks(ctx));
  if (errors.length > 0) {
    throw new ApiError('invalid_arguments', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
  }
  return view as Record<string, unknown>;
}

function isUserId(id: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(id);
}

/** Resolves a chat.postMessage channel: a conversation id, or a user id → the bot's DM with them. */
export function resolvePostChannel(ws: Workspace, channel: string): Conversation | undefined {
  const conv = ws.conversation(channel);
  if (conv) return conv;
  if (isUserId(channel)) {
    const user = ws.user(channel);
    if (!user || user.deleted || user.is_bot) return undefined;
    return ws.dmChannelFor(user.id);
  }
  const byName = Object.values(ws.data.conversations).find((c) => c.is_channel && (c.name === channel || `#${c.name}` === channel));
  return byName;
}

export function canPost(ws: Workspace, conv: Conversation): void {
  if (conv.is_archived) throw new ApiError('is_archived');
  if (!conv.members.includes(ws.bot.user_id)) throw new ApiError('not_in_channel');
}

export function messageJson(ws: Workspace, m: Message, origin = ''): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message', text: m.text, ts: m.ts, team: ws.team.id };
  if (m.user) out.user = m.user;
  if (m.bot_id) {
    out.bot_id = m.bot_id;
    out.app_id = ws.bot.app_id;
    out.bot_profile = { id: m.bot_id, app_id: ws.bot.app_id, name: ws.bot.name, team_id: ws.team.id, deleted: false };
  }
  if (m.blocks) out.blocks = m.blocks;
  if (m.thread_ts) out.thread_ts = m.thread_ts;
  if (m.edited) out.edited = m.edited;
  if (m.files) {
    out.files = m.files.flatMap((id) => { const f = ws.data.files?.[id]; return f ? [fileJson(ws, origin, f)] : []; });
    out.upload = true;
  }
  return out;
}

export function conversationJson(ws: Workspace, c: Conversation, numMembers = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: c.id,
    created: c.created,
    is_archived: c.is_archived,
    is_im: c.is_im,
    is_mpim: c.is_mpim,
    is_private: c.is_private,
    is_org_shared: false,
    context_team_id: ws.team.id,
  };
  if (c.is_im) {
    out.user = c.user;
    out.is_open = true;
  } else {
    out.name = c.name;
    out.name_normalized = c.name;
    out.is_channel = c.is_channel;
    out.is_group = c.is_private && !c.is_mpim;
    out.is_general = false;
    out.is_member = c.members.includes(ws.bot.user_id);
    out.topic = { value: '', creator: '', last_set: 0 };
    out.purpose = { value: '', creator: '', last_set: 0 };
  }
  if (numMembers) out.num_members = c.members.length;
  return out;
}

export function userJson(ws: Workspace, u: User): Record<string, unknown> {
  return {
    id: u.id,
    team_id: ws.team.id,
    name: u.name,
    deleted: u.deleted,
    real_name: u.real_name,
    tz: u.tz,
    tz_label: u.tz,
    tz_offset: u.tz_offset,
    is_admin: u.is_admin,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.is_bot,
    is_app_user: false,
    updated: 0,
    profile: {
      real_name: u.real_name,
      real_name_normalized: u.real_name,
      display_name: u.name,
      display_name_normalized: u.name,
      team: ws.team.id,
      ...(u.is_bot ? { bot_id: ws.bot.bot_id } : {}),
    },
  };
}

/** A view as Slack returns it (and sends it in payloads). */
export function viewJson(v: StoredView): Record<string, unknown> {
  const { user: _user, suggested: _suggested, ...rest } = v;
  // Slack always sends these keys; absent ones are null.
  return structuredClone({ ...rest, title: v.title ?? null, submit: v.submit ?? null, close: v.close ?? null }) as Record<string, unknown>;
}

function paginate<T>(items: T[], args: Args): { page: T[]; next: string } {
  const limitRaw = str(args, 'limit');
  const limit = limitRaw === undefined ? 0 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 0) throw new ApiError('invalid_limit');
  const cursor = str(args, 'cursor');
  let offset = 0;
  if (cursor) {
    const decoded = Buffer.from(cursor, 'base64').toString('utf8');
    const m = /^offset:(\d+)$/.exec(decoded);
    if (!m) throw new ApiError('invalid_cursor');
    offset = Number(m[1]);
  }
  const size = limit === 0 ? items.length : Math.min(limit, 1000);
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + page.length;
  const next = nextOffset < items.length ? Buffer.from(`offset:${nextOffset}`).toString('base64') : '';
  return { page, next };
}

function consumeTrigger(ctx: ApiContext, args: Args): string {
  const trigger = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  if (!trigger) throw invalidArguments(['missing required field: trigger_id']);
  const check = ctx.triggers.consume(trigger);
  if (!check.ok) throw new ApiError(check.error);
  return check.user;
}

function checkExternalId(ws: Workspace, input: Record<string, unknown>, self?: StoredView): void {
  const ext = input.external_id;
  if (typeof ext === 'string' && ext !== '') {
    const other = ws.findViewByExternalId(ext);
    if (other && other !== self) throw new ApiError('duplicate_external_id');
  }
}

export type Handler = (ctx: ApiContext, args: Args) => Record<string, unknown>;

export const METHODS: Record<string, Handler> = {
  'auth.test': ({ ws }) => ({
    url: `https://${ws.team.domain}.slack.com/`,
    team: ws.team.name,
    user: ws.bot.name,
    team_id: ws.team.id,
    user_id: ws.bot.user_id,
    bot_id: ws.bot.bot_id,
    is_enterprise_install: false,
  }),

  'team.info': ({ ws }, args) => {
    const team = str(args, 'team');
    if (team !== undefined && team !== ws.team.id) throw new ApiError('team_not_found');
    return { team: { id: ws.team.id, name: ws.team.name, domain: ws.team.domain, email_domain: '', icon: { image_default: true } } };
  },

  'chat.postMessage': (ctx, args) => {
    const { ws } = ctx;
    const channel = need(args, 'channel', 'channel_not_found');
    const conv = resolvePostChannel(ws, channel);
    if (!conv) throw new ApiError('channel_not_found');
    canPost(ws, conv);
    const blocks = blocksArg(ctx, args, 'message');
    const text = str(args, 'text');
    const attachments = jsonArg(args, 'attachments', 'invalid_attachments');
    if (text === undefined && (blocks === undefined || blocks.length === 0) && attachments === undefined) throw new ApiError('no_text');
    if (text !== undefined && text.length > 40_000) throw new ApiError('msg_too_long');
    const threadTs = str(args, 'thread_ts');
    const m = ws.postMessage({
      channel: conv.id, bot_id: ws.bot.bot_id, user: ws.bot.user_id, text: text ?? '',
      ...(blocks ? { blocks } : {}), ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { channel: conv.id, ts: m.ts, message: messageJson(ws, m, ctx.origin()) };
  },

  'chat.postEphemeral': (ctx, args) => {
    const { ws } = ctx;
    const channel = need(args, 'channel', 'channel_not_found');
    const userId = need(args, 'user', 'user_not_in_channel');
    const conv = resolvePostChannel(ws, channel);
    if (!conv) throw new ApiError('channel_not_found');
    if (conv.is_archived) throw new ApiError('is_archived');
    if (!conv.members.includes(ws.bot.user_id)) throw new ApiError('not_in_channel');
    if (!conv.members.includes(userId)) throw new ApiError('user_not_in_channel');
    const blocks = blocksArg(ctx, args, 'message');
    const text = str(args, 'text');
    if (text === undefined && (blocks === undefined || blocks.length === 0) && args.attachments === undefined) throw new ApiError('no_text');
    const e = ws.addEphemeral({ channel: conv.id, user: userId, text: text ?? '', ...(blocks ? { blocks } : {}), via: 'chat.postEphemeral' });
    return { message_ts: e.ts };
  },

  'chat.update': (ctx, args) => {
    const { ws } = ctx;
    const channel = need(args, 'channel', 'channel_not_found');
    const ts = need(args, 'ts', 'message_not_found');
    const conv = ws.conversation(channel);
    if (!conv) throw new ApiError('channel_not_found');
    const m = ws.findMessage(conv.id, ts);
    if (!m) throw new ApiError('message_not_found');
    if (m.bot_id !== ws.bot.bot_id) throw new ApiError('cant_update_message');
    if (conv.is_archived) throw new ApiError('is_archived');
    const blocks = blocksArg(ctx, args, 'message');
    const text = str(args, 'text');
    if (text === undefined && blocks === undefined && args.attachments === undefined) throw new ApiError('no_text');
    const updated = ws.updateMessage(conv.id, ts, { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) });
    return { channel: conv.id, ts, text: updated?.text ?? '', message: updated ? messageJson(ws, updated) : {} };
  },

  'chat.delete': ({ ws }, args) => {
    const channel = need(args, 'channel', 'channel_not_found');
    const ts = need(args, 'ts', 'message_not_found');
    const conv = ws.conversation(channel);
    if (!conv) throw new ApiError('channel_not_found');
    const m = ws.findMessage(conv.id, ts);
    if (!m) throw new ApiError('message_not_found');
    if (m.bot_id !== ws.bot.bot_id) throw new ApiError('cant_delete_message');
    ws.deleteMessage(conv.id, ts);
    return { channel: conv.id, ts };
  },

  'chat.getPermalink': ({ ws }, args) => {
    const channel = need(args, 'channel', 'channel_not_found');
    const ts = need(args, 'message_ts', 'message_not_found');
    if (!ws.conversation(channel)) throw new ApiError('channel_not_found');
    if (!ws.findMessage(channel, ts)) throw new ApiError('message_not_found');
    return { channel, permalink: `https://${ws.team.domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
  },

  'conversations.open': ({ ws }, args) => {
    const channel = str(args, 'channel');
    const rawUsers = args.users;
    const users = (Array.isArray(rawUsers) ? rawUsers.map(String) : typeof rawUsers === 'string' ? rawUsers.split(',') : [])
      .map((u) => u.trim())
      .filter((u) => u !== '');
    let conv: Conversation | undefined;
    if (channel !== undefined) {
      if (users.length > 0) throw new ApiError('invalid_arguments');
      conv = ws.conversation(channel);
      if (!conv) throw new ApiError('channel_not_found');
      if (!conv.is_im && !conv.is_mpim) throw new ApiError('method_not_supported_for_channel_type');
    } else {
      if (users.length === 0) throw new ApiError('users_list_not_supplied');
      const humans = [...new Set(users)].filter((u) => u !== ws.bot.user_id);
      for (const id of humans) {
        const u = ws.user(id);
        if (!u) throw new ApiError('user_not_found');
        if (u.deleted) throw new ApiError('user_disabled');
      }
      if (humans.length === 0) throw new ApiError('not_enough_users');
      if (humans.length > 8) throw new ApiError('too_many_users');
      const first = humans[0];
      conv = humans.length === 1 && first !== undefined ? ws.dmChannelFor(first) : ws.mpimFor(humans);
    }
    return { channel: bool(args, 'return_im') ? conversationJson(ws, conv) : { id: conv.id } };
  },

  'conversations.info': ({ ws }, args) => {
    const conv = ws.conversation(need(args, 'channel', 'channel_not_found'));
    if (!conv) throw new ApiError('channel_not_found');
    // As Slack: a bot sees a private channel, group DM or DM only when it is in it.
    if ((conv.is_private || conv.is_im || conv.is_mpim) && !conv.members.includes(ws.bot.user_id)) throw new ApiError('channel_not_found');
    return { channel: conversationJson(ws, conv, bool(args, 'include_num_members')) };
  },

  'conversations.members': ({ ws }, args) => {
    const conv = ws.conversation(need(args, 'channel', 'channel_not_found'));
    if (!conv) throw new ApiError('channel_not_found');
    const { page, next } = paginate(conv.members, args.limit === undefined ? { ...args, limit: '100' } : args);
    return { members: page, response_metadata: { next_cursor: next } };
  },

  'conversations.list': ({ ws }, args) => {
    const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
    const known = new Set(['public_channel', 'private_channel', 'mpim', 'im']);
    if (types.some((t) => !known.has(t))) throw new ApiError('invalid_types');
    const excludeArchived = bool(args, 'exclude_archived');
    const all = Object.values(ws.data.conversations).filter((c) => {
      if (excludeArchived && c.is_archived) return false;
      const isMember = c.members.includes(ws.bot.user_id);
      if (c.is_im) return types.includes('im') && isMember;
      if (c.is_mpim) return types.includes('mpim') && isMember;
      if (c.is_private) return types.includes('private_channel') && isMember;
      return types.includes('public_channel');
    });
    const { page, next } = paginate(all, args.limit === undefined ? { ...args, limit: '100' } : args);
    return { channels: page.map((c) => conversationJson(ws, c)), response_metadata: { next_cursor: next } };
  },

  'conversations.history': ({ ws, origin }, args) => {
    const conv = ws.conversation(need(args, 'channel', 'channel_not_found'));
    if (!conv) throw new ApiError('channel_not_found');
    if (!conv.members.includes(ws.bot.user_id)) throw new ApiError('not_in_channel');
    const newestFirst = [...ws.messages(conv.id)].reverse();
    const { page, next } = paginate(newestFirst, args.limit === undefined ? { ...args, limit: '100' } : args);
    return { messages: page.map((m) => messageJson(ws, m, origin())), has_more: next !== '', response_metadata: { next_cursor: next } };
  },

  'users.info': ({ ws }, args) => {
    const u = ws.user(need(args, 'user', 'user_not_found'));
    if (!u) throw new ApiError('user_not_found');
    return { user: userJson(ws, u) };
  },

  'users.list': ({ ws }, args) => {
    const { page, next } = paginate(Object.values(ws.data.users), args);
    return { members: page.map((u) => userJson(ws, u)), cache_ts: Math.floor(Date.now() / 1000), response_metadata: { next_cursor: next } };
  },

  'views.open': (ctx, args) => {
    const input = viewArg(ctx, args);
    if (input.type !== 'modal') throw invalidArguments(['views.open needs a view of type modal']);
    checkExternalId(ctx.ws, input);
    const user = consumeTrigger(ctx, args);
    const view = ctx.ws.makeView(user, input, undefined, undefined);
    ctx.ws.openModal(user, view);
    return { view: viewJson(view) };
  },

  'views.push': (ctx, args) => {
    const input = viewArg(ctx, args);
    if (input.type !== 'modal') throw invalidArguments(['views.push needs a view of type modal']);
    checkExternalId(ctx.ws, input);
    const user = consumeTrigger(ctx, args);
    const stack = ctx.ws.modalStack(user);
    const top = stack[stack.length - 1];
    if (!top) throw new ApiError('not_found');
    if (stack.length >= 3) throw new ApiError('push_limit_reached');
    const view = ctx.ws.makeView(user, input, top, stack[0]?.id);
    ctx.ws.pushModal(user, view);
    return { view: viewJson(view) };
  },

  'views.update': (ctx, args) => {
    const { ws } = ctx;
    const input = viewArg(ctx, args);
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (viewId === undefined && externalId === undefined) throw invalidArguments(['missing required field: view_id or external_id']);
    const view = viewId !== undefined ? ws.view(viewId) : ws.findViewByExternalId(externalId ?? '');
    if (!view || !ws.isViewOpen(view)) throw new ApiError('not_found');
    if (input.type !== view.type) throw invalidArguments([`view type must stay ${view.type}`]);
    const hash = str(args, 'hash');
    if (hash !== undefined && hash !== view.hash) throw new ApiError('hash_conflict');
    checkExternalId(ws, input, view);
    ws.replaceView(view, input);
    return { view: viewJson(view) };
  },

  'views.publish': (ctx, args) => {
    const { ws } = ctx;
    const userId = need(args, 'user_id');
    const input = viewArg(ctx, args);
    if (input.type !== 'home') throw invalidArguments(['views.publish needs a view of type home']);
    const u = ws.user(userId);
    if (!u || u.is_bot) throw new ApiError('user_not_found');
    const existing = ws.homeView(userId);
    const hash = str(args, 'hash');
    if (hash !== undefined && existing && hash !== existing.hash) throw new ApiError('hash_conflict');
    checkExternalId(ws, input, existing);
    return { view: viewJson(ws.publishHome(userId, input)) };
  },
};

/** Argument names whose form values are JSON strings. */
export const JSON_ARGS = new Set(['blocks', 'view', 'attachments', 'metadata', 'files']);
