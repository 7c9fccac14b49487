/**
 * The lease on an outbox row being delivered: renewed every leaseMs/3 on a timer, one renewal at a
 * time, conditionally on the `locked_until` this worker holds. A renewal that finds a different lease
 * (another worker took the row) marks it lost, and the sender stops before its next Web API call.
 */
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/index.js';
import type { Logger } from '../../logger.js';
import { extendLease, type ClaimedOutboxRow } from '../../store/outbox.js';

export interface Lease {
  /** The `locked_until` this worker set last (the claim's, then each renewal's). */
  held(): Date;
  /** Another worker took the row (a renewal found a different lease or the row no longer pending). */
  lost(): boolean;
  /** Renews to `untilMs` unless the held lease already lasts that long; resolves once done. */
  renew(untilMs: number): Promise<void>;
  /** Resolves when no renewal is in flight (so `lost()` is up to date). */
  settled(): Promise<void>;
  /** Stops the timer and waits for a renewal in flight; `held()` is then final. */
  halt(): Promise<void>;
}

export interface LeaseContext {
  db: Db;
  clock: Clock;
  log: Logger;
  leaseMs: number;
}

export function keepLease(ctx: LeaseContext, row: ClaimedOutboxRow): Lease {
  const { db, clock, log, leaseMs } = ctx;
  let held = new Date(row.locked_until ?? clock.now().getTime() + leaseMs);
  let lost = false;
  let halted = false;
  let busy = false;
  let chain: Promise<void> = Promise.resolve();
  const renew = (untilMs: number): Promise<void> => {
    busy = true;
    const next = chain.then(async () => {
      if (lost || halted) return;
      // Held far enough already (a long rate-limit wait extended it): still check the row is ours, so a
      // takeover is noticed before the next Web API call rather than once the held time runs out.
      const until = untilMs <= held.getTime() ? held : new Date(untilMs);
      try {
        if (await extendLease(db, row.id, held, until)) held = until;
        else lost = true;
      } catch (err) {
        // Database trouble: keep the held value and try again at the next tick.
        log.warn({ err, id: row.id }, 'could not renew the lease of a message being sent');
      }
    });
    chain = next;
    void next.finally(() => {
      if (chain === next) busy = false;
    });
    return next;
  };
  const timer = setInterval(() => {
    if (!busy) void renew(clock.now().getTime() + leaseMs);
  }, Math.max(1, Math.floor(leaseMs / 3)));
  timer.unref?.();
  return {
    held: () => held,
    lost: () => lost,
    renew,
    settled: () => chain,
    async halt() {
      halted = true;
      clearInterval(timer);
      await chain;
    },
  };
}
