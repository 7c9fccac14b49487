/**
 * Weekly soundboard pairing for a circle: pairs, plus one trio when the count is odd.
 *
 * What matters, most important first:
 *  1. Nobody paused or opted out is ever included.
 *  2. No repeat while an unmet partner is available; when a repeat is unavoidable, an old meeting
 *     is preferred to a recent one.
 *  3. Nobody is in a trio twice before everyone has been in one.
 *  4. Different lanes are preferred.
 *  5. UTC offsets within three hours of each other are preferred (clock distance, so +12 and -12
 *     are close).
 *
 * How: the eligible members get a stable order from the seed hashed with each member id. That
 * order defines a round-robin schedule (the circle / polygon method: n-1 rounds for even n; for odd
 * n, n rounds with one person sitting out, who joins a pair as the trio). Every historical meeting
 * maps in O(1) to the one round that contains it, so the cost of each round is known after one pass
 * over the history; the cheapest rounds are then scored in full (lanes, offsets, trio fairness)
 * and the best one is taken. With unchanged membership this walks the circle method exactly, so
 * nobody repeats until everyone has met everyone. When membership changed, the chosen round may
 * contain repeats; a local search then swaps members between groups while that lowers the cost.
 * Everything is deterministic for a seed: there is no Math.random and no clock.
 *
 * History weeks on or after `week` (when given) are ignored; without `week`, history is aged by
 * its order of weeks.
 */
import { compareWeeks, isWeekKey, weekDistance, type WeekKey } from './weeks.js';

export interface PairingMember {
  id: string;
  /** The member's team or field, free text; compared case-insensitively. */
  lane?: string | null;
  /** Current UTC offset of the member's zone, in minutes. */
  utcOffsetMinutes: number;
  paused?: boolean;
  optedOut?: boolean;
}

export interface PairingHistoryWeek {
  week: WeekKey;
  groups: string[][];
}

export interface PairCircleInput {
  members: readonly PairingMember[];
  history: readonly PairingHistoryWeek[];
  seed: string;
  /** The week being paired; history from this week on is ignored and ages count back from it. */
  week?: WeekKey;
}

export interface Pairing {
  groups: string[][];
}

/** Cost weights. A repeat outweighs trio fairness, which outweighs lanes, which outweigh offsets. */
export const PAIRING_COSTS = {
  /** Each earlier meeting of two people. */
  repeat: 1000,
  /** Extra for a recent meeting: `recentRepeat / ageInWeeks`. */
  recentRepeat: 1000,
  /**
   * Per trio member, per trio seat more than the fewest any eligible member has had. Weighted above
   * a single repeat (not above several): with an odd count the trio adds pairs, so some repeats come
   * anyway, and without this weight trios would not rotate fairly.
   */
  trioUnfair: 2500,
  /** Two people in the same lane. */
  sameLane: 20,
  /** Per started hour of clock difference beyond three hours. */
  offsetHour: 1,
} as const;

const OFFSET_FREE_MINUTES = 180;
const CANDIDATE_ROUNDS = 8;
const MAX_SCAN_GROUPS = 400;
const MAX_SWAP_EVALUATIONS = 3_000_000;
const MAX_PASSES = 6;

// ---------------------------------------------------------------------------------------------
// Seeded hashing and PRNG (exported for the simulation and tests)

/** 32-bit string hash (FNV-1a with a murmur3 finaliser). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: string): () => number {
  let a = hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle driven by a seeded PRNG (returns a new array). */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Members who may be paired this week: not paused, not opted out, first occurrence of each id. */
