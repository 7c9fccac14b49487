/**
 * Pairing simulation: runs a pairing strategy week after week over a synthetic circle, called the
 * way the service calls it (the week's seed from `pairingSeed`, the circle's `pairingRotationKey`,
 * eligible members only, the history window the service loads), and measures how well it keeps to
 * the pairing rules. Shared by the unit tests and `bench/pairing.ts`.
 *
 * Figures:
 * - repeats: pairs of people grouped together again after an earlier week together (over the whole
 *   run, also beyond the history window); firstRepeatWeek: the first week (1-based) with one.
 * - minGap: the fewest weeks between two meetings of the same pair (null: nobody met twice).
 * - neverMet: pairs of members present (and unpaused) every week who never met.
 * - leftOut: eligible member-weeks not in exactly one group (must be 0).
 * - trioRepeats: trio seats given to someone who had already sat in a trio.
 * - trioAgainEarly: trio seats given to someone who already had one while an eligible member had none.
 * - trioUnfair: trio seats given to someone while an eligible member with fewer trio seats was left
 *   out of the trio that week (what "nobody in a trio twice before everyone has been in one" forbids,
 *   allowing what arithmetic forces).
 * - crossLaneShare / nearOffsetShare: share of grouped pairs whose lanes differ / whose clocks are
 *   within three hours; best…Share: the most any grouping of each week's members could reach,
 *   ignoring history (an upper bound; see `bestShares`).
 * - includedIneligible: groups that contained a paused member (must be 0).
 *
 * Pure and deterministic for a seed.
 */
import {
  clockDistanceMinutes,
  eligibleMembers,
  laneKey,
  pairCircle,
  PairingContext,
  pairingHistorySince,
  pairingRotationKey,
  pairingSeed,
  pairsOf,
  seededRandom,
  seededShuffle,
  type PairCircleInput,
  type PairingMember,
} from './pairing.js';
import { addWeeks, compareWeeks, type WeekKey } from './weeks.js';

export type PairingStrategy = (input: PairCircleInput) => { groups: string[][] };

/** Baseline: a plain seeded shuffle, paired off in order, the last three as a trio when odd. */
export const shufflePairing: PairingStrategy = (input) => {
  const ids = seededShuffle(
    eligibleMembers(input.members).map((m) => m.id),
    `${input.seed}\u0000${input.week ?? input.history.length}`,
  );
  if (ids.length < 2) return { groups: [] };
  const groups: string[][] = [];
  for (let i = 0; i + 1 < ids.length; i += 2) groups.push([ids[i] as string, ids[i + 1] as string]);
  if (ids.length % 2 === 1) groups[groups.length - 1]?.push(ids[ids.length - 1] as string);
  return { groups };
};

export interface SimulationOptions {
  members: number;
  weeks: number;
  /** Share of members replaced by newcomers each week (0 for static membership). */
  churn?: number;
  /** Share of members paused in any given week. */
  pauseRate?: number;
  /** Number of distinct lanes members are spread over (0: no lanes). */
  lanes?: number;
  /** Seeds the synthetic population (lanes, offsets, churn, pauses). */
  seed?: string;
  /** The circle id the pairing seeds derive from, as in production. */
  circleId?: number;
  strategy?: PairingStrategy;
  startWeek?: WeekKey;
  /** Called after each week with the exact input the strategy got and its groups. */
  onWeek?: (input: PairCircleInput, groups: string[][]) => void;
}

export interface SimulationResult {
  weeks: number;
  groups: number;
  pairs: number;
  repeats: number;
  firstRepeatWeek: number | null;
  minGap: number | null;
  neverMet: number;
  leftOut: number;
  trioRepeats: number;
  trioAgainEarly: number;
  trioUnfair: number;
  crossLaneShare: number;
  bestCrossLaneShare: number;
  nearOffsetShare: number;
  bestNearOffsetShare: number;
  includedIneligible: number;
  /** Largest and smallest trio seats among members present at the end. */
  maxTrioSeats: number;
  minTrioSeats: number;
}

