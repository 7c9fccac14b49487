/**
 * Pairing benchmark (not a timed test): how long `pairCircle` takes for a 200-member circle and a
 * 10,000-member circle with 52 weeks of history (median of several runs), and the simulation's
 * quality figures beside a plain seeded shuffle. Prints a table and writes bench/results/pairing.json.
 *
 *   npx tsx bench/pairing.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pairCircle, type PairCircleInput, type PairingHistoryWeek, type PairingMember } from '../src/domain/pairing.js';
import { shufflePairing, simulatePairing, type SimulationResult } from '../src/domain/pairing-simulation.js';
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

export async function run(): Promise<Record<string, unknown>> {
  const week = '2026-W48';
  const small = makeMembers(200, 'u');
  const smallInput: PairCircleInput = { members: small, history: makeHistory(small, 52, week), seed: 'bench-200', week };
  const large = makeMembers(10_000, 'u');
  const largeInput: PairCircleInput = { members: large, history: makeHistory(large, 52, week), seed: 'bench-10k', week };

  const t200 = time(smallInput, 15);
  const t10k = time(largeInput, 5);

  const sim = { members: 60, weeks: 52, churn: 0.1, pauseRate: 0.05, seed: 'bench' };
  const ours = simulatePairing(sim);
  const baseline = simulatePairing({ ...sim, strategy: shufflePairing });
  const static24 = simulatePairing({ members: 24, weeks: 23, seed: 'bench' });
  const static25 = simulatePairing({ members: 25, weeks: 25, seed: 'bench' });

  const result = {
    timing: {
      members200: { ...t200, targetMs: 20, ok: t200.medianMs < 20 },
      members10k_history52: { ...t10k, targetMs: 2000, ok: t10k.medianMs < 2000 },
    },
    simulation: { options: sim, pairCircle: ours, shuffleBaseline: baseline },
    static24_23weeks: static24,
    static25_25weeks: static25,
  };

  const row = (label: string, a: SimulationResult, b: SimulationResult): string =>
    `${label.padEnd(16)}${String(a.repeats).padStart(9)}${String(a.trioRepeats).padStart(8)}${String(a.trioUnfair).padStart(8)}` +
    `${(a.crossLaneShare * 100).toFixed(1).padStart(10)}%${(a.nearOffsetShare * 100).toFixed(1).padStart(9)}%` +
    `   (shuffle: ${b.repeats} repeats, ${b.trioUnfair} unfair trio seats, ${(b.crossLaneShare * 100).toFixed(1)}% cross-lane)`;
  console.log('pairing timing');
  console.log(`  200 members, 52 weeks history:     ${t200.medianMs} ms median of ${t200.runs} (target < 20 ms)`);
  console.log(`  10,000 members, 52 weeks history:  ${t10k.medianMs} ms median of ${t10k.runs} (target < 2000 ms)`);
  console.log('pairing simulation (60 members, 10% weekly churn, 5% paused, 52 weeks)');
  console.log(`${''.padEnd(16)}${'repeats'.padStart(9)}${'trio2+'.padStart(8)}${'unfair'.padStart(8)}${'crossLane'.padStart(11)}${'near tz'.padStart(10)}`);
  console.log(row('pairCircle', ours, baseline));
  console.log(row('shuffle', baseline, baseline));
  console.log(`static 24 members, 23 weeks: ${static24.repeats} repeats`);
  console.log(`static 25 members, 25 weeks: ${static25.repeats} repeats (50 forced by arithmetic), trio seats per member ${static25.minTrioSeats}..${static25.maxTrioSeats}, ${static25.trioUnfair} out-of-turn trio seats`);

  await mkdir(join(here, 'results'), { recursive: true });
  await writeFile(join(here, 'results', 'pairing.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run();
}
