// Sliding-window rate limits, as Slack applies them: per method tier per workspace, plus
// chat.postMessage's special limit (about 1 per second per channel, and a workspace-wide cap).

export type Tier = 1 | 2 | 3 | 4 | 'special';

/** Calls per minute for each tier (Slack's documented minimums: "Tier 3: 50+ per minute"). */
export const TIER_PER_MINUTE: Record<Tier, number> = { 1: 1, 2: 20, 3: 50, 4: 100, special: 600 };

/** Tier of each emulated method (slack-api-ref / FACTS.md); "special" methods have their own rules. */
export const METHOD_TIERS: Record<string, Tier> = {
  'auth.test': 'special',
  'chat.postMessage': 'special',
  'chat.update': 3,
  'chat.delete': 3,
  'chat.postEphemeral': 4,
  'chat.getPermalink': 'special',
  'conversations.open': 3,
  'conversations.info': 3,
  'conversations.members': 4,
  'conversations.list': 2,
  'conversations.history': 3,
  'users.info': 4,
  'users.list': 2,
  'users.lookupByEmail': 3,
  'team.info': 3,
  'views.open': 4,
  'views.push': 4,
  'views.update': 4,
  'views.publish': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
  'files.info': 4,
};

export interface RateLimitOptions {
  /** Turn limits on. Default false (when the `rateLimits` option is given at all, default true). */
  enabled?: boolean;
  /** Multiply every allowance (10 = ten times as many calls per window). Default 1. */
  scale?: number;
  /** Override calls per minute per tier. */
  tiers?: Partial<Record<Tier, number>>;
  /** chat.postMessage per channel per second. Default 1. */
  postMessagePerChannelPerSecond?: number;
  /** chat.postMessage workspace-wide per minute. Default 600 (Slack's number is unconfirmed). */
  postMessagePerMinute?: number;
}

class Window {
  private readonly hits: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.head < this.hits.length && (this.hits[this.head] ?? 0) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.hits.length) {
      this.hits.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Milliseconds until a slot frees up, or 0 when a call is allowed now. */
  waitMs(now: number): number {
    this.prune(now);
    const count = this.hits.length - this.head;
    if (count < this.limit) return 0;
    const oldest = this.hits[this.head + (count - this.limit)] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  record(now: number): void {
    this.hits.push(now);
  }
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  readonly enabled: boolean;
  private readonly scale: number;
  private readonly tiers: Record<Tier, number>;
  private readonly perChannelPerSecond: number;
  private readonly postMessagePerMinute: number;

  constructor(options: RateLimitOptions | boolean | undefined) {
    const o: RateLimitOptions = typeof options === 'object' ? options : {};
    this.enabled = typeof options === 'boolean' ? options : options === undefined ? false : (o.enabled ?? true);
    this.scale = o.scale && o.scale > 0 ? o.scale : 1;
    this.tiers = { ...TIER_PER_MINUTE, ...(o.tiers ?? {}) };
    this.perChannelPerSecond = o.postMessagePerChannelPerSecond ?? 1;
    this.postMessagePerMinute = o.postMessagePerMinute ?? 600;
  }

  private window(key: string, perWindow: number, windowMs: number): Window {
    let w = this.windows.get(key);
    if (!w) {
      w = new Window(Math.max(1, Math.floor(perWindow * this.scale)), windowMs);
      this.windows.set(key, w);
    }
    return w;
  }

  /**
   * Checks and records one call. Returns null when allowed, else the Retry-After in whole seconds (>= 1).
   * `channel` is the resolved channel for chat.postMessage.
   */
  take(method: string, now: number, channel?: string): number | null {
    if (!this.enabled) return null;
    const windows: Window[] = [];
    if (method === 'chat.postMessage') {
      windows.push(this.window('chat.postMessage', this.postMessagePerMinute, 60_000));
      if (channel) windows.push(this.window(`chat.postMessage:${channel}`, this.perChannelPerSecond, 1_000));
    } else {
      const tier = METHOD_TIERS[method] ?? 3;
      windows.push(this.window(method, this.tiers[tier], 60_000));
    }
    const wait = Math.max(0, ...windows.map((w) => w.waitMs(now)));
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    for (const w of windows) w.record(now);
    return null;
  }

  reset(): void {
    this.windows.clear();
  }
}
