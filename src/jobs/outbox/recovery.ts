/**
 * Crash recovery: a row whose lease expired while it was being sent (its worker died), or whose last
 * attempt may have reached Slack (timeout, network error, 5xx), is looked up in the channel's recent
 * history before it is sent again; if the bot's message is there, the row is marked sent instead.
 */
import { markMessageSent, type ClaimedOutboxRow } from '../../store/outbox.js';
import { runAfterSent, type WorkerContext } from './context.js';
import { LeaseLost, Released } from './errors.js';
import type { Lease } from './lease.js';
import type { RowCalls } from './send.js';

/** Since when (ms) a previous attempt may have reached Slack, or null when none may have. */
export function uncertainSince(row: ClaimedOutboxRow, leaseMs: number): number | null {
  if (row.method === 'chat.update' || row.method === 'views.publish') return null;
  const prevLock = row.prev_locked_until ? new Date(row.prev_locked_until).getTime() : null;
  const maybeSince = row.result && typeof row.result.maybe_sent_since === 'string' ? Date.parse(row.result.maybe_sent_since) : null;
  return prevLock !== null ? prevLock - leaseMs : maybeSince;
}

/**
 * Looks for the bot's message in the channel (posted since `sinceMs`, less five minutes, with the same
 * text); if it is there, the row is marked sent (`recovered`) and the kind's `afterSent` hook runs.
 * Any other failure here (the lookup, or recording it) is logged and answers false: the message is sent
 * again (a rare duplicate rather than a lost message); stopping or a lost lease is rethrown.
 */
export async function recoverDelivered(ctx: WorkerContext, calls: RowCalls, lease: Lease, row: ClaimedOutboxRow, sinceMs: number): Promise<boolean> {
  try {
    const channel = await calls.openChannel();
    const hist = await calls.call('conversations.history', { channel, limit: 100 });
    const since = sinceMs / 1000 - 300;
    const found = ((hist.messages as Record<string, unknown>[] | undefined) ?? []).find(
      (m) => (m.bot_id !== undefined || m.app_id !== undefined) && Number(m.ts) >= since && m.text === row.payload.text,
    );
    if (!found) return false;
    await lease.halt();
    await markMessageSent(ctx.db, row.id, ctx.clock.now(), { ts: found.ts, channel, recovered: true });
    ctx.log.info({ id: row.id, key: row.dedupe_key }, 'message was already delivered before a crash; marked sent');
    await runAfterSent(ctx, row, channel);
    return true;
  } catch (err) {
    if (err instanceof Released || err instanceof LeaseLost) throw err;
    ctx.log.warn({ id: row.id, key: row.dedupe_key, err: (err as Error).message }, 'could not check whether an interrupted message was delivered; sending it again');
    return false;
  }
}