export function eligibleMembers(members: readonly PairingMember[]): PairingMember[] {
  const seen = new Set<string>();
  const out: PairingMember[] = [];
  for (const m of members) {
    if (m.paused || m.optedOut || seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
  }
  return out;
}

function clockDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

/** Everything the cost function needs, indexed by position in the seeded order. */
class Context {
  readonly n: number;
  readonly ids: string[];
  readonly lanes: (string | null)[];
  readonly offsets: number[];
  /** Sum of repeat weights per pair key (i * n + j, i < j). */
  readonly met = new Map<number, number>();
  readonly trioCount: Int32Array;
  minTrio = 0;

  constructor(ordered: PairingMember[]) {
    this.n = ordered.length;
    this.ids = ordered.map((m) => m.id);
    this.lanes = ordered.map((m) => {
      const lane = typeof m.lane === 'string' ? m.lane.trim().toLowerCase() : '';
      return lane === '' ? null : lane;
    });
    this.offsets = ordered.map((m) => (Number.isFinite(m.utcOffsetMinutes) ? m.utcOffsetMinutes : 0));
    this.trioCount = new Int32Array(this.n);
  }

  key(a: number, b: number): number {
    return a < b ? a * this.n + b : b * this.n + a;
  }

  repeatCost(a: number, b: number): number {
    return this.met.get(this.key(a, b)) ?? 0;
  }

  pairCost(a: number, b: number): number {
    let cost = this.repeatCost(a, b);
    const la = this.lanes[a];
    if (la !== null && la === this.lanes[b]) cost += PAIRING_COSTS.sameLane;
    const d = clockDistance(this.offsets[a] as number, this.offsets[b] as number);
    if (d > OFFSET_FREE_MINUTES) cost += PAIRING_COSTS.offsetHour * Math.ceil((d - OFFSET_FREE_MINUTES) / 60);
    return cost;
  }

  trioUnfairness(m: number): number {
    return (this.trioCount[m] as number) - this.minTrio;
  }

  groupCost(g: readonly number[]): number {
    const [a, b, c] = g as [number, number, number | undefined];
    if (c === undefined) return this.pairCost(a, b);
    return (
      this.pairCost(a, b) +
      this.pairCost(a, c) +
      this.pairCost(b, c) +
      PAIRING_COSTS.trioUnfair * (this.trioUnfairness(a) + this.trioUnfairness(b) + this.trioUnfairness(c))
    );
  }

  /** Needs repair: contains a repeat or an unfair trio seat. */
  isBad(g: readonly number[]): boolean {
    const [a, b, c] = g as [number, number, number | undefined];
    if (this.repeatCost(a, b) > 0) return true;
    if (c === undefined) return false;
    return (
      this.repeatCost(a, c) > 0 ||
      this.repeatCost(b, c) > 0 ||
      this.trioUnfairness(a) + this.trioUnfairness(b) + this.trioUnfairness(c) > 0
    );
  }
}

function orderMembers(members: PairingMember[], seed: string): PairingMember[] {
  return members
    .map((m) => ({ m, h: hashString(`${seed}\u0000${m.id}`) }))
    .sort((x, y) => x.h - y.h || (x.m.id < y.m.id ? -1 : x.m.id > y.m.id ? 1 : 0))
    .map((x) => x.m);
}

/** Ages (in weeks, at least 1) of the usable history weeks. */
function historyAges(history: readonly PairingHistoryWeek[], week: WeekKey | undefined): Map<PairingHistoryWeek, number> {
  const ages = new Map<PairingHistoryWeek, number>();
  if (week !== undefined && isWeekKey(week)) {
    for (const h of history) {
      if (!isWeekKey(h.week) || compareWeeks(h.week, week) >= 0) continue;
      ages.set(h, weekDistance(h.week, week));
    }
    return ages;
  }
  const distinct = [...new Set(history.map((h) => h.week))].sort((a, b) =>
    isWeekKey(a) && isWeekKey(b) ? compareWeeks(b, a) : a < b ? 1 : a > b ? -1 : 0,
  );
  const rank = new Map(distinct.map((w, i) => [w, i + 1]));
  for (const h of history) ages.set(h, rank.get(h.week) ?? 1);
  return ages;
}

/**
 * Round-robin schedule over positions 0..n-1.
 * Even n: m = n-1 rounds; position n-1 meets r in round r; others i, j meet in round (i+j)/2 mod m.
 * Odd n: n rounds; i, j meet in round (i+j)/2 mod n; position r sits out in round r.
 */
class Schedule {
  readonly rounds: number;
  private readonly inv2: number;
  constructor(readonly n: number) {
    this.rounds = n % 2 === 0 ? n - 1 : n;
    this.inv2 = (this.rounds + 1) / 2; // inverse of 2 modulo an odd number
  }

  roundOf(i: number, j: number): number {
    const m = this.rounds;
    if (this.n % 2 === 0) {
      if (i === this.n - 1) return j;
      if (j === this.n - 1) return i;
    }
    // (i + j) < 2n and inv2 <= n, so the product stays exact in a double for any real circle.
    return ((i + j) * this.inv2) % m;
  }

  /** Pairs of round r, and (odd n) the position sitting out. */
  round(r: number): { pairs: [number, number][]; bye: number | null } {
    const m = this.rounds;
    const pairs: [number, number][] = [];
    let bye: number | null = null;
    if (this.n % 2 === 0) pairs.push([r, this.n - 1]);
    else bye = r;
    for (let i = 0; i < m; i++) {
      if (i === r) continue;
      const j = (((2 * r - i) % m) + m) % m;
      if (i < j) pairs.push([i, j]);
    }
    return { pairs, bye };
  }
}

/** Builds the groups of round r, seating the odd one out where the trio costs least. */
function buildRound(ctx: Context, schedule: Schedule, r: number): number[][] {
  const { pairs, bye } = schedule.round(r);
  const groups: number[][] = pairs.map((p) => [...p]);
  if (bye === null) return groups;
  let best = -1;
  let bestDelta = Infinity;
  groups.forEach((g, idx) => {
    const delta = ctx.groupCost([...g, bye]) - ctx.groupCost(g);
    if (delta < bestDelta) {
      bestDelta = delta;
      best = idx;
    }
  });
  groups[best]?.push(bye);
  return groups;
}

function totalCost(ctx: Context, groups: number[][]): number {
  let cost = 0;
  for (const g of groups) cost += ctx.groupCost(g);
  return cost;
}

/** Swaps members between groups while that lowers the total cost; starts only from bad groups. */
function repair(ctx: Context, groups: number[][], seed: string): void {
  const G = groups.length;
  if (G < 2) return;
  const random = seededRandom(`${seed}\u0000repair`);
  let evaluations = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let gi = 0; gi < G; gi++) {
      const g = groups[gi] as number[];
      if (!ctx.isBad(g)) continue;
      const scan = Math.min(G - 1, MAX_SCAN_GROUPS);
      const start = Math.floor(random() * G);
      let best: { hi: number; ui: number; vi: number; delta: number } | null = null;
      const gCost = ctx.groupCost(g);
      for (let s = 0, hi = start; s < scan; hi = (hi + 1) % G) {
        if (hi === gi) continue;
        s++;
        const h = groups[hi] as number[];
        const hCost = ctx.groupCost(h);
        for (let ui = 0; ui < g.length; ui++) {
          for (let vi = 0; vi < h.length; vi++) {
            const u = g[ui] as number;
            const v = h[vi] as number;
            g[ui] = v;
            h[vi] = u;
            const delta = ctx.groupCost(g) + ctx.groupCost(h) - gCost - hCost;
            g[ui] = u;
            h[vi] = v;
            evaluations++;
            if (delta < -1e-9 && (best === null || delta < best.delta)) best = { hi, ui, vi, delta };
          }
        }
      }
      if (best) {
        const h = groups[best.hi] as number[];
        const u = g[best.ui] as number;
        g[best.ui] = h[best.vi] as number;
        h[best.vi] = u;
        improved = true;
      }
      if (evaluations > MAX_SWAP_EVALUATIONS) return;
    }
    if (!improved) return;
  }
}

