/**
 * "Which call fits today?" — the suggestion behind `/calls today` and the weekday nudge.
 *
 * Rules:
 * - A category is *done* this week once at least one call in it is logged.
 * - The suggestion is the next category not yet done, in playbook order.
 * - The first category of the playbook (the soundboard call in "five-calls") belongs early in the
 *   week: on Monday and Tuesday it comes first unless done. From Wednesday on it is still offered,
 *   but only after the other open categories, since a partner call is best set up early.
 * - When every category is done the suggestion is `null` (the member may still be short of the goal
 *   if the goal is larger than the playbook; `remaining` says so).
 * - Every logged call counts toward the goal, including calls in a category the playbook no longer
 *   has (those mark nothing done).
 */
import type { Category, Playbook } from './playbooks.js';

export interface TodaySuggestion {
  /** The category to call today, or `null` when every category is done this week. */
  category: Category | null;
  /** Keys of the categories done this week, in playbook order. */
  doneKeys: string[];
  /** Calls logged this week (every attempt counts). */
  logged: number;
  goal: number;
  /** Calls still needed to reach the goal (never negative). */
  remaining: number;
  /** True once `logged >= goal`. */
  complete: boolean;
}

export interface SuggestTodayInput {
  playbook: Playbook;
  /** This week's logged calls for the member (only the category matters here). */
  calls: readonly { category: string }[];
  /** Today's ISO weekday in the member's zone: Monday = 1 ... Sunday = 7. */
  isoWeekday: number;
  /** Weekly goal (calls), usually 5. */
  goal: number;
}

/** Weekdays on which the playbook's first category leads the suggestions. */
export const EARLY_WEEKDAYS: readonly number[] = [1, 2];

export function suggestToday(input: SuggestTodayInput): TodaySuggestion {
  const { playbook, calls, isoWeekday, goal } = input;
  if (!Number.isInteger(isoWeekday) || isoWeekday < 1 || isoWeekday > 7) {
    throw new RangeError(`isoWeekday must be 1 (Monday) to 7 (Sunday), got ${isoWeekday}`);
  }
  if (!Number.isInteger(goal) || goal < 0) throw new RangeError(`goal must be a whole number, got ${goal}`);

  const logged = new Set(calls.map((c) => c.category));
  const doneKeys = playbook.categories.filter((c) => logged.has(c.key)).map((c) => c.key);
  const open = playbook.categories.filter((c) => !logged.has(c.key));

  let category: Category | null = open[0] ?? null;
  const first = playbook.categories[0];
  if (category !== null && first !== undefined && category.key === first.key && !EARLY_WEEKDAYS.includes(isoWeekday)) {
    // Later in the week: other open categories first, the first category last.
    category = open[1] ?? category;
  }

  const count = calls.length;
  return {
    category,
    doneKeys,
    logged: count,
    goal,
    remaining: Math.max(0, goal - count),
    complete: count >= goal,
  };
}
