/**
 * Weekly soundboard pairing for a circle: pairs, plus one trio when the count is odd.
 *
 * What matters, most important first:
 *  1. Nobody paused or opted out is ever included, and every eligible member is in a group.
 *  2. No repeat while the rotation still has an unmet partner for everyone; when repeats are
 *     unavoidable, as few as possible, and the pair that met longest ago first.
 *  3. Nobody sits in a trio again while someone eligible has had fewer trio seats.
 *  4. Different lanes.
 *  5. The smallest clock distance between the partners' UTC offsets (+12 and -12 are close).
 *
 * How: the eligible members get a stable order from the circle's rotation key (not the week's seed)
 * hashed with each member id, so the order of everyone else does not change when someone joins or
 * leaves. That order defines a round-robin schedule (the circle / polygon method: n-1 rounds for
 * even n; for odd n, n rounds with one person sitting out, who joins a pair as the trio). Every
 * past meeting maps in O(1) to the round that contains it, so the week's round is derived from the
 * history: the rounds whose pairs have not met (or met longest ago) are scored in full (repeats,
 * trio fairness, lanes, offsets) and the best one is taken. With unchanged membership this walks the
 * rotation exactly: nobody repeats until everyone has met everyone, and then the rotation replays
 * in the same order, so no pair meets again sooner than the circle size allows. When membership
 * changed, the chosen round may contain repeats; a local search then swaps members between groups
 * while that lowers the cost. Lanes and offsets choose between rounds and where the trio sits; they
 * move members out of their round only when the circle has partners to spare (see `polish`),
 * because in a circle that is working through its rotation such a swap spends a pair some later
 * week needs.
 *
 * The week's `seed` only breaks ties. Everything is deterministic: no Math.random and no clock.
 * History weeks on or after `week` (when given) are ignored; without `week`, history is aged by its
 * order of weeks.
 */
import { addWeeks, compareWeeks, isWeekKey, weekDistance, type WeekKey } from './weeks.js';

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
  /** The week's seed ({@link pairingSeed}); breaks ties only. */
  seed: string;
  /** Stable for the circle ({@link pairingRotationKey}); orders the rotation. Defaults to `seed`. */
  rotationKey?: string;
  /** The week being paired; history from this week on is ignored and ages count back from it. */
  week?: WeekKey;
}

export interface Pairing {
  groups: string[][];
}

/** How many past weeks of groups the service loads as history (and the simulation passes). */
export const PAIRING_HISTORY_WEEKS = 52;

/** The seed production stores with a circle's pairing of a week. */
export const pairingSeed = (circleId: number, week: WeekKey): string => `${circleId}:${week}`;

/** The circle's rotation key: the same every week, so the rotation survives from week to week. */
export const pairingRotationKey = (circleId: number): string => `circle:${circleId}`;

/** The first week of history the service loads for `week` (inclusive; the window ends before `week`). */
export const pairingHistorySince = (week: WeekKey): WeekKey => addWeeks(week, -PAIRING_HISTORY_WEEKS);

/**
 * Cost weights, from most to least important. A repeat outweighs everything else (its recency adds
 * up to `recentRepeat / ageInWeeks`), trio fairness outweighs lanes, lanes outweigh offsets.
 */
export const PAIRING_COSTS = {
  /** Each pair that met within the history window. */
  repeat: 1e13,
  /** Extra for a recent meeting: `recentRepeat / ageInWeeks` of the pair's last meeting. */
  recentRepeat: 1e11,
  /** Per trio member, per trio seat more than the fewest any eligible member has had. */
  trioUnfair: 5e11,
  /** Two people in the same lane. */
  sameLane: 1e4,
  /** Per hour of clock distance between two partners. */
  offsetHour: 1,
} as const;

const CANDIDATE_ROUNDS = 8;
/** Up to this many members every round of the rotation is scored in full. */
const FULL_ROUND_SCAN = 64;
const MAX_SCAN_GROUPS = 400;
const MAX_SWAP_EVALUATIONS = 3_000_000;
const MAX_POLISH_EVALUATIONS = 150_000;
const POLISH_SCAN_GROUPS = 24;
const MAX_PASSES = 6;
/** Up to this many members a week that still has a repeat or an unfair trio is solved exactly. */
const EXACT_MAX = 14;
/** Up to this many members pair costs are precomputed. */
const DENSE_MAX = 512;
const MAX_EXACT_NODES = 2_000_000;

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

