/**
 * Which weeks a pause covers. Pauses start next week: `pause` alone is next week, `pause N weeks` the
 * next N weeks, `pause until DATE` from next week through the week holding DATE (not in the past, within
 * six months). Pure.
 */
import { addDays, addWeeks, compareWeeks, daysBetween, nextWeek, weekDistance, weekKeyOfDate, type WeekKey } from './weeks.js';

export type PauseRequest = { kind: 'next' } | { kind: 'weeks'; weeks: number } | { kind: 'until'; date: string };

export const PAUSE_MAX_WEEKS = 12;
export const PAUSE_MAX_DAYS_AHEAD = 183;

export type PauseResult = { ok: true; firstWeek: WeekKey; lastWeek: WeekKey; weeks: number } | { ok: false; message: string };

/** Which weeks a request covers, or why it is not valid. Pure. */
export function pauseWeeks(request: PauseRequest, today: string, thisWeek: WeekKey): PauseResult {
  const firstWeek = nextWeek(thisWeek);
  if (request.kind === 'next') return { ok: true, firstWeek, lastWeek: firstWeek, weeks: 1 };
  if (request.kind === 'weeks') {
    if (!Number.isInteger(request.weeks) || request.weeks < 1 || request.weeks > PAUSE_MAX_WEEKS) {
      return { ok: false, message: `You can pause for 1 to ${PAUSE_MAX_WEEKS} weeks at a time.` };
    }
    return { ok: true, firstWeek, lastWeek: addWeeks(firstWeek, request.weeks - 1), weeks: request.weeks };
  }
  const days = daysBetween(today, request.date);
  if (days < 0) return { ok: false, message: `${request.date} is in the past. Pick a date from next week on.` };
  if (days > PAUSE_MAX_DAYS_AHEAD) {
    return { ok: false, message: `Pick a date within six months (up to ${addDays(today, PAUSE_MAX_DAYS_AHEAD)}).` };
  }
  const lastWeek = weekKeyOfDate(request.date);
  if (compareWeeks(lastWeek, firstWeek) < 0) {
    return { ok: false, message: `${request.date} is this week, and pauses start next week. Try \`/calls pause\` to pause next week.` };
  }
  return { ok: true, firstWeek, lastWeek, weeks: weekDistance(firstWeek, lastWeek) + 1 };
}

/** The members whose pause covers `week` (pauses as stored: a member and an inclusive week range). */
export function membersPausedIn(pauses: readonly { member_id: number; first_week: string; last_week: string }[], week: string): Set<number> {
  return new Set(pauses.filter((p) => p.first_week <= week && week <= p.last_week).map((p) => p.member_id));
}
