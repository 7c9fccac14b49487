/** The bot scopes Call Buddy asks for, the same list as manifest.yml's `oauth_config.scopes.bot` (a test compares them). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'mpim:write',
  'users:read',
  'channels:read',
  'groups:read',
  'files:write',
  'im:history',
  'mpim:history',
  'channels:history',
  'groups:history',
] as const;
