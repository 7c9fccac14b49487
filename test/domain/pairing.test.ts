import { describe, expect, it } from 'vitest';
import { hashString, pairCircle, pairsOf, seededRandom, seededShuffle, type PairingMember } from '../../src/domain/pairing.js';

const member = (id: string, over: Partial<PairingMember> = {}): PairingMember => ({ id, utcOffsetMinutes: 0, ...over });
const members = (n: number): PairingMember[] => Array.from({ length: n }, (_, i) => member(`m${i}`));
const sizes = (groups: string[][]) => groups.map((g) => g.length).sort();
const pairKey = (a: string, b: string) => [a, b].sort().join('|');

describe('pairCircle: shape', () => {
  it.each<[number, number[]]>([
    [0, []],
    [1, []],
    [2, [2]],
    [3, [3]],
    [4, [2, 2]],
    [5, [2, 3]],
    [6, [2, 2, 2]],
    [7, [2, 2, 3]],
    [24, Array(12).fill(2)],
    [25, [...Array(11).fill(2), 3]],
  ])('%i eligible members give groups of %j', (n, expected) => {
    const { groups } = pairCircle({ members: members(n), history: [], seed: 's' });
    expect(sizes(groups)).toEqual(expected);
    expect(groups.flat().sort()).toEqual(n < 2 ? [] : members(n).map((m) => m.id).sort());
  });

  it('never includes paused or opted-out members, and counts each id once', () => {
    const list = [
      member('a'),
      member('b', { paused: true }),
      member('c', { optedOut: true }),
      member('d'),
      member('a'),
      member('e'),
    ];
    const { groups } = pairCircle({ members: list, history: [], seed: 's' });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.sort()).toEqual(['a', 'd', 'e']);
    expect(pairCircle({ members: [member('a'), member('b', { paused: true })], history: [], seed: 's' }).groups).toEqual([]);
  });

  it('is deterministic for a seed and independent of member order', () => {
    const list = members(30);
    const a = pairCircle({ members: list, history: [], seed: 'circle-1' });
    const b = pairCircle({ members: [...list].reverse(), history: [], seed: 'circle-1' });
    expect(a).toEqual(b);
    const c = pairCircle({ members: list, history: [], seed: 'circle-2' });
    expect(c).not.toEqual(a);
  });
});

