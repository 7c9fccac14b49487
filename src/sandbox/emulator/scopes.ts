// Per-method OAuth scope checks, as Slack makes them: a bot token that lacks the scope a method needs
// is answered `{ ok: false, error: 'missing_scope', needed, provided }`. Methods that act on a
// conversation need the scope of that conversation's type (conversations.history on a channel needs
// channels:history, on a DM im:history). The table is Slack's method reference (bot scopes), written
// out here: the emulator reads nothing outside the repository at run time (a test compares it with the
// reference when it is at hand).

import type { Conversation } from './types.js';
import type { Args } from './web-api.js';
import type { Workspace } from './workspace.js';

export type ConversationKind = 'channel' | 'group' | 'im' | 'mpim';

/** One scope, one per conversation type, or none (`null`: any valid token may call it). */
export type ScopeRule = string | Readonly<Record<ConversationKind, string>> | null;

const byType = (verb: 'read' | 'history' | 'write'): Readonly<Record<ConversationKind, string>> => ({
  channel: `channels:${verb}`, group: `groups:${verb}`, im: `im:${verb}`, mpim: `mpim:${verb}`,
});

/** The bot scope each emulated method needs. */
export const METHOD_SCOPES: Readonly<Record<string, ScopeRule>> = {
  'auth.test': null,
  'team.info': 'team:read',
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.getPermalink': null,
  // A public channel is opened with channels:manage; a private one, a DM or a group DM with its write scope.
  'conversations.open': { ...byType('write'), channel: 'channels:manage' },
  'conversations.info': byType('read'),
  'conversations.members': byType('read'),
  'conversations.list': byType('read'),
  'conversations.history': byType('history'),
  'users.info': 'users:read',
  'users.list': 'users:read',
  'views.open': null,
  'views.push': null,
  'views.update': null,
  'views.publish': null,
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'files.info': 'files:read',
  // The app-level token's method (its own connections:write scope is not checked), and the two the app
  // calls with its client credentials.
  'apps.connections.open': null,
  'apps.uninstall': null,
  'oauth.v2.access': null,
};

/** Every scope some emulated method needs (a token with all of them passes every check). */
export function allScopes(): string[] {
  return [...new Set(Object.values(METHOD_SCOPES).flatMap((r) => (r === null ? [] : typeof r === 'string' ? [r] : Object.values(r))))].sort();
}

export function conversationKind(c: Pick<Conversation, 'is_im' | 'is_mpim' | 'is_private'>): ConversationKind {
  return c.is_im ? 'im' : c.is_mpim ? 'mpim' : c.is_private ? 'group' : 'channel';
}

const LIST_TYPES: Record<string, ConversationKind> = { public_channel: 'channel', private_channel: 'group', im: 'im', mpim: 'mpim' };

/** The conversation types a call acts on; empty when they cannot be told (the method then answers its own error). */
function kindsOf(ws: Workspace, method: string, args: Args): ConversationKind[] {
  const channel = typeof args.channel === 'string' && args.channel !== '' ? args.channel : undefined;
  if (method === 'conversations.list') {
    const types = typeof args.types === 'string' && args.types !== '' ? args.types : 'public_channel';
    return types.split(',').map((t) => LIST_TYPES[t.trim()]).filter((k): k is ConversationKind => k !== undefined);
  }
  if (channel !== undefined) {
    const conv = ws.conversation(channel);
    return conv ? [conversationKind(conv)] : [];
  }
  if (method === 'conversations.open') {
    const raw = args.users;
    const users = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : []).map((u) => u.trim()).filter((u) => u !== '' && u !== ws.bot.user_id);
    const n = new Set(users).size;
    return n === 0 ? [] : [n === 1 ? 'im' : 'mpim'];
  }
  return [];
}

/** The scope the call needs and the token lacks, or null when it may go ahead. */
export function missingScope(ws: Workspace, method: string, args: Args, granted: readonly string[]): string | null {
  const rule = METHOD_SCOPES[method];
  if (rule === undefined || rule === null) return null;
  const have = new Set(granted);
  if (typeof rule === 'string') return have.has(rule) ? null : rule;
  for (const kind of kindsOf(ws, method, args)) if (!have.has(rule[kind])) return rule[kind];
  return null;
}
