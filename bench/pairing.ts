/**
 * Pairing benchmark (not a timed test): how long `pairCircle` takes for a 200-member circle and a
 * 10,000-member circle with 52 weeks of history (median of several runs), and the simulation's
 * figures for the pairing scenarios, called as production calls it (`pairingSeed` per week,
 * `pairingRotationKey`, the service's history window), beside a plain seeded shuffle. For circles
 * small enough to solve exactly it counts the weeks whose lanes or zones fall short of the week's
 * exact optimum (the rotation kept instead). Prints a table and writes bench/results/pairing.json.
 *
 *   npx tsx bench/pairing.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  pairCircle,
  pairingRotationKey,
  pairingSeed,
  type PairCircleInput,
  type PairingHistoryWeek,
  type PairingMember,
} from '../src/domain/pairing.js';
import { compareWithExact, shufflePairing, simulatePairing, type SimulationOptions, type SimulationResult } from '../src/domain/pairing-simulation.js';
import { addWeeks } from '../src/domain/weeks.js';

const here = dirname(fileURLToPath(import.meta.url));
const OFFSETS = [-480, -300, 0, 60, 330, 600];

function makeMembers(count: number, prefix: string): PairingMember[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    lane: `lane-${i % 7}`,
    utcOffsetMinutes: OFFSETS[i % OFFSETS.length] as number,
    paused: i % 50 === 49,
  }));
}

/** History as a previous pairing would leave it, with some members since gone and some new. */
function makeHistory(members: PairingMember[], weeks: number, week: string): PairingHistoryWeek[] {
  const history: PairingHistoryWeek[] = [];
  const pastMembers = members.map((m, i) => (i % 20 === 0 ? { ...m, id: `${m.id}-former` } : m));
  for (let w = weeks; w >= 1; w--) {
    const past = addWeeks(week, -w);
    history.push({ week: past, groups: shufflePairing({ members: pastMembers, history: [], seed: `history-${w}`, week: past }).groups });
  }
  return history;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function time(input: PairCircleInput, runs: number): { medianMs: number; runs: number; groups: number } {
  const times: number[] = [];
  let groups = 0;
  pairCircle(input); // warm-up
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    groups = pairCircle(input).groups.length;
    times.push(performance.now() - t0);
  }
  return { medianMs: Math.round(median(times) * 100) / 100, runs, groups };
}

const SCENARIOS: { name: string; options: SimulationOptions; goal: string }[] = [
  { name: 'static24', options: { members: 24, weeks: 23 }, goal: '0 repeats' },
  { name: 'static25', options: { members: 25, weeks: 24 }, goal: '36 repeats, 2 early trio seats' },
  { name: 'churn60', options: { members: 60, weeks: 52, churn: 0.1 }, goal: '0 repeats' },
  { name: 'churn60paused', options: { members: 60, weeks: 52, churn: 0.1, pauseRate: 0.05 }, goal: '0 repeats' },
  { name: 'static12', options: { members: 12, weeks: 52 }, goal: '0 never met, smallest gap 11 weeks' },
];
const CIRCLES = [1, 2, 3, 4, 5];

/** Weeks of small circles whose lanes / zones fall short of the week's exact optimum. */
function exactShortfalls(): { weeks: number; moreRepeats: number; moreSameLane: number; distanceOver10pc: number } {
  const out = { weeks: 0, moreRepeats: 0, moreSameLane: 0, distanceOver10pc: 0 };
  const small: SimulationOptions[] = [
    { members: 12, weeks: 30 },
    { members: 12, weeks: 30, churn: 0.1, pauseRate: 0.1 },
    { members: 11, weeks: 30, churn: 0.1, pauseRate: 0.15, lanes: 3 },
    { members: 10, weeks: 30, churn: 0.1, lanes: 2 },
  ];
  for (const options of small) {
    for (const circleId of CIRCLES) {
      simulatePairing({
        ...options,
        circleId,
        onWeek: (input, groups) => {
          const { ours, optimum } = compareWithExact(input, groups);
          out.weeks += 1;
          if (ours.repeats > optimum.repeats) out.moreRepeats += 1;
          else if (ours.sameLane > optimum.sameLane) out.moreSameLane += 1;
          else if (ours.distanceMinutes > optimum.distanceMinutes * 1.1) out.distanceOver10pc += 1;
        },
      });
    }
  }
  return out;
}

