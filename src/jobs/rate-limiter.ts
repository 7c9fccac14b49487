/**
 * Client-side rate limits for the outbox worker, so it stays under Slack's limits instead of
 * bouncing off them:
 *  - one budget per workspace and method (Slack's tiers: calls per minute), and
 *  - chat.postMessage's "about one message per second per channel".
 * A 429 pauses the workspace+method for its Retry-After.
 *
 * Each budget is a GCRA (a token bucket written as "theoretical arrival time"): a caller reserves
 * the earliest slot synchronously, then sleeps until it. Reservation is synchronous, so many
 * concurrent sends never over-book a budget. Budgets run at `safety` (default 95%) of the allowed
 * rate with a small burst, so that Slack's sliding one-minute window is never exceeded even with
 * network jitter. Time is real time (rate limits are about real seconds, not the scheduler's clock).
 *
 * Shared by replicas (`SharedBudgets`, on PostgreSQL by default): Slack's limits are per workspace, not
 * per process, so each workspace+method budget then lives in the database (store/rate-budgets.ts) and
 * every replica books its slots there, one statement under the row's lock; a 429 seen by one replica
 * pauses the budget for all. Each workspace has its own budgets, so a busy workspace never delays
 * another. The per-channel spacing stays in the process (two replicas rarely hold rows for one
 * channel at once, and Slack's 429 covers the rest). If the database cannot book a slot, the
 * process falls back to its own bucket for that call.
 */
import type { Db } from '../db/index.js';
import { pauseRateBudget, reserveRateSlot } from '../store/rate-budgets.js';

/** Budgets kept where every replica sees them. */
export interface SharedBudgets {
  /** Books one call; resolves to the earliest instant (epoch ms) it may go out. */
  reserve(workspaceId: string, method: string, b: { nowMs: number; intervalMs: number; toleranceMs: number }): Promise<number>;
  pause(workspaceId: string, method: string, untilMs: number): Promise<void>;
}

/** The budgets in the database (table rate_budgets). */
export function databaseBudgets(db: Db): SharedBudgets {
  return {
    reserve: (workspaceId, method, b) => reserveRateSlot(db, workspaceId, method, b),
    pause: (workspaceId, method, untilMs) => pauseRateBudget(db, workspaceId, method, untilMs),
  };
}

export interface OutboxLimits {
  /** Calls per minute per workspace, per method. Defaults from Slack's tiers (FACTS.md). */
  perMinute?: Record<string, number>;
  /** Calls per minute for methods not listed (Tier 3). */
  defaultPerMinute?: number;
  /** chat.postMessage to one channel: minimum spacing in ms (Slack: about 1 per second). Default 1100. */
  perChannelIntervalMs?: number;
  /** Multiply every per-minute budget (the emulator's `scale`, or a paid-tier allowance). Default 1. */
  scale?: number;
  /** Fraction of each budget used (headroom for jitter). Default 0.95. */
  safety?: number;
  /** Burst as a fraction of the per-minute budget (at least 1 call). Default 0.02. */
  burstFraction?: number;
}

/** Slack's documented tiers (calls per minute) for the methods the worker uses. */
export const DEFAULT_PER_MINUTE: Record<string, number> = {
  // Slack documents no number for the workspace-wide chat.postMessage cap; the emulator uses 600.
  'chat.postMessage': 600,
  'chat.update': 50, // Tier 3
  'conversations.open': 50, // Tier 3
  'conversations.history': 50, // Tier 3
  'views.publish': 100, // Tier 4
  'chat.postEphemeral': 100, // Tier 4
};

interface Bucket {
  /** Theoretical arrival time: when the bucket is "empty" again (ms). */
  tat: number;
  intervalMs: number;
  toleranceMs: number;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class SlackRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly channels = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly bookings = new Map<string, Promise<number | undefined>>();
  private readonly o: Required<OutboxLimits>;
  private lastPrune = 0;

  constructor(
    limits: OutboxLimits = {},
    private readonly nowMs: () => number = () => performance.timeOrigin + performance.now(),
    private readonly sleep: Sleep = realSleep,
    private readonly shared?: SharedBudgets,
  ) {
    this.o = {
      perMinute: { ...DEFAULT_PER_MINUTE, ...(limits.perMinute ?? {}) },
      defaultPerMinute: limits.defaultPerMinute ?? 50,
      perChannelIntervalMs: limits.perChannelIntervalMs ?? 1100,
      scale: limits.scale && limits.scale > 0 ? limits.scale : 1,
      safety: limits.safety ?? 0.95,
      burstFraction: limits.burstFraction ?? 0.02,
    };
  }

