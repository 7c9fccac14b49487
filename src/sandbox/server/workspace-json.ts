// The emulated workspace as the page sees it: who may act, which conversations a member sees, and the
// JSON of conversations, views and shared files.

import type { Emulator, StoredView } from '../emulator/index.js';
import { HttpError } from '../http.js';
import type { SandboxContext } from './context.js';

type Conversation = ReturnType<Emulator['conversations']>[number];

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

export const humans = (emulator: Emulator) => emulator.users().filter((u) => !u.is_bot && !u.deleted);

export function actingUser(emulator: Emulator, id: string | undefined) {
  if (!id) throw new HttpError(400, 'as (the member you act as, U…) is required');
  const u = emulator.user(id);
  if (!u || u.is_bot || u.deleted) throw new HttpError(400, `as: no active member ${id}`);
  return u;
}

export const visibleTo = (conv: { is_channel: boolean; is_private: boolean; members: string[]; is_mpim: boolean; is_im: boolean }, user: string) =>
  conv.members.includes(user) || (conv.is_channel && !conv.is_private && !conv.is_im && !conv.is_mpim);

export function conversationFor(emulator: Emulator, id: string | undefined, user: string) {
  if (!id) throw new HttpError(400, 'channel is required');
  const conv = emulator.conversation(id);
  if (!conv || !visibleTo(conv, user)) throw new HttpError(404, `no conversation ${id} for ${user}`);
  return conv;
}

export function userName(ctx: SandboxContext, id: string): string {
  if (id === ctx.emulator.bot.user_id) return ctx.appName;
  return ctx.emulator.user(id)?.real_name ?? id;
}

export function conversationJson(ctx: SandboxContext, c: Conversation, user: string) {
  const { emulator, appName } = ctx;
  const others = c.members.filter((m) => m !== user && m !== emulator.bot.user_id);
  const kind = c.is_im ? 'app' : c.is_mpim ? 'group' : 'channel';
  const name = c.is_im ? appName : c.is_mpim ? others.map((m) => userName(ctx, m)).join(', ') : c.name;
  const lastRead = ctx.team.reads[user]?.[c.id] ?? '0';
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
    members: c.members.filter((m) => m !== emulator.bot.user_id).map((m) => ({ id: m, name: userName(ctx, m) })),
    unread: msgs.length + ephs.length,
    lastTs: last,
  };
}

export const viewOut = (v: StoredView | undefined) =>
  v ? { id: v.id, type: v.type, callbackId: v.callback_id, title: v.title, submit: v.submit, close: v.close, blocks: v.blocks, state: v.state, hash: v.hash } : null;

/** Files shared with a message, for the page (the bytes come from GET /sandbox/api/files/<id>). */
export const sharedFiles = (emulator: Emulator, ids: string[] | undefined) =>
  (ids ?? []).flatMap((id) => emulator.files().filter((f) => f.id === id).map((f) => ({ id: f.id, name: f.name, title: f.title, mimetype: f.mimetype })));

/** A conversation's messages and the member's ephemerals in it, oldest first. */
export function messagesJson(ctx: SandboxContext, conv: Conversation, user: string) {
  const { emulator, appName } = ctx;
  return [
    ...emulator.messages(conv.id).map((m) => ({
      ts: m.ts, user: m.user ?? null, author: m.user ? userName(ctx, m.user) : appName, bot: m.bot_id !== undefined || m.user === emulator.bot.user_id,
      text: m.text, blocks: m.blocks ?? null, ephemeral: false, edited: m.edited !== undefined, threadTs: m.thread_ts ?? null,
      files: sharedFiles(emulator, m.files),
    })),
    ...emulator.ephemerals(user, conv.id).map((e) => ({
      ts: e.ts, user: emulator.bot.user_id, author: appName, bot: true, text: e.text, blocks: e.blocks ?? null, ephemeral: true, edited: false, threadTs: null,
    })),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
}
