/**
 * Recap maths for the weekly circle recap and the leaderboard.
 *
 * Inputs carry only what the figures need: no call notes and no contact names ever enter these
 * types, so nothing private can leak into a channel message built from them. Members who hide from
 * boards appear as "anonymous" with their id withheld.
 */
import type { Outcome } from './checkin.js';

export interface RecapCall {
  memberId: string;
  category: string;
  outcome: Outcome;
  minutes: number | null;
  isCallback: boolean;
  opportunity: boolean;
}

export interface RecapGroup {
  memberIds: string[];
  /** Whether the pair (or trio) said they talked. */
  talked: boolean;
}

/**
 * A week's calls counted: the totals, the calls per member and per category (in first-seen order).
 * `tallyCalls` defines it from the calls; the store counts the same in the database for the recap
 * (about 200 rows for a 200-member circle instead of every call).
 */
export interface RecapTally {
  totals: RecapTotals;
  perMember: readonly { memberId: string; calls: number }[];
  byCategory: Record<string, number>;
}

export interface RecapInput {
  tally: RecapTally;
  /** Members active (not paused) in the circle this week. */
  activeMemberIds: readonly string[];
  goal: number;
  groups: readonly RecapGroup[];
}

export interface RecapTotals {
  calls: number;
  conversations: number;
  voicemails: number;
  noAnswers: number;
  callbacks: number;
  opportunities: number;
  /** Sum of the minutes given (calls without minutes add nothing). */
  minutes: number;
}

export interface RecapFigures {
  totals: RecapTotals;
  /** Active members whose calls this week reached the goal. */
  membersComplete: number;
  activeMembers: number;
  /** Pairings (pairs and trios) that said they talked. */
  pairsTalked: number;
  pairs: number;
  /** Calls per category key, in first-seen order. */
  byCategory: Record<string, number>;
}

/** The tally of a week's calls (what the store's count in the database must equal). */
export function tallyCalls(calls: readonly RecapCall[]): RecapTally {
  const totals: RecapTotals = {
    calls: 0,
    conversations: 0,
    voicemails: 0,
    noAnswers: 0,
    callbacks: 0,
    opportunities: 0,
    minutes: 0,
  };
  const perMember = new Map<string, number>();
  const byCategory: Record<string, number> = {};
  for (const c of calls) {
    totals.calls += 1;
    if (c.outcome === 'conversation') totals.conversations += 1;
    else if (c.outcome === 'voicemail') totals.voicemails += 1;
    else if (c.outcome === 'no_answer') totals.noAnswers += 1;
    if (c.isCallback) totals.callbacks += 1;
    if (c.opportunity) totals.opportunities += 1;
    if (typeof c.minutes === 'number' && Number.isFinite(c.minutes) && c.minutes > 0) totals.minutes += c.minutes;
    perMember.set(c.memberId, (perMember.get(c.memberId) ?? 0) + 1);
    byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
  }
  return { totals, perMember: [...perMember].map(([memberId, n]) => ({ memberId, calls: n })), byCategory };
}

export function recapFigures(input: RecapInput): RecapFigures {
  const { tally } = input;
  const perMember = new Map(tally.perMember.map((m) => [m.memberId, m.calls]));
  const active = new Set(input.activeMemberIds);
  let membersComplete = 0;
  for (const id of active) if ((perMember.get(id) ?? 0) >= input.goal) membersComplete += 1;
  return {
    totals: { ...tally.totals },
    membersComplete,
    activeMembers: active.size,
    pairsTalked: input.groups.filter((g) => g.talked).length,
    pairs: input.groups.length,
    byCategory: { ...tally.byCategory },
  };
}

export interface LeaderboardEntry {
  memberId: string;
  displayName: string;
  boardVisible: boolean;
  currentStreak: number;
  callsThisWeek: number;
  /** Paused this week: listed after everyone who is not, and shown as paused. */
  paused?: boolean;
}

export interface LeaderboardRow {
  /** 1-based position; members tied on calls and streak share a rank. */
  rank: number;
  /** `null` for members who hide from boards. */
  memberId: string | null;
  /** "anonymous" for members who hide from boards. */
  displayName: string;
  anonymous: boolean;
  currentStreak: number;
  callsThisWeek: number;
  paused: boolean;
}

export const ANONYMOUS_NAME = 'anonymous';

/**
 * The week's board: what was done this week ranks it. Rows are ordered by calls this week (desc),
 * then current streak (desc), then member id (a stable tie-break that does not depend on input order);
 * members paused this week come after everyone else, in the same order. Hidden members keep their
 * place but are shown as "anonymous" without their id.
 */
export function leaderboard(input: { entries: readonly LeaderboardEntry[]; limit?: number }): LeaderboardRow[] {
  const pausedOf = (e: LeaderboardEntry): number => (e.paused ? 1 : 0);
  const sorted = [...input.entries].sort(
    (a, b) =>
      pausedOf(a) - pausedOf(b) ||
      b.callsThisWeek - a.callsThisWeek ||
      b.currentStreak - a.currentStreak ||
      (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0),
  );
  const rows: LeaderboardRow[] = [];
  sorted.forEach((e, i) => {
    const prev = sorted[i - 1];
    const prevRow = rows[i - 1];
    const tied = prev !== undefined && pausedOf(prev) === pausedOf(e) && prev.currentStreak === e.currentStreak && prev.callsThisWeek === e.callsThisWeek;
    rows.push({
      rank: tied && prevRow ? prevRow.rank : i + 1,
      memberId: e.boardVisible ? e.memberId : null,
      displayName: e.boardVisible ? e.displayName : ANONYMOUS_NAME,
      anonymous: !e.boardVisible,
      currentStreak: e.currentStreak,
      callsThisWeek: e.callsThisWeek,
      paused: e.paused ?? false,
    });
  });
  return input.limit === undefined ? rows : rows.slice(0, Math.max(0, input.limit));
}
