/** Delivers one claimed row: under its lease, a crash-recovery look first, then the send, then the result. */
import { markMessageSent, type ClaimedOutboxRow } from '../../store/outbox.js';
import { runAfterSent, type Outcome, type WorkerContext } from './context.js';
import { settleFailure } from './failure.js';
import { keepLease, type Lease } from './lease.js';
import { recoverDelivered, uncertainSince } from './recovery.js';
import { rowCalls, sendRow } from './send.js';

export async function deliver(ctx: WorkerContext, row: ClaimedOutboxRow): Promise<Outcome> {
  const lease = keepLease(ctx, row);
  try {
    return await attempt(ctx, row, lease);
  } finally {
    await lease.halt();
  }
}

async function attempt(ctx: WorkerContext, row: ClaimedOutboxRow, lease: Lease): Promise<Outcome> {
  const { db, clock } = ctx;
  const calls = rowCalls(ctx, row, lease);
  try {
    // A previous attempt may have reached Slack: look before sending again.
    const since = uncertainSince(row, ctx.leaseMs);
    if (since !== null && (await recoverDelivered(ctx, calls, lease, row, since))) return 'sent';
    const result = await sendRow(calls, row);
    await lease.halt();
    await markMessageSent(db, row.id, clock.now(), result);
    await runAfterSent(ctx, row, String(result.channel ?? ''));
    return 'sent';
  } catch (err) {
    // From here on every write is conditional on the lease this worker holds (final once halted).
    await lease.halt();
    return settleFailure(ctx, row, lease, err);
  }
}
