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
 * another. chat.postMessage's per-channel spacing is shared too: the channel's next slot is booked in
 * the same statement as the workspace's (table channel_slots), so two replicas never post to one
 * channel within the spacing; channels not posted to for a minute are pruned. If the database cannot
 * book a slot, the process falls back to its own bucket and channel marks for that call.
 */
import type { Db } from '../db/index.js';
import { pauseRateBudget, pruneChannelSlots, rebookChannelSlot, reserveChannelSlot, reserveRateSlot } from '../store/rate-budgets.js';

interface Booking {
  nowMs: number;
  intervalMs: number;
  toleranceMs: number;
}

/** Budgets kept where every replica sees them. */
export interface SharedBudgets {
  /** Books one call; resolves to the earliest instant (epoch ms) it may go out. */
  reserve(workspaceId: string, method: string, b: Booking): Promise<number>;
  /** Books one call to a channel: the budget's slot and the channel's, at least `channelIntervalMs` after its last. */
  reserveChannel(workspaceId: string, method: string, channel: string, b: Booking & { channelIntervalMs: number }): Promise<number>;
  /** A call booked for `slotMs` leaves late: its channel's slot again (the budget's slot is kept). */
  rebookChannel(workspaceId: string, channel: string, b: { slotMs: number; nowMs: number; channelIntervalMs: number }): Promise<number>;
  pause(workspaceId: string, method: string, untilMs: number): Promise<void>;
  /** Forgets channel marks older than `beforeMs`. */
  prune(beforeMs: number): Promise<void>;
}

/** The budgets in the database (tables rate_budgets and channel_slots). */
export function databaseBudgets(db: Db): SharedBudgets {
  return {
    reserve: (workspaceId, method, b) => reserveRateSlot(db, workspaceId, method, b),
    reserveChannel: (workspaceId, method, channel, b) => reserveChannelSlot(db, workspaceId, method, channel, b),
    rebookChannel: (workspaceId, channel, b) => rebookChannelSlot(db, workspaceId, channel, b),
    pause: (workspaceId, method, untilMs) => pauseRateBudget(db, workspaceId, method, untilMs),
    prune: async (beforeMs) => void (await pruneChannelSlots(db, beforeMs)),
  };
}

/** Shared channel marks older than this are pruned (far past the spacing, and any skew between replicas' clocks). */
const CHANNEL_MARK_TTL_MS = 60_000;
/** How often one process prunes the shared channel marks. */
const SHARED_PRUNE_EVERY_MS = 10_000;

