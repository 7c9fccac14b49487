/**
 * The 30-day review: a member's last 30 days (today included) against the 30 before, the categories
 * their plans asked for most often without a call, who called back, and who has waited longest.
 * Pure: the calls, the plans and the contacts come in as rows.
 */
import { addDays, daysBetween, type LocalDate } from './weeks.js';

export const REVIEW_DAYS = 30;
/** The review comes every four weeks. */
export const REVIEW_EVERY_WEEKS = 4;

export interface ReviewCall {
  call_date: string;
  category: string;
  outcome: 'conversation' | 'voicemail' | 'no_answer';
  is_callback: boolean;
  opportunity: boolean;
  contact_name: string;
}

export interface ReviewPlan {
  week: string;
  categories: string[];
}

export interface ReviewContact {
  name: string;
  last_called_on: string | null;
}

export interface ReviewTotals {
  calls: number;
  conversations: number;
  voicemails: number;
  callbacks: number;
  opportunities: number;
}

export interface ReviewFigures {
  /** First and last day of the last 30 days, and of the 30 before. */
  period: { start: LocalDate; end: LocalDate };
  previous: { start: LocalDate; end: LocalDate };
  current: ReviewTotals;
  before: ReviewTotals;
  /** Categories planned but not called, most often first (weeks skipped), at most 3. */
  skipped: { category: string; weeks: number }[];
  /** People who called back in the last 30 days (distinct, most recent first), at most 10. */
  calledBack: string[];
  /** People waiting longest since their last call (never called first), at most 5. */
  overdue: { name: string; daysSince: number | null }[];
}

function totals(calls: readonly ReviewCall[]): ReviewTotals {
  return {
    calls: calls.length,
    conversations: calls.filter((c) => c.outcome === 'conversation').length,
    voicemails: calls.filter((c) => c.outcome === 'voicemail').length,
    callbacks: calls.filter((c) => c.is_callback).length,
    opportunities: calls.filter((c) => c.opportunity).length,
  };
}

export function reviewFigures(input: {
  today: LocalDate;
  calls: readonly ReviewCall[];
  /** The member's plans of the weeks the last 30 days touch, with the calls of those weeks. */
  plans: readonly ReviewPlan[];
  planCalls: readonly { week: string; category: string }[];
  contacts: readonly ReviewContact[];
}): ReviewFigures {
  const end = input.today;
  const start = addDays(end, -(REVIEW_DAYS - 1));
  const prevEnd = addDays(start, -1);
  const prevStart = addDays(prevEnd, -(REVIEW_DAYS - 1));
  const within = (c: ReviewCall, a: string, b: string) => c.call_date >= a && c.call_date <= b;
  const current = input.calls.filter((c) => within(c, start, end));
  const before = input.calls.filter((c) => within(c, prevStart, prevEnd));

  const done = new Set(input.planCalls.map((c) => `${c.week}|${c.category}`));
  const skippedCount = new Map<string, number>();
  for (const p of input.plans) {
    for (const cat of p.categories) {
      if (!done.has(`${p.week}|${cat}`)) skippedCount.set(cat, (skippedCount.get(cat) ?? 0) + 1);
    }
  }
  const skipped = [...skippedCount.entries()]
    .map(([category, weeks]) => ({ category, weeks }))
    .sort((a, b) => b.weeks - a.weeks || a.category.localeCompare(b.category))
    .slice(0, 3);

  const calledBack: string[] = [];
  for (const c of [...current].sort((a, b) => b.call_date.localeCompare(a.call_date))) {
    if (c.is_callback && !calledBack.some((n) => n.toLowerCase() === c.contact_name.toLowerCase())) calledBack.push(c.contact_name);
  }

  const overdue = [...input.contacts]
    .sort((a, b) => (a.last_called_on ?? '').localeCompare(b.last_called_on ?? '') || a.name.localeCompare(b.name))
    .slice(0, 5)
    .map((c) => ({ name: c.name, daysSince: c.last_called_on ? daysBetween(c.last_called_on, end) : null }));

  return { period: { start, end }, previous: { start: prevStart, end: prevEnd }, current: totals(current), before: totals(before), skipped, calledBack: calledBack.slice(0, 10), overdue };
}
