/**
 * The worker's loop: `drain` claims due rows a few at a time (answers to a person first) and keeps up
 * to `concurrency` sends in flight; the background loop drains, then sleeps until notified, the next
 * due row or the poll interval.
 */
import { claimDueMessages, nextDueAt } from '../../store/outbox.js';
import type { WorkerContext } from './context.js';
import { deliver } from './deliver.js';

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
}

export interface DrainOptions {
  /**
   * Claim only rows of at least this priority. The listeners pass 1: they deliver the answer they just
   * enqueued without waiting on a scheduled fan-out (the background loop delivers everything).
   */
  minPriority?: number;
}

export async function drain(ctx: WorkerContext, drainOptions: DrainOptions = {}): Promise<DrainResult> {
  const { db, clock, log, concurrency, leaseMs } = ctx;
  const totals: DrainResult = { sent: 0, failed: 0, retried: 0 };
  const inflight = new Set<Promise<void>>();
  let exhausted = false;
  const lowWater = Math.max(1, Math.floor(concurrency / 2));
  for (;;) {
    // Claim only when there is room (never with LIMIT 0: an empty answer would read as "exhausted"
    // while rows remain, and the drain could return with work left once the sends in flight finish).
    if (!ctx.stopping() && !exhausted && inflight.size <= lowWater && inflight.size < concurrency) {
      const rows = await claimDueMessages(db, { now: clock.now(), leaseMs, limit: concurrency - inflight.size, minPriority: drainOptions.minPriority });
      if (rows.length === 0) exhausted = true;
      for (const row of rows) {
        const p: Promise<void> = deliver(ctx, row)
          .then((o) => {
            if (o === 'sent') totals.sent++;
            else if (o === 'failed') totals.failed++;
            else if (o === 'retried') totals.retried++;
          })
          .catch((err: unknown) => {
            // Database trouble while recording: the lease runs out and the row is checked and retried.
            log.error({ err, id: row.id }, 'outbox delivery crashed');
            totals.retried++;
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      if (rows.length > 0) continue;
    }
    if (inflight.size === 0) {
      if (exhausted || ctx.stopping()) break;
      continue;
    }
    await Promise.race(inflight);
    if (exhausted && inflight.size === 0 && !ctx.stopping()) exhausted = false; // one more look for new rows
  }
  return totals;
}

/** Whether the worker is stopping, and who to wake when it does (or when something is enqueued). */
export class RunState {
  stopping = false;
  wake: (() => void) | undefined;
  readonly stopWaiters = new Set<() => void>();

  /** Sleeps, but returns at once when the worker stops. */
  sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      if (this.stopping) return resolve();
      const done = () => {
        clearTimeout(t);
        this.stopWaiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, Math.max(0, ms));
      this.stopWaiters.add(done);
    });

  /** Sleeps until `notify()`, the worker stops, or `ms` passed. */
  idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = undefined;
        this.stopWaiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
      this.stopWaiters.add(done);
    });
  }

  stop(): void {
    this.stopping = true;
    for (const w of [...this.stopWaiters]) w();
  }
}

export async function loop(ctx: WorkerContext, state: RunState): Promise<void> {
  while (!state.stopping) {
    try {
      const r = await drain(ctx);
      if (r.sent + r.failed + r.retried > 0) ctx.log.debug(r, 'outbox drained');
    } catch (err) {
      ctx.log.error({ err }, 'outbox drain failed');
    }
    if (state.stopping) break;
    let waitMs = ctx.pollMs;
    try {
      const next = await nextDueAt(ctx.db);
      if (next) waitMs = Math.max(50, Math.min(ctx.pollMs, next.getTime() - ctx.clock.now().getTime()));
    } catch {
      /* keep the poll interval */
    }
    await state.idle(waitMs);
  }
}