const OFFSETS = [-480, -420, -300, -240, 0, 60, 120, 330, 540, 600, 780];
const NEAR_MINUTES = 180;

/** Pairs in a grouping of n people: n/2, or (n-3)/2 pairs and a trio's three. */
const pairsInGrouping = (n: number): number => (n < 2 ? 0 : n <= 3 ? (n * (n - 1)) / 2 : n % 2 === 0 ? n / 2 : (n + 3) / 2);

/**
 * Upper bounds on the cross-lane pairs and the pairs within three hours that any grouping of these
 * members can have. Lanes: the biggest lane's surplus over everyone else must pair within itself.
 * Offsets: a greedy matching along the clock (optimal on a line of unit intervals), the best over
 * every cut of the circle, plus the two extra pairs a trio adds.
 */
export function bestShares(members: readonly PairingMember[]): { pairs: number; crossLane: number; nearOffset: number } {
  const n = members.length;
  const pairs = pairsInGrouping(n);
  const laneCounts = new Map<string, number>();
  for (const m of members) {
    const lane = laneKey(m.lane);
    if (lane !== null) laneCounts.set(lane, (laneCounts.get(lane) ?? 0) + 1);
  }
  const biggest = Math.max(0, ...laneCounts.values());
  const crossLane = pairs - Math.max(0, Math.floor((2 * biggest - n) / 2));
  const sorted = members.map((m) => ((m.utcOffsetMinutes % 1440) + 1440) % 1440).sort((a, b) => a - b);
  let matching = 0;
  for (let start = 0; start < n; start++) {
    let count = 0;
    for (let i = 0; i + 1 < n; i++) {
      const a = sorted[(start + i) % n] as number;
      const b = sorted[(start + i + 1) % n] as number;
      if (clockDistanceMinutes(a, b) <= NEAR_MINUTES) {
        count++;
        i++;
      }
    }
    matching = Math.max(matching, count);
    if (matching === Math.floor(n / 2)) break;
  }
  const nearOffset = Math.min(pairs, matching + (n % 2 === 1 && n > 3 ? 2 : n === 3 ? 1 : 0));
  return { pairs, crossLane, nearOffset };
}

