/**
 * Pausing and resuming: paused weeks neither count nor break a streak, and paused members are skipped by
 * pairing, plans and nudges. Weeks are keyed in the member's own zone. Pauses start next week: `pause`
 * alone is next week, `pause N weeks` the next N weeks, `pause until DATE` from next week through the week
 * holding DATE (not in the past, within six months).
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Member } from '../db/types.js';
import { memberTimeZone } from '../domain/members.js';
import { pauseWeeks, type PauseRequest, type PauseResult } from '../domain/pauses.js';
import { localDateOf, prevWeek, weekKeyOf, weeksBetween } from '../domain/weeks.js';
import { pausedWeeksOf } from './progress.js';
import { endPausesFrom, insertPause } from '../store/pauses.js';

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
