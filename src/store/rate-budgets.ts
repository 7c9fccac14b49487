/**
 * Rate budgets shared by replicas: reserving the next slot of a workspace+method budget (GCRA), with
 * chat.postMessage's per-channel spacing booked in the same statement, and pausing a budget after a
 * 429, each one statement under the rows' locks. Times are epoch milliseconds, always the caller's
 * (never the database's clock).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/**
 * Books one call: returns the earliest instant (ms) it may go out. `intervalMs` is the spacing at the
 * budget's rate, `toleranceMs` the burst allowance.
 */
export async function reserveRateSlot(db: Db, workspaceId: string, method: string, b: { nowMs: number; intervalMs: number; toleranceMs: number }): Promise<number> {
  const now = Math.floor(b.nowMs);
  const interval = Math.max(1, Math.round(b.intervalMs));
  const tol = Math.max(0, Math.round(b.toleranceMs));
  const r = await db
    .insertInto('rate_budgets')
    .values({ workspace_id: workspaceId, method, tat_ms: now + interval, last_slot_ms: now, paused_until_ms: 0 })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'method']).doUpdateSet({
        last_slot_ms: sql<number>`greatest(${now}::bigint, rate_budgets.tat_ms - ${tol}::bigint, rate_budgets.paused_until_ms)`,
        tat_ms: sql<number>`greatest(rate_budgets.tat_ms, ${now}::bigint, rate_budgets.paused_until_ms) + ${interval}::bigint`,
      }),
    )
    .returning('last_slot_ms')
    .executeTakeFirstOrThrow();
  return Number(r.last_slot_ms);
}

/** A 429: no slot of the budget before `untilMs`, for every replica. */
export async function pauseRateBudget(db: Db, workspaceId: string, method: string, untilMs: number): Promise<void> {
  const until = Math.ceil(untilMs);
  await db
    .insertInto('rate_budgets')
    .values({ workspace_id: workspaceId, method, tat_ms: until, last_slot_ms: until, paused_until_ms: until })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'method']).doUpdateSet({
        paused_until_ms: sql<number>`greatest(rate_budgets.paused_until_ms, ${until}::bigint)`,
        tat_ms: sql<number>`greatest(rate_budgets.tat_ms, ${until}::bigint)`,
      }),
    )
    .execute();
}

/** When the budget is paused until (ms; 0 when not), as every replica sees it. */
export async function rateBudgetPausedUntil(db: Db, workspaceId: string, method: string): Promise<number> {
  const r = await db.selectFrom('rate_budgets').select('paused_until_ms').where('workspace_id', '=', workspaceId).where('method', '=', method).executeTakeFirst();
  return Number(r?.paused_until_ms ?? 0);
}

/** The key a channel is kept under: a hash, so no member's user id (a DM's channel) is stored. */
export function channelHash(channel: string): string {
  return createHash('sha256').update(channel).digest('base64url').slice(0, 22);
}

/**
 * Books one call of `method` to `channel`: a slot of the workspace+method budget (as
 * {@link reserveRateSlot}) and, in the same statement, the channel's next slot at least
 * `channelIntervalMs` after the last one booked for that channel by any replica. Returns the instant
 * (ms) the call may go out: the later of the two. The budget's row is locked first, then the
 * channel's, in every statement that takes both, so concurrent bookings cannot deadlock.
 */
export async function reserveChannelSlot(
  db: Db,
  workspaceId: string,
  method: string,
  channel: string,
  b: { nowMs: number; intervalMs: number; toleranceMs: number; channelIntervalMs: number },
): Promise<number> {
  const now = Math.floor(b.nowMs);
  const interval = Math.max(1, Math.round(b.intervalMs));
  const tol = Math.max(0, Math.round(b.toleranceMs));
  const spacing = Math.max(0, Math.ceil(b.channelIntervalMs));
  const r = await sql<{ slot_ms: string | number }>`
    with budget as (
      insert into rate_budgets as rb (workspace_id, method, tat_ms, last_slot_ms, paused_until_ms)
      values (${workspaceId}, ${method}, ${now + interval}::bigint, ${now}::bigint, 0)
      on conflict (workspace_id, method) do update set
        last_slot_ms = greatest(${now}::bigint, rb.tat_ms - ${tol}::bigint, rb.paused_until_ms),
        tat_ms = greatest(rb.tat_ms, ${now}::bigint, rb.paused_until_ms) + ${interval}::bigint
      returning last_slot_ms
    )
    insert into channel_slots as cs (workspace_id, channel_hash, slot_ms)
    select ${workspaceId}, ${channelHash(channel)}, budget.last_slot_ms from budget
    on conflict (workspace_id, channel_hash) do update set
      slot_ms = greatest(excluded.slot_ms, cs.slot_ms + ${spacing}::bigint)
    returning slot_ms`.execute(db);
  const row = r.rows[0];
  if (!row) throw new Error('no channel slot booked');
  return Number(row.slot_ms);
}

/**
 * A call booked for `slotMs` on `channel` is leaving late (after its deadline): books the channel
 * again, keeping the workspace's slot it holds. When no later message was booked for the channel since
 * (its mark is still `slotMs`), the mark moves to now and the call may go at once; otherwise the call
 * goes `channelIntervalMs` after the latest booked. Returns the new slot (ms).
 */
export async function rebookChannelSlot(db: Db, workspaceId: string, channel: string, b: { slotMs: number; nowMs: number; channelIntervalMs: number }): Promise<number> {
  const now = Math.floor(b.nowMs);
  const slot = Math.floor(b.slotMs);
  const spacing = Math.max(0, Math.ceil(b.channelIntervalMs));
  const r = await sql<{ slot_ms: string | number }>`
    insert into channel_slots as cs (workspace_id, channel_hash, slot_ms)
    values (${workspaceId}, ${channelHash(channel)}, ${now}::bigint)
    on conflict (workspace_id, channel_hash) do update set
      slot_ms = case when cs.slot_ms <= ${slot}::bigint then greatest(${now}::bigint, cs.slot_ms)
                     else greatest(${now}::bigint, cs.slot_ms + ${spacing}::bigint) end
    returning slot_ms`.execute(db);
  return Number(r.rows[0]?.slot_ms ?? now);
}

/**
 * Housekeeping, for every workspace: forgets channels whose last slot is before `beforeMs` (long past
 * the spacing, so nothing is lost). Keeps the table to the channels of the last minute or so.
 */
export async function pruneChannelSlots(db: Db, beforeMs: number): Promise<number> {
  const r = await db.deleteFrom('channel_slots').where('slot_ms', '<', Math.floor(beforeMs)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
