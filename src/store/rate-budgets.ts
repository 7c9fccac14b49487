/**
 * Rate budgets shared by replicas: reserving the next slot of a workspace+method budget (GCRA) and
 * pausing it after a 429, each one statement under the row's lock. Times are epoch milliseconds.
 */
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