export interface OutboxLimits {
  /** Calls per minute per workspace, per method. Defaults from Slack's tiers (FACTS.md). */
  perMinute?: Record<string, number>;
  /** Calls per minute for methods not listed (Tier 3). */
  defaultPerMinute?: number;
  /** chat.postMessage to one channel: minimum spacing in ms (Slack: about 1 per second). Default 1100. */
  perChannelIntervalMs?: number;
  /**
   * How late after its slot a call to a paced channel may still leave (default 50 ms, half the
   * default spacing's 100 ms over Slack's second); later, it books a new slot.
   */
  perChannelLateMs?: number;
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
  private lastSharedPrune = 0;

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
      perChannelLateMs: limits.perChannelLateMs ?? 50,
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
   *
   * Resolves to the call's deadline (epoch ms): a call to a paced channel must leave by then, or the
   * spacing to the channel's next booked message (booked from this one's slot, perhaps by another
   * replica) would shrink below Slack's second. The caller checks {@link onTime} right before the
   * request and calls {@link late} when it is late; a call that woke up late here (a busy process, a
   * 429's pause that held it past its slot) does so by itself. Infinity when no channel is paced.
   */
  async acquire(workspaceId: string, method: string, channel?: string, onWait?: (ms: number) => Promise<void>): Promise<number> {
    const paced = channel !== undefined && method === 'chat.postMessage' && this.o.perChannelIntervalMs > 0 ? channel : undefined;
    const slot = await this.wait(workspaceId, method, channel, paced, onWait);
    if (paced === undefined) return Infinity;
    let deadline = slot + this.o.perChannelLateMs;
    // Late: book the channel again (a few times at most, then go: Slack's 429 covers the rest).
    for (let tries = 0; !this.onTime(deadline) && tries < 3; tries++) deadline = await this.late(workspaceId, channel!, deadline);
    return deadline;
  }

  /**
   * The call with this deadline is leaving late: books its channel again, keeping the workspace slot it
   * holds (no budget is spent twice). Goes at once when nobody booked the channel after it, else a
   * spacing after the latest booked; resolves, after that wait, to the new deadline.
   */
  async late(workspaceId: string, channel: string, deadline: number): Promise<number> {
    const old = deadline - this.o.perChannelLateMs;
    const spacing = this.o.perChannelIntervalMs;
    const chKey = `${workspaceId}\u0000${channel}`;
    let slot: number | undefined;
    if (this.shared) slot = await this.shared.rebookChannel(workspaceId, channel, { slotMs: old, nowMs: this.nowMs(), channelIntervalMs: spacing }).catch(() => undefined);
    const now = this.nowMs();
    const mark = this.channels.get(chKey) ?? -Infinity;
    const local = mark <= old ? Math.max(now, mark) : Math.max(now, mark + spacing);
    slot = Math.max(slot ?? local, local);
    this.channels.set(chKey, slot);
    if (slot > now) await this.sleep(slot - now);
    return slot + this.o.perChannelLateMs;
  }

  /** Whether a call with this deadline (from {@link acquire}) may still go out now. */
  onTime(deadline: number): boolean {
    return this.nowMs() <= deadline;
  }

  /**
   * Books one slot and sleeps until it (and past any pause). Resolves to the slot as booked where
   * every replica sees it (the database's, when it booked), which the channel's next slot follows.
   */
  private async wait(workspaceId: string, method: string, channel: string | undefined, paced: string | undefined, onWait?: (ms: number) => Promise<void>): Promise<number> {
    let now = this.nowMs();
    const b = this.bucket(workspaceId, method);
    let at: number;
    const booked = this.shared ? await this.book(workspaceId, method, b, paced) : undefined;
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
    return booked ?? at;
  }

  /**
   * Books in the shared budget, one booking at a time per workspace+method in this process, so that
   * calls keep the order they asked in (two messages to one channel are sent in the order queued).
   * Undefined when the database could not book (the caller uses its own bucket).
   */
  private book(workspaceId: string, method: string, b: Bucket, channel: string | undefined): Promise<number | undefined> {
    const key = `${workspaceId}\u0000${method}`;
    const prev = this.bookings.get(key) ?? Promise.resolve(undefined);
    const shared = this.shared!;
    const mine = prev
      .then(() => {
        const booking = { nowMs: this.nowMs(), intervalMs: b.intervalMs, toleranceMs: b.toleranceMs };
        if (channel === undefined) return shared.reserve(workspaceId, method, booking);
        this.pruneShared(booking.nowMs);
        return shared.reserveChannel(workspaceId, method, channel, { ...booking, channelIntervalMs: this.o.perChannelIntervalMs });
      })
      .catch(() => undefined);
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

  /** Now and then (every few seconds per process), drops the shared channel marks of the last minute's past. */
  private pruneShared(now: number): void {
    if (!this.shared || now - this.lastSharedPrune < SHARED_PRUNE_EVERY_MS) return;
    this.lastSharedPrune = now;
    void this.shared.prune(now - CHANNEL_MARK_TTL_MS).catch(() => undefined);
  }

  /** Drops per-channel marks older than the spacing (a 10,000-DM fan-out touches 10,000 channels). */
  private prune(now: number): void {
    if (now - this.lastPrune < 5_000 || this.channels.size < 1_000) return;
    this.lastPrune = now;
    for (const [k, t] of this.channels) if (t < now - this.o.perChannelIntervalMs) this.channels.delete(k);
  }
}