/** Clock distance between two UTC offsets in minutes (0..720; +12 h and -12 h are 0 apart). */
export function clockDistanceMinutes(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

/** A member's lane as compared: trimmed, lower case, null when empty. */
export function laneKey(lane: string | null | undefined): string | null {
  const key = typeof lane === 'string' ? lane.trim().toLowerCase() : '';
  return key === '' ? null : key;
}

/** Ages (in weeks, at least 1) of the usable history weeks. */
export function historyAges(history: readonly PairingHistoryWeek[], week: WeekKey | undefined): Map<PairingHistoryWeek, number> {
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

/** Everything the cost function needs, indexed by position in the rotation order. */
export class PairingContext {
  readonly n: number;
  readonly ids: string[];
  readonly lanes: (string | null)[];
  readonly offsets: number[];
  /** Age in weeks of each pair's last meeting, by pair key (i * n + j, i < j). */
  readonly lastMet = new Map<number, number>();
  /** Eligible partners each member has met within the window. */
  readonly metCount: Int32Array;
  readonly trioCount: Int32Array;
  minTrio = 0;
  private dense: Float64Array | null = null;

  constructor(ordered: readonly PairingMember[], history: readonly PairingHistoryWeek[], week: WeekKey | undefined) {
    this.n = ordered.length;
    this.ids = ordered.map((m) => m.id);
    this.lanes = ordered.map((m) => laneKey(m.lane));
    this.offsets = ordered.map((m) => (Number.isFinite(m.utcOffsetMinutes) ? m.utcOffsetMinutes : 0));
    this.trioCount = new Int32Array(this.n);
    this.metCount = new Int32Array(this.n);
    const index = new Map(this.ids.map((id, i) => [id, i]));
    for (const [h, age] of historyAges(history, week)) {
      for (const group of h.groups) {
        const members = [...new Set(group)].map((id) => index.get(id)).filter((i): i is number => i !== undefined);
        if (group.length === 3) for (const i of members) this.trioCount[i] = (this.trioCount[i] as number) + 1;
        for (let x = 0; x < members.length; x++) {
          for (let y = x + 1; y < members.length; y++) {
            const k = this.key(members[x] as number, members[y] as number);
            const known = this.lastMet.get(k);
            if (known === undefined) {
              const a = members[x] as number;
              const b = members[y] as number;
              this.metCount[a] = (this.metCount[a] as number) + 1;
              this.metCount[b] = (this.metCount[b] as number) + 1;
            }
            if (known === undefined || age < known) this.lastMet.set(k, age);
          }
        }
      }
    }
    let minTrio = Infinity;
    for (const c of this.trioCount) minTrio = Math.min(minTrio, c);
    this.minTrio = this.n > 0 ? minTrio : 0;
  }

  key(a: number, b: number): number {
    return a < b ? a * this.n + b : b * this.n + a;
  }

  repeatCost(a: number, b: number): number {
    const age = this.lastMet.get(this.key(a, b));
    return age === undefined ? 0 : PAIRING_COSTS.repeat + PAIRING_COSTS.recentRepeat / age;
  }

  sameLane(a: number, b: number): boolean {
    const la = this.lanes[a];
    return la !== null && la === this.lanes[b];
  }

  distanceMinutes(a: number, b: number): number {
    return clockDistanceMinutes(this.offsets[a] as number, this.offsets[b] as number);
  }

  /** Lanes and offsets only. */
  preferenceCost(a: number, b: number): number {
    return (this.sameLane(a, b) ? PAIRING_COSTS.sameLane : 0) + (PAIRING_COSTS.offsetHour * this.distanceMinutes(a, b)) / 60;
  }

  pairCost(a: number, b: number): number {
    if (this.dense !== null) return this.dense[a * this.n + b] as number;
    return this.repeatCost(a, b) + this.preferenceCost(a, b);
  }

  /** Precomputes every pair's cost (small circles, where the search evaluates pairs most often). */
  precompute(): void {
    if (this.n > DENSE_MAX) return;
    const dense = new Float64Array(this.n * this.n);
    for (let a = 0; a < this.n; a++) {
      for (let b = a + 1; b < this.n; b++) {
        const cost = this.repeatCost(a, b) + this.preferenceCost(a, b);
        dense[a * this.n + b] = cost;
        dense[b * this.n + a] = cost;
      }
    }
    this.dense = dense;
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
    if (this.lastMet.has(this.key(a, b))) return true;
    if (c === undefined) return false;
    return (
      this.lastMet.has(this.key(a, c)) ||
      this.lastMet.has(this.key(b, c)) ||
      this.trioUnfairness(a) + this.trioUnfairness(b) + this.trioUnfairness(c) > 0
    );
  }

  /** Eligible partners `m` has not met within the window. */
  unmet(m: number): number {
    return this.n - 1 - (this.metCount[m] as number);
  }
}

/** Members in rotation order: by a hash of the rotation key and the member id. */
function orderMembers(members: readonly PairingMember[], rotationKey: string): PairingMember[] {
  return members
    .map((m) => ({ m, h: hashString(`${rotationKey}\u0000${m.id}`) }))
    .sort((x, y) => x.h - y.h || (x.m.id < y.m.id ? -1 : x.m.id > y.m.id ? 1 : 0))
    .map((x) => x.m);
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
function buildRound(ctx: PairingContext, schedule: Schedule, r: number): number[][] {
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

function totalCost(ctx: PairingContext, groups: number[][]): number {
  let cost = 0;
  for (const g of groups) cost += ctx.groupCost(g);
  return cost;
}

/** The week's round: history picks the candidates, the full cost (then the seed) the winner. */
function chooseRound(ctx: PairingContext, schedule: Schedule, seed: string): number[][] {
  const roundCost = new Float64Array(schedule.rounds);
  for (const [k, age] of ctx.lastMet) {
    const r = schedule.roundOf(Math.floor(k / ctx.n), k % ctx.n);
    roundCost[r] = (roundCost[r] as number) + PAIRING_COSTS.repeat + PAIRING_COSTS.recentRepeat / age;
  }
  // Odd n: the person sitting out of round r becomes the trio's third, so fairness weighs in.
  if (ctx.n % 2 === 1) {
    for (let r = 0; r < schedule.rounds; r++) roundCost[r] = (roundCost[r] as number) + PAIRING_COSTS.trioUnfair * ctx.trioUnfairness(r);
  }
  const offset = hashString(`${seed}\u0000rounds`) % schedule.rounds;
  const tie = (r: number): number => (r - offset + schedule.rounds) % schedule.rounds;
  const order = Array.from({ length: schedule.rounds }, (_, r) => r).sort(
    (a, b) => (roundCost[a] as number) - (roundCost[b] as number) || tie(a) - tie(b),
  );
  const candidates = ctx.n <= FULL_ROUND_SCAN ? order : order.slice(0, CANDIDATE_ROUNDS);
  let bestGroups: number[][] = [];
  let bestCost = Infinity;
  for (const r of candidates) {
    const groups = buildRound(ctx, schedule, r);
    const cost = totalCost(ctx, groups);
    if (cost < bestCost) {
      bestCost = cost;
      bestGroups = groups;
    }
  }
  return bestGroups;
}

/**
 * Best swap of one member of group `gi` with one of another group (scanning up to `scanLimit`
 * groups from `start`, skipping groups `allowed` refuses); null when none lowers the cost.
 */
function bestSwap(
  ctx: PairingContext,
  groups: number[][],
  gi: number,
  start: number,
  allowed: (g: readonly number[], h: readonly number[]) => boolean,
  scanLimit: number,
): { hi: number; ui: number; vi: number; delta: number; evaluations: number } | null {
  const G = groups.length;
  const g = groups[gi] as number[];
  const scan = Math.min(G - 1, scanLimit);
  const gCost = ctx.groupCost(g);
  let best: { hi: number; ui: number; vi: number; delta: number } | null = null;
  let evaluations = 0;
  for (let s = 0, hi = start; s < scan; hi = (hi + 1) % G) {
    if (hi === gi) continue;
    s++;
    const h = groups[hi] as number[];
    if (!allowed(g, h)) continue;
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
  return best ? { ...best, evaluations } : evaluations > 0 ? { hi: -1, ui: -1, vi: -1, delta: 0, evaluations } : null;
}

/**
 * Local search: swaps members between groups while that lowers the total cost, starting from the
 * groups `needsWork` selects. Returns the number of swaps made.
 */
function improve(
  ctx: PairingContext,
  groups: number[][],
  random: () => number,
  needsWork: (g: readonly number[]) => boolean,
  allowed: (g: readonly number[], h: readonly number[]) => boolean,
  limits: { scan: number; evaluations: number },
): number {
  const G = groups.length;
  if (G < 2) return 0;
  let evaluations = 0;
  let swaps = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let gi = 0; gi < G; gi++) {
      const g = groups[gi] as number[];
      if (!needsWork(g)) continue;
      const found = bestSwap(ctx, groups, gi, Math.floor(random() * G), allowed, limits.scan);
      if (found && found.hi >= 0) {
        const h = groups[found.hi] as number[];
        const u = g[found.ui] as number;
        g[found.ui] = h[found.vi] as number;
        h[found.vi] = u;
        improved = true;
        swaps++;
      }
      evaluations += found?.evaluations ?? 0;
      if (evaluations > limits.evaluations) return swaps;
    }
    if (!improved) return swaps;
  }
  return swaps;
}

/**
 * Branch and bound over every grouping of a small circle, replacing `groups` when one costs less.
 * Used only when the week has a repeat or an unfair trio after the local search, i.e. when the
 * rotation no longer holds anyway; a node budget keeps it bounded.
 */
function solveExactly(ctx: PairingContext, groups: number[][]): void {
  const n = ctx.n;
  let bestCost = totalCost(ctx, groups) - 1e-6;
  let best: number[][] | null = null;
  const used = new Uint8Array(n);
  const current: number[][] = [];
  let nodes = 0;
  const walk = (cost: number, trioLeft: boolean): void => {
    if (++nodes > MAX_EXACT_NODES || cost >= bestCost) return;
    const i = used.indexOf(0);
    if (i < 0) {
      bestCost = cost;
      best = current.map((g) => [...g]);
      return;
    }
    used[i] = 1;
    for (let j = i + 1; j < n; j++) {
      if (used[j]) continue;
      used[j] = 1;
      current.push([i, j]);
      walk(cost + ctx.groupCost([i, j]), trioLeft);
      current.pop();
      for (let k = j + 1; trioLeft && k < n; k++) {
        if (used[k]) continue;
        used[k] = 1;
        current.push([i, j, k]);
        walk(cost + ctx.groupCost([i, j, k]), false);
        current.pop();
        used[k] = 0;
      }
      used[j] = 0;
    }
    used[i] = 0;
  };
  walk(0, n % 2 === 1);
  if (best !== null) groups.splice(0, groups.length, ...(best as number[][]));
}

/**
 * Members with partners to spare: more of this week's circle unmet than the history window has
 * weeks, so they cannot run out of new partners before their oldest meetings are forgotten. Only
 * groups of such members are reshuffled for lanes and offsets; everyone else keeps the rotation.
 */
function spareFlags(ctx: PairingContext): Uint8Array {
  const flags = new Uint8Array(ctx.n);
  for (let m = 0; m < ctx.n; m++) flags[m] = ctx.unmet(m) > PAIRING_HISTORY_WEEKS ? 1 : 0;
  return flags;
}

/** Pairs a circle's eligible members for a week. See the module comment for the rules. */
export function pairCircle(input: PairCircleInput): Pairing {
  const eligible = eligibleMembers(input.members);
  const ordered = orderMembers(eligible, input.rotationKey ?? input.seed);
  const n = ordered.length;
  if (n < 2) return { groups: [] };
  if (n <= 3) return { groups: [ordered.map((m) => m.id)] };

  const ctx = new PairingContext(ordered, input.history, input.week);
  ctx.precompute();
  const groups = chooseRound(ctx, new Schedule(n), input.seed);
  const random = seededRandom(`${input.seed}\u0000repair`);
  const anywhere = (): boolean => true;
  improve(ctx, groups, random, (g) => ctx.isBad(g), anywhere, { scan: MAX_SCAN_GROUPS, evaluations: MAX_SWAP_EVALUATIONS });
  if (n <= EXACT_MAX && groups.some((g) => ctx.isBad(g))) solveExactly(ctx, groups);
  const spare = spareFlags(ctx);
  const allSpare = (g: readonly number[]): boolean => g.every((m) => spare[m] === 1);
  improve(ctx, groups, random, allSpare, (_g, h) => allSpare(h), { scan: POLISH_SCAN_GROUPS, evaluations: MAX_POLISH_EVALUATIONS });
  return { groups: groups.map((g) => g.map((i) => ctx.ids[i] as string)) };
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
