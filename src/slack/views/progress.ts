/**
 * View models shared by the builders that show a member's week. `MemberProgress` (services/progress.ts)
 * is structurally a `ProgressView` and a `HomeProgress`, so listeners can pass it as it is.
 */
import type { Playbook } from '../../domain/playbooks.js';
import type { LeaderboardRow } from '../../domain/recap.js';
import type { WeekSquare, WeekSquareState } from '../../domain/streaks.js';
import type { TodaySuggestion } from '../../domain/today.js';
import { esc, lines, progress } from './blocks.js';

export interface ProgressView {
  playbook: Playbook;
  goal: number;
  /** ISO week key, e.g. `2026-W48`. */
  week: string;
  suggestion: TodaySuggestion;
  /** Calls this week that were conversations. */
  conversations: number;
  streak: { current: number; best: number };
  pausedThisWeek: boolean;
  /** The member's local date (`YYYY-MM-DD`), for "called 12 days ago" beside suggestions. */
  today?: string;
}

export interface HomeProgress extends ProgressView {
  /** Recent weeks, oldest first, ending with the current week. */
  squares: WeekSquare[];
  /** The next pause after this week, if one is booked. */
  upcomingPause?: { firstWeek: string; lastWeek: string } | null;
}

export const SQUARE_EMOJI: Readonly<Record<WeekSquareState, string>> = {
  complete: ':large_green_square:',
  partial: ':large_yellow_square:',
  missed: ':white_large_square:',
  paused: ':double_vertical_bar:',
  current: ':large_blue_square:',
};

export const DONE = ':white_check_mark:';
export const NOT_DONE = ':radio_button:';

/** "2/5 calls (1 conversation)". */
export function progressLine(logged: number, goal: number, conversations: number): string {
  return `*${progress(logged, goal)}* calls · ${conversations} ${conversations === 1 ? 'conversation' : 'conversations'}`;
}

export function streakLine(streak: { current: number; best: number }): string {
  const weeks = (n: number): string => `${n} ${n === 1 ? 'week' : 'weeks'}`;
  if (streak.current === 0 && streak.best === 0) return ':fire: No streak yet: finish a week to start one.';
  return `:fire: Streak: *${weeks(streak.current)}* · best ${weeks(streak.best)}`;
}

const MEDALS = [':first_place_medal:', ':second_place_medal:', ':third_place_medal:'];

/** One line per leaderboard row; hidden members are "anonymous" (the domain already withholds them). */
export function boardLines(rows: readonly LeaderboardRow[]): string[] {
  return rows.map((r) => {
    const name = r.anonymous ? '_anonymous_' : esc(r.displayName);
    // Paused members are not ranked: their week neither counts nor breaks anything.
    if (r.paused) return `${SQUARE_EMOJI.paused} ${name} · :fire: ${r.currentStreak} · paused this week`;
    const badge = MEDALS[r.rank - 1] ?? `${r.rank}.`;
    return `${badge} ${name} · :fire: ${r.currentStreak} · ${r.callsThisWeek} ${r.callsThisWeek === 1 ? 'call' : 'calls'} this week`;
  });
}

export { lines };
