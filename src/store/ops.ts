/**
 * Reads for the operator's metrics. The one deliberate exception to "every query filters by its
 * workspace": it returns counts only (no ids, no text), across the deployment, for /metrics.
 */
import type { Db } from '../db/index.js';
import type { OutboxStatus } from '../db/types.js';

/** Outbox rows by status, every workspace together. */
export async function countOutboxByStatus(db: Db): Promise<Partial<Record<OutboxStatus, number>>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
