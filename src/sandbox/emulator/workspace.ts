// The in-memory workspace: team, users, conversations, messages, ephemerals, views.
// Holds only plain data (WorkspaceData) so snapshot()/restore() are a structured clone.

import { randomBytes } from 'node:crypto';
import type {
  BotIdentity, ChangeEvent, Conversation, EphemeralMessage, Message, StoredView, Team, User, WorkspaceData,
} from './types.js';

export interface AddUserInput {
  id?: string;
  name: string;
  real_name?: string;
  tz?: string;
  tz_offset?: number;
  is_admin?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
}

export interface AddChannelInput {
  id?: string;
  name: string;
  members?: string[];
  is_private?: boolean;
  is_archived?: boolean;
  /** Whether the bot is a member (default true). */
  botMember?: boolean;
}

export function emptyWorkspace(team: Team, bot: BotIdentity): WorkspaceData {
  return {
    version: 1,
    team: { ...team },
    bot: { ...bot },
    users: {
      [bot.user_id]: {
        id: bot.user_id, name: bot.name, real_name: bot.name, tz: 'UTC', tz_offset: 0,
        is_admin: false, is_bot: true, deleted: false,
      },
    },
    conversations: {},
    messages: {},
    ephemerals: [],
    views: {},
    modalStacks: {},
    homeViews: {},
    seq: 0,
    lastTsMicros: 0,
  };
}

export class Workspace {
  data: WorkspaceData;

  constructor(
    data: WorkspaceData,
    private readonly clock: () => Date,
    private readonly emit: (e: ChangeEvent) => void,
  ) {
    this.data = data;
  }

  get team(): Team { return this.data.team; }
  /** The (virtual) clock's instant. */
  now(): Date { return this.clock(); }
  get bot(): BotIdentity { return this.data.bot; }

  nextId(prefix: string): string {
    for (;;) {
      this.data.seq += 1;
      const id = `${prefix}0${this.data.seq.toString(36).toUpperCase().padStart(8, '0')}`;
      if (!this.data.users[id] && !this.data.conversations[id] && !this.data.views[id]) return id;
    }
  }

