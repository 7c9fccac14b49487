/**
 * What the listeners share: reading a Slack user (users.info), finding or creating the member on first
 * contact, delivering the outbox after a commit, and logging a failure with its context (never notes).
 */
import type { WebClient } from '@slack/web-api';
import { knownMember, type KnownMember, type SlackUserProfile } from '../../services/members.js';
import { apologyMessage } from '../views/commands.js';
import type { RespondFn } from '@slack/bolt';
import { tracked, type SlackDeps } from '../deps.js';

/** users.info as the profile the services need; null when Slack does not know the user. */
export async function slackProfile(client: WebClient, userId: string): Promise<SlackUserProfile | null> {
  const r = await client.users.info({ user: userId });
  const u = r.user;
  if (!u) return null;
  return {
    displayName: (u.profile?.display_name || u.real_name || u.profile?.real_name || u.name || '').slice(0, 80),
    tz: u.tz ?? null,
    isAdmin: Boolean(u.is_admin || u.is_owner),
  };
}

export interface Who {
  teamId: string;
  teamDomain?: string | null;
  userId: string;
}

/** The member for a Slack user, created and greeted on first contact. */
export async function memberFor(deps: SlackDeps, client: WebClient, who: Who): Promise<KnownMember> {
  const known = await knownMember(deps, {
    workspaceId: who.teamId,
    teamDomain: who.teamDomain,
    slackUserId: who.userId,
    lookup: (id) => slackProfile(client, id),
  });
  // The profile arrives after the answer: keep track of it (stop() waits), log a failure to save it.
  if (known.enrichment) {
    void tracked(deps.inflight, known.enrichment.catch((err: unknown) => deps.logger.warn({ teamId: who.teamId, userId: who.userId, err: errorInfo(err) }, 'could not save the Slack profile of a member')));
  }
  return known;
}

/**
 * Delivers what the last commit enqueued: answers to a person only (priority 1), so a listener never
 * waits on a scheduled fan-out (the worker's own loop delivers those). A failure is logged; the
 * scheduler's worker retries later.
 */
export async function deliverNow(deps: SlackDeps): Promise<void> {
  if (!deps.outbox) return;
  try {
    await deps.outbox.drain({ minPriority: 1 });
  } catch (err) {
    deps.logger.warn({ err: errorInfo(err) }, 'outbox delivery after commit failed; the worker will retry');
  }
}

/**
 * How long a listener that answers in its ack (a modal submit: Slack waits 3 s, network included) may
 * work before it answers anyway. A stalled database or Slack call then gets a "try again" in time.
 */
export const ACK_BUDGET_MS = 2_300;

export class AckBudgetExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'AckBudgetExceeded';
  }
}

/**
 * A deadline for the work before an ack: `within(p)` is `p`, or AckBudgetExceeded once the budget
 * (shared by every `within` of this deadline) is spent. Work still running carries on (a transaction
 * may still commit: a check-in is keyed by its view id, so pressing Save again saves it once).
 */
export function ackBudget(ms = ACK_BUDGET_MS): { within<T>(work: Promise<T>): Promise<T> } {
  const end = Date.now() + ms;
  return {
    async within<T>(work: Promise<T>): Promise<T> {
      work.catch(() => {}); // a failure after the deadline has nobody waiting for it
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new AckBudgetExceeded(ms)), Math.max(0, end - Date.now()));
      });
      try {
        return await Promise.race([work, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** An error reduced to what is safe to log: message, Slack error code, stack. Never payloads. */
export function errorInfo(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const data = (err as { data?: { error?: string } }).data;
    return { name: err.name, message: err.message, code: (err as { code?: string }).code, slackError: data?.error, stack: err.stack };
  }
  return { message: String(err) };
}

/** Logs a listener failure with where it happened and who it was for. */
export function logFailure(deps: SlackDeps, where: string, who: Partial<Who>, err: unknown): void {
  deps.logger.error({ where, teamId: who.teamId, userId: who.userId, err: errorInfo(err) }, 'listener failed');
}

/**
 * Tells the user something went wrong: ephemerally through the response_url when there is one (slash
 * commands, message buttons), else by DM (Home buttons). Never throws.
 */
export async function apologize(deps: SlackDeps, client: WebClient, who: Who, respond?: RespondFn): Promise<void> {
  const msg = apologyMessage();
  try {
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, ...msg });
    else await client.chat.postMessage({ channel: who.userId, ...msg });
  } catch (err) {
    deps.logger.warn({ teamId: who.teamId, userId: who.userId, err: errorInfo(err) }, 'could not deliver the apology');
  }
}

/**
 * Posts to a response_url saved earlier (a modal opened from an ephemeral list keeps the list's URL in
 * its private_metadata), replacing that message. Slack keeps a response_url for 30 minutes and 5 uses;
 * a failure is logged, never thrown.
 */
export async function replaceViaResponseUrl(deps: SlackDeps, url: string, message: { text: string; blocks?: unknown[] }): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: true, ...message }),
      signal: AbortSignal.timeout(5_000),
    });
    return res.ok;
  } catch (err) {
    deps.logger.warn({ err: errorInfo(err) }, 'could not update a message through its response_url');
    return false;
  }
}