  /** The allowed calls per minute for a method (after scale, before safety). */
  allowedPerMinute(method: string): number {
    return (this.o.perMinute[method] ?? this.o.defaultPerMinute) * this.o.scale;
  }

  private bucket(workspaceId: string, method: string): Bucket {
    const key = `${workspaceId}\u0000${method}`;
    let b = this.buckets.get(key);
    if (!b) {
      const perMinute = this.allowedPerMinute(method) * this.o.safety;
      const intervalMs = 60_000 / Math.max(perMinute, 1 / 60);
      const burst = Math.max(1, Math.floor(this.allowedPerMinute(method) * this.o.burstFraction));
      b = { tat: 0, intervalMs, toleranceMs: (burst - 1) * intervalMs };
      this.buckets.set(key, b);
    }
    return b;
  }

  /**
   * Waits until one call of `method` (to `channel`, for chat.postMessage) may go out, and books it.
   * `onWait` is told how long the wait will be (the worker extends its lease for long waits).
   */
  async acquire(workspaceId: string, method: string, channel?: string, onWait?: (ms: number) => Promise<void>): Promise<void> {
    let now = this.nowMs();
    const b = this.bucket(workspaceId, method);
    let at: number;
    const booked = this.shared ? await this.book(workspaceId, method, b) : undefined;
    if (booked !== undefined) {
      now = this.nowMs();
      at = booked;
    } else {
      at = Math.max(now, b.tat - b.toleranceMs);
    }
    const chKey = channel !== undefined && method === 'chat.postMessage' ? `${workspaceId}\u0000${channel}` : undefined;
    if (chKey) at = Math.max(at, (this.channels.get(chKey) ?? -Infinity) + this.o.perChannelIntervalMs);
    at = Math.max(at, this.pausedUntil.get(`${workspaceId}\u0000${method}`) ?? 0);
    if (booked === undefined) b.tat = Math.max(b.tat, at) + b.intervalMs;
    if (chKey) this.channels.set(chKey, at);
    this.prune(now);
    let wait = at - now;
    if (wait > 0 && onWait) await onWait(wait);
    while (wait > 0) {
      await this.sleep(wait);
      // A 429 may have paused the method meanwhile.
      wait = (this.pausedUntil.get(`${workspaceId}\u0000${method}`) ?? 0) - this.nowMs();
    }
  }

  /**
   * Books in the shared budget, one booking at a time per workspace+method in this process, so that
   * calls keep the order they asked in (two messages to one channel are sent in the order queued).
   * Undefined when the database could not book (the caller uses its own bucket).
   */
  private book(workspaceId: string, method: string, b: Bucket): Promise<number | undefined> {
    const key = `${workspaceId}\u0000${method}`;
    const prev = this.bookings.get(key) ?? Promise.resolve(undefined);
    const mine = prev.then(() => this.shared!.reserve(workspaceId, method, { nowMs: this.nowMs(), intervalMs: b.intervalMs, toleranceMs: b.toleranceMs })).catch(() => undefined);
    this.bookings.set(key, mine);
    void mine.then(() => {
      if (this.bookings.get(key) === mine) this.bookings.delete(key);
    });
    return mine;
  }

  /** A 429 from Slack: nothing more for this workspace+method until Retry-After has passed. */
  pause(workspaceId: string, method: string, ms: number): void {
    const key = `${workspaceId}\u0000${method}`;
    const until = this.nowMs() + ms;
    this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, until));
    const b = this.bucket(workspaceId, method);
    b.tat = Math.max(b.tat, until);
    // Every replica's next booking waits for it too.
    void this.shared?.pause(workspaceId, method, until).catch(() => undefined);
  }

  /** Drops per-channel marks older than the spacing (a 10,000-DM fan-out touches 10,000 channels). */
  private prune(now: number): void {
    if (now - this.lastPrune < 5_000 || this.channels.size < 1_000) return;
    this.lastPrune = now;
    for (const [k, t] of this.channels) if (t < now - this.o.perChannelIntervalMs) this.channels.delete(k);
  }
}