  /** A unique, strictly increasing "seconds.micro" ts from the (virtual) clock. */
  nextTs(): string {
    const micros = Math.max(this.clock().getTime() * 1000, this.data.lastTsMicros + 1);
    this.data.lastTsMicros = micros;
    const secs = Math.floor(micros / 1_000_000);
    return `${secs}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  newHash(): string {
    return `${Math.floor(this.clock().getTime() / 1000)}.${randomBytes(6).toString('base64url')}`;
  }

  // ---- users ----
  addUser(input: AddUserInput): User {
    const id = input.id ?? this.nextId('U');
    const user: User = {
      id,
      name: input.name,
      real_name: input.real_name ?? input.name,
      tz: input.tz ?? 'UTC',
      tz_offset: input.tz_offset ?? 0,
      is_admin: input.is_admin ?? false,
      is_bot: input.is_bot ?? false,
      deleted: input.deleted ?? false,
    };
    this.data.users[id] = user;
    this.emit({ kind: 'workspace', what: 'user' });
    return user;
  }

  user(id: string): User | undefined { return this.data.users[id]; }

  // ---- conversations ----
  addChannel(input: AddChannelInput): Conversation {
    const id = input.id ?? this.nextId(input.is_private ? 'G' : 'C');
    const members = [...new Set(input.members ?? [])];
    if (input.botMember !== false && !members.includes(this.bot.user_id)) members.push(this.bot.user_id);
    const conv: Conversation = {
      id, name: input.name, is_channel: true, is_private: input.is_private ?? false, is_im: false, is_mpim: false,
      is_archived: input.is_archived ?? false, members, created: Math.floor(this.clock().getTime() / 1000),
    };
    this.data.conversations[id] = conv;
    this.data.messages[id] ??= [];
    this.emit({ kind: 'workspace', what: 'conversation' });
    return conv;
  }

  conversation(id: string): Conversation | undefined { return this.data.conversations[id]; }

  /** Index user → DM id; a cache only (validated on use, so restore() needs no rebuild). */
  private readonly dmIndex = new Map<string, string>();

  /** The bot's DM with a user (created on first use). */
  dmChannelFor(userId: string): Conversation {
    const cached = this.dmIndex.get(userId);
    const hit = cached ? this.data.conversations[cached] : undefined;
    if (hit && hit.is_im && hit.user === userId) return hit;
    const existing = Object.values(this.data.conversations).find((c) => c.is_im && c.user === userId);
    if (existing) {
      this.dmIndex.set(userId, existing.id);
      return existing;
    }
    const id = this.nextId('D');
    this.dmIndex.set(userId, id);
    const conv: Conversation = {
      id, name: id, is_channel: false, is_private: true, is_im: true, is_mpim: false, is_archived: false,
      user: userId, members: [userId, this.bot.user_id], created: Math.floor(this.clock().getTime() / 1000),
    };
    this.data.conversations[id] = conv;
    this.data.messages[id] ??= [];
    this.emit({ kind: 'workspace', what: 'conversation' });
    return conv;
  }

  /** The group DM for this set of users plus the bot (same id for the same set). */
  mpimFor(userIds: string[]): Conversation {
    const members = [...new Set([...userIds, this.bot.user_id])].sort();
    const key = members.join(',');
    const existing = Object.values(this.data.conversations).find((c) => c.is_mpim && [...c.members].sort().join(',') === key);
    if (existing) return existing;
    const id = this.nextId('G');
    const names = members.map((m) => this.data.users[m]?.name ?? m);
    const conv: Conversation = {
      id, name: `mpdm-${names.join('--')}-1`, is_channel: false, is_private: true, is_im: false, is_mpim: true,
      is_archived: false, members, created: Math.floor(this.clock().getTime() / 1000),
    };
    this.data.conversations[id] = conv;
    this.data.messages[id] ??= [];
    this.emit({ kind: 'workspace', what: 'conversation' });
    return conv;
  }

  joinChannel(channelId: string, userId: string): void {
    const c = this.data.conversations[channelId];
    if (c && !c.members.includes(userId)) {
      c.members.push(userId);
      this.emit({ kind: 'workspace', what: 'conversation' });
    }
  }

  archiveChannel(channelId: string, archived = true): void {
    const c = this.data.conversations[channelId];
    if (c) {
      c.is_archived = archived;
      this.emit({ kind: 'workspace', what: 'conversation' });
    }
  }

  // ---- messages ----
  messages(channelId: string): Message[] { return this.data.messages[channelId] ?? []; }

  postMessage(msg: Omit<Message, 'ts'>): Message {
    const m: Message = { ...msg, ts: this.nextTs() };
    (this.data.messages[m.channel] ??= []).push(m);
    this.emit({ kind: 'message', channel: m.channel, ts: m.ts, action: 'posted' });
    return m;
  }

  findMessage(channelId: string, ts: string): Message | undefined {
    return this.data.messages[channelId]?.find((m) => m.ts === ts);
  }

  updateMessage(channelId: string, ts: string, patch: Partial<Pick<Message, 'text' | 'blocks'>>): Message | undefined {
    const m = this.findMessage(channelId, ts);
    if (!m) return undefined;
    if (patch.text !== undefined) m.text = patch.text;
    if (patch.blocks !== undefined) m.blocks = patch.blocks;
    m.edited = { user: this.bot.user_id, ts: this.nextTs() };
    this.emit({ kind: 'message', channel: channelId, ts, action: 'updated' });
    return m;
  }

  deleteMessage(channelId: string, ts: string): boolean {
    const list = this.data.messages[channelId];
    const i = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    this.emit({ kind: 'message', channel: channelId, ts, action: 'deleted' });
    return true;
  }

  addEphemeral(e: Omit<EphemeralMessage, 'ts'>): EphemeralMessage {
    const eph: EphemeralMessage = { ...e, ts: this.nextTs() };
    this.data.ephemerals.push(eph);
    this.emit({ kind: 'ephemeral', channel: e.channel, user: e.user });
    return eph;
  }

  ephemerals(user: string, channel?: string): EphemeralMessage[] {
    return this.data.ephemerals.filter((e) => e.user === user && (channel === undefined || e.channel === channel));
  }

  // ---- views ----
  view(id: string): StoredView | undefined { return this.data.views[id]; }

  modalStack(user: string): StoredView[] {
    return (this.data.modalStacks[user] ?? []).map((id) => this.data.views[id]).filter((v): v is StoredView => !!v);
  }

  homeView(user: string): StoredView | undefined {
    const id = this.data.homeViews[user];
    return id ? this.data.views[id] : undefined;
  }

  /** Builds a stored view from a view payload. */
  makeView(user: string, input: Record<string, unknown>, previous: StoredView | undefined, root: string | undefined): StoredView {
    const id = this.nextId('V');
    return {
      id,
      team_id: this.team.id,
      type: input.type === 'home' ? 'home' : 'modal',
      user,
      callback_id: typeof input.callback_id === 'string' ? input.callback_id : '',
      private_metadata: typeof input.private_metadata === 'string' ? input.private_metadata : '',
      title: input.title,
      submit: input.submit,
      close: input.close,
      blocks: Array.isArray(input.blocks) ? (input.blocks as unknown[]) : [],
      state: { values: {} },
      hash: this.newHash(),
      root_view_id: root ?? id,
      previous_view_id: previous?.id ?? null,
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      app_id: this.bot.app_id,
      bot_id: this.bot.bot_id,
      app_installed_team_id: this.team.id,
      external_id: typeof input.external_id === 'string' ? input.external_id : '',
    };
  }

  /** Replaces a stored view's content in place (same id), with a new hash. */
  replaceView(view: StoredView, input: Record<string, unknown>): StoredView {
    view.callback_id = typeof input.callback_id === 'string' ? input.callback_id : '';
    view.private_metadata = typeof input.private_metadata === 'string' ? input.private_metadata : '';
    view.title = input.title;
    view.submit = input.submit;
    view.close = input.close;
    view.blocks = Array.isArray(input.blocks) ? (input.blocks as unknown[]) : [];
    view.clear_on_close = input.clear_on_close === true;
    view.notify_on_close = input.notify_on_close === true;
    view.external_id = typeof input.external_id === 'string' ? input.external_id : view.external_id;
    view.hash = this.newHash();
    // Slack keeps typed input for blocks/elements that still exist; drop the rest.
    const keep: StoredView['state']['values'] = {};
    for (const b of view.blocks) {
      const blockId = (b as { block_id?: unknown }).block_id;
      if (typeof blockId === 'string' && view.state.values[blockId]) keep[blockId] = view.state.values[blockId];
    }
    view.state = { values: keep };
    return view;
  }

  findViewByExternalId(externalId: string): StoredView | undefined {
    return Object.values(this.data.views).find((v) => v.external_id === externalId);
  }

  openModal(user: string, view: StoredView): void {
    for (const old of this.data.modalStacks[user] ?? []) delete this.data.views[old];
    this.data.views[view.id] = view;
    this.data.modalStacks[user] = [view.id];
    this.emit({ kind: 'view', user, viewId: view.id, action: 'opened' });
  }

  pushModal(user: string, view: StoredView): void {
    this.data.views[view.id] = view;
    (this.data.modalStacks[user] ??= []).push(view.id);
    this.emit({ kind: 'view', user, viewId: view.id, action: 'pushed' });
  }

  /** Removes the view (and any above it) from the user's stack. */
  closeModal(user: string, viewId: string): void {
    const stack = this.data.modalStacks[user] ?? [];
    const i = stack.indexOf(viewId);
    if (i < 0) return;
    for (const id of stack.splice(i)) delete this.data.views[id];
    this.emit({ kind: 'view', user, viewId, action: 'closed' });
  }

  clearModals(user: string): void {
    for (const id of this.data.modalStacks[user] ?? []) delete this.data.views[id];
    this.data.modalStacks[user] = [];
    this.emit({ kind: 'view', user, viewId: '', action: 'cleared' });
  }

  publishHome(user: string, input: Record<string, unknown>): StoredView {
    const existing = this.homeView(user);
    if (existing) {
      this.replaceView(existing, input);
      this.emit({ kind: 'view', user, viewId: existing.id, action: 'published' });
      return existing;
    }
    const view = this.makeView(user, input, undefined, undefined);
    this.data.views[view.id] = view;
    this.data.homeViews[user] = view.id;
    this.emit({ kind: 'view', user, viewId: view.id, action: 'published' });
    return view;
  }

  /** The user a stored view is shown to. */
  isViewOpen(view: StoredView): boolean {
    if (view.type === 'home') return this.data.homeViews[view.user] === view.id;
    return (this.data.modalStacks[view.user] ?? []).includes(view.id);
  }
}
