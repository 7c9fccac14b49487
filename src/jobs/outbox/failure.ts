/**
 * What happens to a row whose send failed: put back (stopping), left alone (lease lost), marked failed
 * (permanent, or given up by count or age) with the unreachable member or circle deactivated, or
 * rescheduled with capped exponential backoff and jitter. Every write is conditional on the held lease.
 */
import { markMessageFailed, rescheduleMessage, type ClaimedOutboxRow } from '../../store/outbox.js';
import { deactivateUnreachableMember } from '../../store/members.js';
import { deactivateUnreachableCircle } from '../../store/circles.js';
import { isUserId, type Outcome, type WorkerContext } from './context.js';
import { CHANNEL_ERRORS, LeaseLost, Released, TOKEN_ERRORS, USER_ERRORS, classifySlackError } from './errors.js';
import type { Lease } from './lease.js';

/** Records a failed attempt; the lease must be halted (its `held()` final). */
export async function settleFailure(ctx: WorkerContext, row: ClaimedOutboxRow, lease: Lease, err: unknown): Promise<Outcome> {
  const { db, clock, log } = ctx;
  const lostRow = (): Outcome => {
    log.info({ id: row.id, key: row.dedupe_key }, 'another worker took this message over; leaving it to them');
    return 'released';
  };
  if (err instanceof LeaseLost) return lostRow();
  if (err instanceof Released) {
    await rescheduleMessage(db, row.id, lease.held(), { notBefore: clock.now(), error: 'released: worker stopped', refundAttempt: true });
    return 'released';
  }
  const c = classifySlackError(err);
  if (c.kind === 'permanent') {
    if (!(await markMessageFailed(db, row.id, lease.held(), c.code))) return lostRow();
    await deactivateConcerned(ctx, row, c.code);
    log.warn({ id: row.id, key: row.dedupe_key, error: c.code }, 'message failed permanently');
    return 'failed';
  }
  // Bounded by count and by time: a row that keeps failing (429 after 429, or transient errors) is
  // marked failed after maxAttempts claims, or once it is stale, whichever comes first.
  const giveUp = giveUpReason(ctx, row);
  if (giveUp) {
    const reason = c.kind === 'ratelimited' ? `${giveUp}: rate limited by Slack (${c.code}) on every try` : `${giveUp}: ${c.code}`;
    if (!(await markMessageFailed(db, row.id, lease.held(), reason))) return lostRow();
    log.warn({ id: row.id, key: row.dedupe_key, error: c.code, reason }, 'message failed after repeated errors');
    return 'failed';
  }
  if (c.kind === 'ratelimited') {
    // Still limited after max429PerSend tries in a row: put it back for later (the attempt counts).
    const notBefore = new Date(clock.now().getTime() + (c.retryAfterMs ?? 1000));
    if (!(await rescheduleMessage(db, row.id, lease.held(), { notBefore, error: c.code }))) return lostRow();
    ctx.metrics?.countRetry(row.method.split('+').at(-1) ?? row.method);
    return 'retried';
  }
  const exp = Math.min(ctx.backoffMaxMs, ctx.backoffBaseMs * 2 ** Math.max(0, row.attempts - 1));
  const delay = Math.round(exp / 2 + ctx.random() * (exp / 2));
  const now = clock.now();
  const put = await rescheduleMessage(db, row.id, lease.held(), {
    notBefore: new Date(now.getTime() + delay),
    error: c.code,
    maybeSentSince: c.maybeSent ? new Date(now.getTime() - 60_000) : null,
  });
  if (!put) return lostRow();
  ctx.metrics?.countRetry(row.method.split('+').at(-1) ?? row.method);
  log.info({ id: row.id, key: row.dedupe_key, error: c.code, delayMs: delay, attempt: row.attempts }, 'transient error; will retry');
  return 'retried';
}

function giveUpReason(ctx: WorkerContext, row: ClaimedOutboxRow): string | null {
  if (row.attempts >= ctx.maxAttempts) return `gave up after ${row.attempts} attempts`;
  const stale = ctx.clock.now().getTime() - new Date(row.created_at).getTime() > ctx.staleAfterMs(row.kind);
  return stale ? `stale: not delivered within ${Math.round(ctx.staleAfterMs(row.kind) / 3_600_000)} h of being queued` : null;
}

/** A permanent error: the member (a DM that cannot reach its user) or the circle (a channel the bot cannot post in) stops. */
async function deactivateConcerned(ctx: WorkerContext, row: ClaimedOutboxRow, code: string): Promise<void> {
  const { db, log } = ctx;
  if (TOKEN_ERRORS.has(code)) {
    log.error({ workspace: row.workspace_id, error: code }, 'the bot token for this workspace no longer works');
    return;
  }
  const toUser = row.method !== 'conversations.open+chat.postMessage' && isUserId(row.channel_key);
  if (toUser && row.member_id !== null && (USER_ERRORS.has(code) || CHANNEL_ERRORS.has(code))) {
    await deactivateUnreachableMember(db, row.workspace_id, row.member_id);
    log.warn({ member: row.member_id, error: code }, 'member deactivated: Slack cannot reach them');
  } else if (!toUser && row.circle_id !== null && CHANNEL_ERRORS.has(code) && row.method !== 'conversations.open+chat.postMessage') {
    await deactivateUnreachableCircle(db, row.workspace_id, row.circle_id);
    log.warn({ circle: row.circle_id, error: code }, 'circle deactivated: the bot cannot post in its channel');
  }
}
