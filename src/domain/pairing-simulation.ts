/**
 * Pairing simulation: runs a pairing strategy week after week over a synthetic circle and measures
 * how well it keeps to the pairing rules. Shared by the unit tests and `bench/pairing.ts`.
 *
 * Figures:
 * - repeats: pairs of people grouped together again after an earlier week together.
 * - trioRepeats: trio seats given to someone who had already sat in a trio.
 * - trioUnfair: trio seats given to someone while an eligible member with fewer trio seats was left
 *   out of the trio that week (what "nobody in a trio twice before everyone has been in one" forbids,
 *   allowing what arithmetic forces).
 * - crossLaneShare: share of grouped pairs whose lanes differ.
 * - nearOffsetShare: share of grouped pairs within three hours of clock time.
 * - includedIneligible: groups that contained a paused member (must be 0).
 *
 * Pure and deterministic for a seed.
 */
import { eligibleMembers, pairCircle, type PairCircleInput, type PairingMember, pairsOf, seededRandom, seededShuffle } from './pairing.js';
import { addWeeks, type WeekKey } from './weeks.js';

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
  seed?: string;
  strategy?: PairingStrategy;
  startWeek?: WeekKey;
  /** Weeks of history given to the strategy (default: all). */
  historyWeeks?: number;
}

export interface SimulationResult {
  weeks: number;
  groups: number;
  pairs: number;
  repeats: number;
  trioRepeats: number;
  trioUnfair: number;
  crossLaneShare: number;
  nearOffsetShare: number;
  includedIneligible: number;
  /** Largest and smallest trio seats among members present at the end. */
  maxTrioSeats: number;
  minTrioSeats: number;
}

const OFFSETS = [-480, -420, -300, -240, 0, 60, 120, 330, 540, 600, 780];

/** Runs `strategy` (default {@link pairCircle}) over a synthetic circle. */
export function simulatePairing(options: SimulationOptions): SimulationResult {
  const seed = options.seed ?? 'simulation';
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

  const history: { week: WeekKey; groups: string[][] }[] = [];
  const met = new Set<string>();
  const trioSeats = new Map<string, number>();
  const result: SimulationResult = {
    weeks: options.weeks,
    groups: 0,
    pairs: 0,
    repeats: 0,
    trioRepeats: 0,
    trioUnfair: 0,
    crossLaneShare: 0,
    nearOffsetShare: 0,
    includedIneligible: 0,
    maxTrioSeats: 0,
    minTrioSeats: 0,
  };
  let crossLane = 0;
  let nearOffset = 0;

  for (let w = 0; w < options.weeks; w++) {
    const week = addWeeks(startWeek, w);
    if (w > 0 && churn > 0) {
      const leaving = Math.round(members.length * churn);
      members = seededShuffle(members, `${seed}\u0000churn\u0000${w}`).slice(leaving);
      for (let i = 0; i < leaving; i++) members.push(newMember());
    }
    const roster = members.map((m) => ({ ...m, paused: pauseRate > 0 && random() < pauseRate }));
    for (const m of roster) byId.set(m.id, m);
    const eligible = roster.filter((m) => !m.paused);
    const historyWindow = options.historyWeeks === undefined ? history : history.slice(-options.historyWeeks);
    const { groups } = strategy({ members: roster, history: historyWindow, seed, week });

    // Trio fairness, judged against this week's eligible members.
    const before = new Map(eligible.map((m) => [m.id, trioSeats.get(m.id) ?? 0]));
    const trio = groups.find((g) => g.length === 3) ?? [];
    const inTrio = new Set(trio);
    let minLeftOut = Infinity;
    for (const [id, seats] of before) if (!inTrio.has(id)) minLeftOut = Math.min(minLeftOut, seats);
    for (const id of trio) {
      const seats = before.get(id) ?? 0;
      if (seats > 0) result.trioRepeats += 1;
      if (seats > minLeftOut) result.trioUnfair += 1;
      trioSeats.set(id, seats + 1);
    }

    for (const g of groups) {
      result.groups += 1;
      if (g.some((id) => byId.get(id)?.paused)) result.includedIneligible += 1;
    }
    for (const [a, b] of pairsOf(groups)) {
      result.pairs += 1;
      const key = `${a}|${b}`;
      if (met.has(key)) result.repeats += 1;
      met.add(key);
      const ma = byId.get(a);
      const mb = byId.get(b);
      if (!ma?.lane || !mb?.lane || ma.lane !== mb.lane) crossLane += 1;
      const d = Math.abs((ma?.utcOffsetMinutes ?? 0) - (mb?.utcOffsetMinutes ?? 0)) % 1440;
      if (Math.min(d, 1440 - d) <= 180) nearOffset += 1;
    }
    history.push({ week, groups });
  }

  const present = members.map((m) => trioSeats.get(m.id) ?? 0);
  result.maxTrioSeats = present.length ? Math.max(...present) : 0;
  result.minTrioSeats = present.length ? Math.min(...present) : 0;
  result.crossLaneShare = result.pairs ? crossLane / result.pairs : 0;
  result.nearOffsetShare = result.pairs ? nearOffset / result.pairs : 0;
  return result;
}
