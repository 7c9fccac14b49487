/**
 * The pairing goals of issue 13, on the simulation called as production calls pairCircle (the week's
 * pairingSeed, the circle's pairingRotationKey, the service's history window).
 */
import { describe, expect, it } from 'vitest';
import { PAIRING_HISTORY_WEEKS, pairingHistorySince } from '../../src/domain/pairing.js';
import { compareWithExact, shufflePairing, simulatePairing, type SimulationOptions } from '../../src/domain/pairing-simulation.js';

describe('pairing goals, seeded as production seeds', () => {
  it('uses the window the service loads', () => {
    expect(PAIRING_HISTORY_WEEKS).toBe(52);
    expect(pairingHistorySince('2026-W10')).toBe('2025-W10');
  });

  it.each([1, 2])('24 members, 23 weeks (circle %i): no repeats', (circleId) => {
    const r = simulatePairing({ members: 24, weeks: 23, circleId });
    expect(r.repeats).toBe(0);
    expect(r.pairs).toBe((24 * 23) / 2);
    expect(r.leftOut).toBe(0);
  });

  it('25 members, 24 weeks: 36 repeats and 2 early trio seats, both the minimum', () => {
    const r = simulatePairing({ members: 25, weeks: 24, circleId: 3 });
    expect(r.repeats).toBe(36);
    expect(r.trioAgainEarly).toBe(2);
    expect(r.neverMet).toBe(0);
  });

  it('60 members, 10% weekly churn, 52 weeks: no repeats, and more cross-lane pairs than a shuffle', () => {
    const options: SimulationOptions = { members: 60, weeks: 52, churn: 0.1, circleId: 4 };
    const ours = simulatePairing(options);
    const shuffle = simulatePairing({ ...options, strategy: shufflePairing });
    expect(ours.repeats).toBe(0);
    expect(ours.leftOut).toBe(0);
    expect(shuffle.repeats).toBeGreaterThan(0);
    expect(ours.crossLaneShare).toBeGreaterThan(0.9);
    expect(ours.nearOffsetShare).toBeGreaterThan(shuffle.nearOffsetShare + 0.2);
  });

  it('60 members with churn and pauses: no repeats, nobody paused paired, nobody eligible left out', () => {
    const r = simulatePairing({ members: 60, weeks: 52, churn: 0.1, pauseRate: 0.1, circleId: 5 });
    expect(r.repeats).toBe(0);
    expect(r.includedIneligible).toBe(0);
    expect(r.leftOut).toBe(0);
  });

  it('12 members, 52 weeks: everyone meets everyone, no pair again sooner than 11 weeks', () => {
    const r = simulatePairing({ members: 12, weeks: 52, circleId: 6 });
    expect(r.neverMet).toBe(0);
    expect(r.leftOut).toBe(0);
    expect(r.minGap).toBe(11);
    expect(r.firstRepeatWeek).toBe(12);
  });
});

describe('small circles against the exact optimum of each week', () => {
  const scenarios: [string, SimulationOptions][] = [
    ['12 static', { members: 12, weeks: 24, circleId: 7 }],
    ['12 with churn and pauses', { members: 12, weeks: 24, churn: 0.1, pauseRate: 0.1, circleId: 8 }],
    ['11 with churn, pauses, 3 lanes', { members: 11, weeks: 24, churn: 0.1, pauseRate: 0.15, lanes: 3, circleId: 9 }],
  ];
  it.each(scenarios)('%s: never more repeats than the optimum; lanes and zones short of it only while the rotation holds', (_name, options) => {
    let weeks = 0;
    let shortfalls = 0;
    simulatePairing({
      ...options,
      onWeek: (input, groups) => {
        const { ours, optimum } = compareWithExact(input, groups);
        weeks += 1;
        expect(ours.repeats).toBeLessThanOrEqual(optimum.repeats);
        if (ours.sameLane > optimum.sameLane || ours.distanceMinutes > optimum.distanceMinutes * 1.1) shortfalls += 1;
      },
    });
    expect(weeks).toBe(options.weeks);
    // Regression guard on what the rotation costs lanes and zones (see the README).
    expect(shortfalls).toBeLessThanOrEqual(Math.ceil(weeks * 0.8));
  });
});