/** Pairs a circle's eligible members for a week. See the module comment for the rules. */
export function pairCircle(input: PairCircleInput): Pairing {
  const eligible = eligibleMembers(input.members);
  const ordered = orderMembers(eligible, input.seed);
  const n = ordered.length;
  if (n < 2) return { groups: [] };
  if (n <= 3) return { groups: [ordered.map((m) => m.id)] };

  const ctx = new Context(ordered);
  const schedule = new Schedule(n);
  const index = new Map(ctx.ids.map((id, i) => [id, i]));
  const roundCost = new Float64Array(schedule.rounds);

  for (const [h, age] of historyAges(input.history, input.week)) {
    const weight = PAIRING_COSTS.repeat + PAIRING_COSTS.recentRepeat / age;
    for (const group of h.groups) {
      const members = [...new Set(group)].map((id) => index.get(id)).filter((i): i is number => i !== undefined);
      if (group.length === 3) for (const i of members) ctx.trioCount[i] = (ctx.trioCount[i] as number) + 1;
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const a = members[x] as number;
          const b = members[y] as number;
          const k = ctx.key(a, b);
          ctx.met.set(k, (ctx.met.get(k) ?? 0) + weight);
          const r = schedule.roundOf(Math.min(a, b), Math.max(a, b));
          roundCost[r] = (roundCost[r] as number) + weight;
        }
      }
    }
  }
  let minTrio = Infinity;
  for (const c of ctx.trioCount) minTrio = Math.min(minTrio, c);
  ctx.minTrio = minTrio;

  // Odd n: the person sitting out of round r becomes the trio's third, so fairness weighs in.
  if (n % 2 === 1) {
    for (let r = 0; r < schedule.rounds; r++) {
      roundCost[r] = (roundCost[r] as number) + PAIRING_COSTS.trioUnfair * ctx.trioUnfairness(r);
    }
  }

  // Cheapest rounds first; ties in a seeded rotation so different circles walk differently.
  const offset = hashString(`${input.seed}\u0000rounds`) % schedule.rounds;
  const order = Array.from({ length: schedule.rounds }, (_, r) => r).sort(
    (a, b) =>
      (roundCost[a] as number) - (roundCost[b] as number) ||
      ((a - offset + schedule.rounds) % schedule.rounds) - ((b - offset + schedule.rounds) % schedule.rounds),
  );
  let bestGroups: number[][] = [];
  let bestCost = Infinity;
  for (const r of order.slice(0, CANDIDATE_ROUNDS)) {
    const groups = buildRound(ctx, schedule, r);
    const cost = totalCost(ctx, groups);
    if (cost < bestCost) {
      bestCost = cost;
      bestGroups = groups;
    }
  }

  repair(ctx, bestGroups, input.seed);
  return { groups: bestGroups.map((g) => g.map((i) => ctx.ids[i] as string)) };
}

/** Every unordered pair of people who share a group, as `[a, b]` with a < b. */
export function pairsOf(groups: readonly (readonly string[])[]): [string, string][] {
  const out: [string, string][] = [];
  for (const g of groups) {
    for (let x = 0; x < g.length; x++) {
      for (let y = x + 1; y < g.length; y++) {
        const a = g[x] as string;
        const b = g[y] as string;
        out.push(a < b ? [a, b] : [b, a]);
      }
    }
  }
  return out;
}
