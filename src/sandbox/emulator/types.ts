// Plain, JSON-serialisable data of the emulated workspace. Everything here survives
// JSON.stringify / JSON.parse, so the sandbox can persist it to a file.

export interface Team {
  id: string;
  name: string;
  domain: string;
}

export interface User {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  tz_offset: number;
  is_admin: boolean;
  is_bot: boolean;
  deleted: boolean;
}

export interface Conversation {
  id: string;
  name: string;
  is_channel: boolean;
  is_private: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_archived: boolean;
  /** For a DM: the other (human) user. */
  user?: string;
  members: string[];
  created: number;
}

export interface Message {
  ts: string;
  channel: string;
  user?: string;
  bot_id?: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  edited?: { user: string; ts: string };
  /** Files shared with the message (files.completeUploadExternal with a channel). */
  files?: string[];
}

/** A completed upload (files.getUploadURLExternal, the upload, files.completeUploadExternal). */
export interface StoredFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  /** Who uploaded it (the bot). */
  user: string;
  created: number;
  /** Conversations it was shared in; empty: private to the uploader. */
  channels: string[];
  alt_txt?: string;
  content_base64: string;
}

export interface EphemeralMessage {
  ts: string;
  channel: string;
  /** The only user who can see it. */
  user: string;
  text: string;
  blocks?: unknown[];
  /** Where it came from: chat.postEphemeral or a response_url. */
  via: 'chat.postEphemeral' | 'response_url';
}

export interface ViewState {
  values: Record<string, Record<string, Record<string, unknown>>>;
}

export interface StoredView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  user: string;
  callback_id: string;
  private_metadata: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  state: ViewState;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  clear_on_close: boolean;
  notify_on_close: boolean;
  app_id: string;
  bot_id: string;
  app_installed_team_id: string;
  external_id: string;
  /** External selects: the options the app's options endpoint offered, by action id (not part of Slack's view JSON). */
  suggested?: Record<string, Record<string, unknown>[]>;
}

export interface BotIdentity {
  /** The bot user (U…) the token belongs to. */
  user_id: string;
  /** The bot id (B…) used on messages. */
  bot_id: string;
  app_id: string;
  name: string;
}

export interface WorkspaceData {
  version: 1;
  team: Team;
  bot: BotIdentity;
  users: Record<string, User>;
  conversations: Record<string, Conversation>;
  /** Messages per conversation id, in ts order. */
  messages: Record<string, Message[]>;
  ephemerals: EphemeralMessage[];
  views: Record<string, StoredView>;
  /** Open modal stack per user id: view ids, bottom first. */
  modalStacks: Record<string, string[]>;
  /** Published Home view id per user id. */
  homeViews: Record<string, string>;
  /** Completed uploads by file id (absent in snapshots taken before files existed). */
  files?: Record<string, StoredFile>;
  /** Counter used for generated ids. */
  seq: number;
  /** Last message ts issued, in microseconds, to keep ts unique and increasing. */
  lastTsMicros: number;
}

export interface CallRecord {
  method: string;
  args: Record<string, unknown>;
  /** Real time in ms since the epoch (from nowMs). */
  at: number;
  ok: boolean;
  error?: string;
  status: number;
  response: Record<string, unknown>;
  /** A call a silent fault holds unanswered: true while the request is open, false once the client gave up. */
  held?: boolean;
}

export type ChangeEvent =
  | { kind: 'message'; channel: string; ts: string; action: 'posted' | 'updated' | 'deleted' }
  | { kind: 'ephemeral'; channel: string; user: string }
  | { kind: 'view'; user: string; viewId: string; action: 'opened' | 'pushed' | 'updated' | 'closed' | 'published' | 'cleared' }
  | { kind: 'workspace'; what: 'user' | 'conversation' | 'restore' }
  | { kind: 'call'; method: string; ok: boolean };
