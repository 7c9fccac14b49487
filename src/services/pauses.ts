/**
 * Pausing and resuming: paused weeks neither count nor break a streak, and paused members are skipped by
 * pairing, plans and nudges. Weeks are keyed in the member's own zone. Pauses start next week: `pause`
 * alone is next week, `pause N weeks` the next N weeks, `pause until DATE` from next week through the week
 * holding DATE (not in the past, within six months).
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Member } from '../db/types.js';
import { addDays, addWeeks, compareWeeks, daysBetween, localDateOf, nextWeek, prevWeek, weekKeyOf, weekDistance, weekKeyOfDate, weeksBetween, type WeekKey } from '../domain/weeks.js';
import { memberTimeZone } from '../store/members.js';
import { pausedWeeksOf } from './progress.js';
import { endPausesFrom, insertPause } from '../store/pauses.js';

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

export async function pauseMember(db: Db, clock: Clock, member: Member, request: PauseRequest): Promise<PauseResult> {
  const zone = memberTimeZone(member);
  const now = clock.now();
  const r = pauseWeeks(request, localDateOf(now, zone), weekKeyOf(now, zone));
  if (!r.ok) return r;
  // Pressing "Pause next week" twice, or pausing weeks already paused, adds nothing.
  const paused = await pausedWeeksOf(db, member);
  if (weeksBetween(r.firstWeek, r.lastWeek).every((w) => paused.has(w))) return r;
  await insertPause(db, {
    workspaceId: member.workspace_id,
    memberId: member.id,
    firstWeek: r.firstWeek,
    lastWeek: r.lastWeek,
    untilDate: request.kind === 'until' ? request.date : null,
    at: now,
  });
  return r;
}

/** Ends every pause from this week on. Returns how many pauses changed (0: nothing was paused). */
export async function resumeMember(db: Db, clock: Clock, member: Member): Promise<number> {
  const now = clock.now();
  const week = weekKeyOf(now, memberTimeZone(member));
  return db.transaction().execute((trx) => endPausesFrom(trx, member.workspace_id, member.id, week, prevWeek(week), now));
}