describe('pairCircle: preferences', () => {
  it('avoids last week’s partners', () => {
    const history = [{ week: '2026-W10', groups: [['m0', 'm1'], ['m2', 'm3']] }];
    const { groups } = pairCircle({ members: members(4), history, seed: 's', week: '2026-W11' });
    const pairs = pairsOf(groups).map(([a, b]) => pairKey(a, b));
    expect(pairs).not.toContain(pairKey('m0', 'm1'));
    expect(pairs).not.toContain(pairKey('m2', 'm3'));
  });

  it('when everyone has met, repeats the oldest pairing', () => {
    const history = [
      { week: '2026-W08', groups: [['m0', 'm1'], ['m2', 'm3']] },
      { week: '2026-W09', groups: [['m0', 'm2'], ['m1', 'm3']] },
      { week: '2026-W10', groups: [['m0', 'm3'], ['m1', 'm2']] },
    ];
    const { groups } = pairCircle({ members: members(4), history, seed: 's', week: '2026-W11' });
    expect(pairsOf(groups).map(([a, b]) => pairKey(a, b)).sort()).toEqual([pairKey('m0', 'm1'), pairKey('m2', 'm3')]);
  });

  it('ignores history from the week being paired and later', () => {
    const history = [{ week: '2026-W11', groups: [['m0', 'm1'], ['m2', 'm3']] }];
    const withFuture = pairCircle({ members: members(4), history, seed: 's', week: '2026-W11' });
    const without = pairCircle({ members: members(4), history: [], seed: 's', week: '2026-W11' });
    expect(withFuture).toEqual(without);
  });

  it('prefers different lanes (case-insensitive)', () => {
    const list = [member('a', { lane: 'Sales' }), member('b', { lane: 'sales ' }), member('c', { lane: 'Design' }), member('d', { lane: 'design' })];
    for (const seed of ['1', '2', '3', '4', '5']) {
      const { groups } = pairCircle({ members: list, history: [], seed });
      for (const [x, y] of pairsOf(groups)) expect(pairKey(x, y)).not.toMatch(/^(a\|b|c\|d)$/);
    }
  });

  it('prefers offsets within three hours, but lanes come first', () => {
    const near = [member('a', { utcOffsetMinutes: -300 }), member('b', { utcOffsetMinutes: -240 }), member('c', { utcOffsetMinutes: 540 }), member('d', { utcOffsetMinutes: 600 })];
    const lanesFirst = near.map((m, i) => ({ ...m, lane: i < 2 ? 'x' : 'y' }));
    for (const seed of ['1', '2', '3', '4', '5']) {
      const byOffset = pairsOf(pairCircle({ members: near, history: [], seed }).groups).map(([x, y]) => pairKey(x, y)).sort();
      expect(byOffset).toEqual(['a|b', 'c|d']);
      const byLane = pairsOf(pairCircle({ members: lanesFirst, history: [], seed }).groups).map(([x, y]) => pairKey(x, y));
      expect(byLane).not.toContain('a|b');
    }
  });

  it('keeps the rotation when the week seed changes: a stable rotation key, history picks the round', () => {
    const list = members(8);
    const history: { week: string; groups: string[][] }[] = [];
    const met = new Set<string>();
    for (let w = 1; w <= 7; w++) {
      const week = `2026-W${String(w).padStart(2, '0')}`;
      const { groups } = pairCircle({ members: list, history, seed: `7:${week}`, rotationKey: 'circle:7', week });
      for (const [a, b] of pairsOf(groups)) {
        expect(met.has(pairKey(a, b))).toBe(false);
        met.add(pairKey(a, b));
      }
      history.push({ week, groups });
    }
    expect(met.size).toBe(28);
  });

  it('puts people who have not had a trio into the trio', () => {
    const history = [{ week: '2026-W10', groups: [['m0', 'm1', 'm2'], ['m3', 'm4'], ['m5', 'm6'], ['m7', 'm8']] }];
    const { groups } = pairCircle({ members: members(9), history, seed: 's', week: '2026-W11' });
    const trio = groups.find((g) => g.length === 3)!;
    for (const id of trio) expect(['m0', 'm1', 'm2']).not.toContain(id);
    expect(pairsOf(groups).filter(([a, b]) => ['m0|m1', 'm0|m2', 'm1|m2', 'm3|m4', 'm5|m6', 'm7|m8'].includes(pairKey(a, b)))).toEqual([]);
  });

  it('pairs a large circle as a partition, quickly enough for a test', () => {
    const list = Array.from({ length: 1001 }, (_, i) => member(`u${i}`, { lane: `l${i % 5}`, utcOffsetMinutes: (i % 7) * 60 }));
    const { groups } = pairCircle({ members: list, history: [], seed: 'big' });
    expect(groups.flat()).toHaveLength(1001);
    expect(new Set(groups.flat()).size).toBe(1001);
    expect(sizes(groups).filter((s) => s === 3)).toHaveLength(1);
  });
});

describe('seeded helpers', () => {
  it('hash, PRNG and shuffle are deterministic', () => {
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
    const r1 = seededRandom('x');
    const r2 = seededRandom('x');
    const a = [r1(), r1(), r1()];
    expect([r2(), r2(), r2()]).toEqual(a);
    for (const v of a) expect(v >= 0 && v < 1).toBe(true);
    expect(seededShuffle([1, 2, 3, 4, 5], 's')).toEqual(seededShuffle([1, 2, 3, 4, 5], 's'));
    expect(seededShuffle([1, 2, 3, 4, 5], 's').sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
