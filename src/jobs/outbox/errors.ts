/**
 * How the outbox worker reads a failed Web API call: permanent (never retried), transient (retried
 * with backoff) or rate limited (paused for Retry-After), and whether it may have reached Slack.
 */
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';

/** Slack error codes after which a retry cannot succeed. */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'account_inactive', 'messages_tab_disabled',
  'invalid_blocks', 'invalid_auth', 'token_revoked', 'not_authed', 'cannot_dm_bot', 'user_disabled', 'user_is_bot',
  'no_text', 'msg_too_long', 'invalid_arguments', 'too_many_users', 'not_enough_users', 'users_list_not_supplied',
  'missing_scope', 'restricted_action', 'message_not_found', 'cant_update_message', 'method_not_supported_for_channel_type',
  'team_access_not_granted', 'ekm_access_denied', 'invalid_attachments',
]);
/** Slack error codes worth another try later. */
export const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);
/** Errors that say the recipient user is gone or unreachable. */
export const USER_ERRORS = new Set(['user_not_found', 'messages_tab_disabled', 'cannot_dm_bot', 'user_disabled', 'user_is_bot']);
/** Errors that say the bot cannot post in the channel. */
export const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
/** Errors about the token: the whole workspace is unreachable; nobody in it is at fault. */
export const TOKEN_ERRORS = new Set(['invalid_auth', 'token_revoked', 'not_authed', 'account_inactive', 'team_access_not_granted']);

export interface Classified {
  kind: 'permanent' | 'transient' | 'ratelimited';
  code: string;
  /** The attempt may have reached Slack (ambiguous): check history before the next send. */
  maybeSent: boolean;
  retryAfterMs?: number;
}

export function classifySlackError(err: unknown): Classified {
  if (err instanceof WebAPIRateLimitedError) return { kind: 'ratelimited', code: 'ratelimited', maybeSent: false, retryAfterMs: err.retryAfter * 1000 };
  if (err instanceof WebAPIPlatformError) {
    const code = String(err.data.error);
    if (TRANSIENT_ERRORS.has(code)) return { kind: 'transient', code, maybeSent: code === 'request_timeout' || code === 'fatal_error' };
    // Unknown ok:false codes are treated as permanent: Slack's platform errors describe the request.
    return { kind: 'permanent', code, maybeSent: false };
  }
  if (err instanceof WebAPIHTTPError) {
    if (err.statusCode === 429) return { kind: 'ratelimited', code: 'http_429', maybeSent: false, retryAfterMs: 1000 };
    const permanent = err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 408;
    return { kind: permanent ? 'permanent' : 'transient', code: `http_${err.statusCode}`, maybeSent: !permanent };
  }
  if (err instanceof WebAPIRequestError) {
    const refused = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(String((err.original as NodeJS.ErrnoException)?.code ?? err.original?.message));
    return { kind: 'transient', code: `network: ${err.original?.message ?? err.message}`, maybeSent: !refused };
  }
  return { kind: 'transient', code: `error: ${(err as Error)?.message ?? String(err)}`, maybeSent: true };
}

/** The worker is stopping: the row is put back (if this worker still holds it). */
export class Released extends Error {}
/** Another worker took the row over: leave it alone. */
export class LeaseLost extends Error {}