/** Runs `strategy` (default {@link pairCircle}) over a synthetic circle. */
export function simulatePairing(options: SimulationOptions): SimulationResult {
  const seed = options.seed ?? 'simulation';
  const circleId = options.circleId ?? 1;
  const strategy = options.strategy ?? pairCircle;
  const churn = options.churn ?? 0;
  const pauseRate = options.pauseRate ?? 0;
  const laneCount = options.lanes ?? 4;
  const startWeek = options.startWeek ?? '2026-W01';
  const random = seededRandom(`${seed}\u0000population`);

  let nextId = 0;
  const newMember = (): PairingMember => {
    nextId += 1;
    return {
      id: `m${String(nextId).padStart(5, '0')}`,
      lane: laneCount > 0 ? `lane-${Math.floor(random() * laneCount)}` : null,
      utcOffsetMinutes: OFFSETS[Math.floor(random() * OFFSETS.length)] as number,
    };
  };
  let members: PairingMember[] = Array.from({ length: options.members }, newMember);
  const byId = new Map<string, PairingMember>();
  const always = new Set(members.map((m) => m.id));

  const history: { week: WeekKey; groups: string[][] }[] = [];
  const lastMet = new Map<string, number>();
  const trioSeats = new Map<string, number>();
  const r: SimulationResult = {
    weeks: options.weeks,
    groups: 0,
    pairs: 0,
    repeats: 0,
    firstRepeatWeek: null,
    minGap: null,
    neverMet: 0,
    leftOut: 0,
    trioRepeats: 0,
    trioAgainEarly: 0,
    trioUnfair: 0,
    crossLaneShare: 0,
    bestCrossLaneShare: 0,
    nearOffsetShare: 0,
    bestNearOffsetShare: 0,
    includedIneligible: 0,
    maxTrioSeats: 0,
    minTrioSeats: 0,
  };
  const counts = { crossLane: 0, nearOffset: 0, bestPairs: 0, bestCrossLane: 0, bestNearOffset: 0 };

  for (let w = 0; w < options.weeks; w++) {
    const week = addWeeks(startWeek, w);
    if (w > 0 && churn > 0) {
      const leaving = Math.round(members.length * churn);
      members = seededShuffle(members, `${seed}\u0000churn\u0000${w}`).slice(leaving);
      for (let i = 0; i < leaving; i++) members.push(newMember());
    }
    const roster = members.map((m) => ({ ...m, paused: pauseRate > 0 && random() < pauseRate }));
    for (const m of roster) byId.set(m.id, m);
    const present = new Set(roster.filter((m) => !m.paused).map((m) => m.id));
    for (const id of always) if (!present.has(id)) always.delete(id);
    // As the service calls it: eligible members only, the week's seed, the window it loads.
    const since = pairingHistorySince(week);
    const input: PairCircleInput = {
      members: roster.filter((m) => !m.paused).map(({ id, lane, utcOffsetMinutes }) => ({ id, lane, utcOffsetMinutes })),
      history: history.filter((h) => compareWeeks(h.week, since) >= 0 && compareWeeks(h.week, week) < 0),
      seed: pairingSeed(circleId, week),
      rotationKey: pairingRotationKey(circleId),
      week,
    };
    const { groups } = strategy(input);
    options.onWeek?.(input, groups);

    recordTrios(r, trioSeats, [...present], groups);
    const seen = new Map<string, number>();
    for (const g of groups) {
      r.groups += 1;
      if (g.some((id) => !present.has(id))) r.includedIneligible += 1;
      for (const id of g) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    for (const id of present) if (seen.get(id) !== 1) r.leftOut += 1;
    for (const [a, b] of pairsOf(groups)) {
      r.pairs += 1;
      const key = `${a}|${b}`;
      const last = lastMet.get(key);
      if (last !== undefined) {
        r.repeats += 1;
        r.firstRepeatWeek ??= w + 1;
        r.minGap = Math.min(r.minGap ?? Infinity, w - last);
      }
      lastMet.set(key, w);
      const ma = byId.get(a);
      const mb = byId.get(b);
      const la = laneKey(ma?.lane);
      if (la === null || la !== laneKey(mb?.lane)) counts.crossLane += 1;
      if (clockDistanceMinutes(ma?.utcOffsetMinutes ?? 0, mb?.utcOffsetMinutes ?? 0) <= NEAR_MINUTES) counts.nearOffset += 1;
    }
    const best = bestShares(input.members);
    counts.bestPairs += best.pairs;
    counts.bestCrossLane += best.crossLane;
    counts.bestNearOffset += best.nearOffset;
    history.push({ week, groups });
  }

  const stayed = [...always].sort();
  for (let i = 0; i < stayed.length; i++) {
    for (let j = i + 1; j < stayed.length; j++) if (!lastMet.has(`${stayed[i]}|${stayed[j]}`)) r.neverMet += 1;
  }
  const seats = members.map((m) => trioSeats.get(m.id) ?? 0);
  r.maxTrioSeats = seats.length ? Math.max(...seats) : 0;
  r.minTrioSeats = seats.length ? Math.min(...seats) : 0;
  r.crossLaneShare = r.pairs ? counts.crossLane / r.pairs : 0;
  r.nearOffsetShare = r.pairs ? counts.nearOffset / r.pairs : 0;
  r.bestCrossLaneShare = counts.bestPairs ? counts.bestCrossLane / counts.bestPairs : 0;
  r.bestNearOffsetShare = counts.bestPairs ? counts.bestNearOffset / counts.bestPairs : 0;
  return r;
}

/** Trio fairness, judged against this week's eligible members. */
function recordTrios(r: SimulationResult, trioSeats: Map<string, number>, eligible: string[], groups: string[][]): void {
  const before = new Map(eligible.map((id) => [id, trioSeats.get(id) ?? 0]));
  const trio = groups.find((g) => g.length === 3) ?? [];
  const inTrio = new Set(trio);
  let minLeftOut = Infinity;
  let minAll = Infinity;
  for (const [id, seats] of before) {
    minAll = Math.min(minAll, seats);
    if (!inTrio.has(id)) minLeftOut = Math.min(minLeftOut, seats);
  }
  for (const id of trio) {
    const seats = before.get(id) ?? 0;
    if (seats > 0) r.trioRepeats += 1;
    if (seats > 0 && minAll === 0) r.trioAgainEarly += 1;
    if (seats > minLeftOut) r.trioUnfair += 1;
    trioSeats.set(id, seats + 1);
  }
}

export interface GroupingScore {
  /** Pairs that met within the history window. */
  repeats: number;
  /** Repeats (with recency) and trio fairness, in `PAIRING_COSTS` units. */
  primary: number;
  sameLane: number;
  /** Sum of the partners' clock distances, in minutes. */
  distanceMinutes: number;
}

function scoreGroups(ctx: PairingContext, groups: readonly (readonly number[])[]): GroupingScore {
  const s: GroupingScore = { repeats: 0, primary: 0, sameLane: 0, distanceMinutes: 0 };
  for (const g of groups) {
    s.primary += ctx.groupCost(g);
    for (let x = 0; x < g.length; x++) {
      for (let y = x + 1; y < g.length; y++) {
        const a = g[x] as number;
        const b = g[y] as number;
        s.primary -= ctx.preferenceCost(a, b);
        if (ctx.lastMet.has(ctx.key(a, b))) s.repeats += 1;
        if (ctx.sameLane(a, b)) s.sameLane += 1;
        s.distanceMinutes += ctx.distanceMinutes(a, b);
      }
    }
  }
  return s;
}

/**
 * Scores `groups` for the week of `input` against every possible grouping of its eligible members
 * (exhaustive: for circles up to about 14). `optimum.repeats` is the fewest repeats any grouping has;
 * `optimum.sameLane` the fewest same-lane pairs among groupings no worse than `groups` on repeats
 * and trio fairness; `optimum.distanceMinutes` the smallest clock distance among those with no more
 * same-lane pairs than `groups`.
 */
export function compareWithExact(input: PairCircleInput, groups: readonly (readonly string[])[]): { ours: GroupingScore; optimum: GroupingScore } {
  const eligible = eligibleMembers(input.members);
  const ctx = new PairingContext(eligible, input.history, input.week);
  const index = new Map(ctx.ids.map((id, i) => [id, i]));
  const ours = scoreGroups(ctx, groups.map((g) => g.map((id) => index.get(id) as number)));
  const optimum: GroupingScore = { repeats: Infinity, primary: Infinity, sameLane: Infinity, distanceMinutes: Infinity };
  const n = ctx.n;
  const used = new Uint8Array(n);
  const current: number[][] = [];
  const visit = (): void => {
    const s = scoreGroups(ctx, current);
    optimum.repeats = Math.min(optimum.repeats, s.repeats);
    optimum.primary = Math.min(optimum.primary, s.primary);
    if (s.primary > ours.primary + 1e-6) return;
    optimum.sameLane = Math.min(optimum.sameLane, s.sameLane);
    if (s.sameLane <= ours.sameLane) optimum.distanceMinutes = Math.min(optimum.distanceMinutes, s.distanceMinutes);
  };
  const walk = (trioLeft: boolean): void => {
    const i = used.indexOf(0);
    if (i < 0) return visit();
    used[i] = 1;
    for (let j = i + 1; j < n; j++) {
      if (used[j]) continue;
      used[j] = 1;
      current.push([i, j]);
      walk(trioLeft);
      current.pop();
      for (let k = j + 1; trioLeft && k < n; k++) {
        if (used[k]) continue;
        used[k] = 1;
        current.push([i, j, k]);
        walk(false);
        current.pop();
        used[k] = 0;
      }
      used[j] = 0;
    }
    used[i] = 0;
  };
  if (n >= 2) walk(n % 2 === 1);
  return { ours, optimum };
}