const mean = (rs: SimulationResult[], f: (r: SimulationResult) => number): number => Math.round((rs.reduce((s, r) => s + f(r), 0) / rs.length) * 1000) / 1000;

function summarise(rs: SimulationResult[]) {
  return {
    repeats: mean(rs, (r) => r.repeats),
    trioAgainEarly: mean(rs, (r) => r.trioAgainEarly),
    trioUnfair: mean(rs, (r) => r.trioUnfair),
    neverMet: mean(rs, (r) => r.neverMet),
    leftOut: mean(rs, (r) => r.leftOut),
    minGap: Math.min(...rs.map((r) => r.minGap ?? Infinity)),
    crossLaneShare: mean(rs, (r) => r.crossLaneShare),
    bestCrossLaneShare: mean(rs, (r) => r.bestCrossLaneShare),
    nearOffsetShare: mean(rs, (r) => r.nearOffsetShare),
    bestNearOffsetShare: mean(rs, (r) => r.bestNearOffsetShare),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const week = '2026-W48';
  const seeded = (members: PairingMember[], circleId: number): PairCircleInput => ({
    members,
    history: makeHistory(members, 52, week),
    seed: pairingSeed(circleId, week),
    rotationKey: pairingRotationKey(circleId),
    week,
  });
  const t200 = time(seeded(makeMembers(200, 'u'), 200), 15);
  const t10k = time(seeded(makeMembers(10_000, 'u'), 10_000), 5);

  const scenarios: Record<string, unknown> = {};
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log('pairing timing');
  console.log(`  200 members, 52 weeks history:     ${t200.medianMs} ms median of ${t200.runs} (target < 20 ms)`);
  console.log(`  10,000 members, 52 weeks history:  ${t10k.medianMs} ms median of ${t10k.runs} (target < 2000 ms)`);
  console.log(`pairing simulations, seeded as production, mean of circles ${CIRCLES.join(', ')}`);
  console.log(`${'scenario'.padEnd(15)}${'strategy'.padEnd(11)}${'repeats'.padStart(8)}${'trio2'.padStart(7)}${'unfair'.padStart(7)}${'gap'.padStart(5)}${'unmet'.padStart(6)}  cross-lane (best)   within 3 h (best)`);
  for (const { name, options, goal } of SCENARIOS) {
    const ours = summarise(CIRCLES.map((circleId) => simulatePairing({ ...options, circleId })));
    const shuffle = summarise(CIRCLES.map((circleId) => simulatePairing({ ...options, circleId, strategy: shufflePairing })));
    scenarios[name] = { options, goal, pairCircle: ours, shuffle };
    for (const [label, s] of [['pairCircle', ours], ['shuffle', shuffle]] as const) {
      console.log(
        `${name.padEnd(15)}${label.padEnd(11)}${String(s.repeats).padStart(8)}${String(s.trioAgainEarly).padStart(7)}${String(s.trioUnfair).padStart(7)}` +
          `${String(s.minGap === Infinity ? '-' : s.minGap).padStart(5)}${String(s.neverMet).padStart(6)}  ${pct(s.crossLaneShare).padStart(6)} (${pct(s.bestCrossLaneShare)})    ${pct(s.nearOffsetShare).padStart(6)} (${pct(s.bestNearOffsetShare)})`,
      );
    }
  }
  const exact = exactShortfalls();
  console.log(
    `small circles (10-12 members, 30 weeks, ${exact.weeks} weeks in all) against each week's exact optimum: ` +
      `${exact.moreRepeats} weeks with more repeats, ${exact.moreSameLane} with more same-lane pairs, ${exact.distanceOver10pc} with clock distance over 110%`,
  );

  const result = {
    timing: {
      members200: { ...t200, targetMs: 20, ok: t200.medianMs < 20 },
      members10k_history52: { ...t10k, targetMs: 2000, ok: t10k.medianMs < 2000 },
    },
    scenarios,
    smallCirclesAgainstExactOptimum: exact,
  };
  await mkdir(join(here, 'results'), { recursive: true });
  await writeFile(join(here, 'results', 'pairing.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run();
}
