/**
 * The app's own timetable: the next instant after a given one at which the scheduler has work, read
 * from the database (every circle's settings, every member's zone and nudge time) with the same
 * due-time rules the jobs use (planDueAt, pairingDueAt, pairCheckDueAt, recapDueAt, atRiskDueAt,
 * nudgeDueAt). The sandbox's "Next event" asks this through src/sandbox-runtime.ts, so it follows an
 * admin's changes to plan and recap times, time zones and pairing.
 */
import type { Db } from '../db/index.js';
import { addDays, localDateOf, nextWeek, weekKeyOf, type WeekKey } from '../domain/weeks.js';
import { listActiveCircles } from '../store/circles.js';
import { memberTimeZone } from '../domain/members.js';
import { listActiveMembers } from '../store/members.js';
import { listActiveWorkspaces } from '../store/workspaces.js';
import { atRiskDueAt, nudgeDueAt } from './nudges.js';
import { membersByCircle, pairCheckDueAt, pairingDueAt } from './pairing.js';
import { planDueAt } from './plans.js';
import { recapDueAt } from './recap.js';
import { nextBriefNudge } from './briefs.js';
import { reviewDueAt } from './review.js';
import { nextPendingReminder } from '../store/reminders.js';

export interface ScheduledEvent {
  at: Date;
  /** What falls due then, e.g. "Weekly plans (Sydney) + Soundboard pairing". */
  label: string;
}

/** "New York" from "America/New_York". */
const zoneCity = (tz: string): string => (tz.split('/').pop() ?? tz).replace(/_/g, ' ');

/** A zone's current week and the next: every rule falls due once a week, so one of them holds the next instant. */
const twoWeeks = (after: Date, tz: string): WeekKey[] => {
  const week = weekKeyOf(after, tz);
  return [week, nextWeek(week)];
};

/**
 * The first scheduled event strictly after `after` in the given workspaces (default: every active
 * one). Events at the same instant are one event, their labels joined. Null when nothing is scheduled.
 */
export async function nextScheduledEvent(db: Db, after: Date, options: { workspaceIds?: readonly string[] } = {}): Promise<ScheduledEvent | null> {
  const workspaceIds = options.workspaceIds ?? (await listActiveWorkspaces(db)).map((w) => w.id);
  let first: ScheduledEvent[] = [];
  const consider = (at: Date | null, label: string): void => {
    if (!at || at.getTime() <= after.getTime()) return;
    const best = first[0]?.at.getTime();
    if (best === undefined || at.getTime() < best) first = [{ at, label }];
    else if (at.getTime() === best) first.push({ at, label });
  };
  for (const workspaceId of workspaceIds) {
    const circles = await listActiveCircles(db, workspaceId);
    const members = await listActiveMembers(db, workspaceId);
    const byCircle = membersByCircle(members);
    const circleById = new Map(circles.map((c) => [c.id, c]));
    for (const circle of circles) {
      const where = circles.length > 1 && circle.name ? ` (#${circle.name})` : '';
      for (const week of twoWeeks(after, circle.tz)) {
        if (circle.pairing_enabled) {
          consider(pairingDueAt(circle, byCircle.get(circle.id) ?? [], week), `Soundboard pairing${where}`);
          consider(pairCheckDueAt(circle, week), `Mid-week check${where}`);
        }
        const recap = recapDueAt(circle, week);
        // The recap job skips a circle created after that week's recap time.
        if (new Date(circle.created_at).getTime() <= recap.getTime()) consider(recap, `Weekly recap${where}`);
      }
    }
    for (const m of members) {
      const tz = memberTimeZone(m);
      const city = zoneCity(tz);
      const circle = m.circle_id !== null ? circleById.get(m.circle_id) : undefined;
      for (const week of twoWeeks(after, tz)) {
        consider(planDueAt(m, circle, week), `Weekly plans (${city})`);
        consider(atRiskDueAt(m, week), `Streak-at-risk nudges (${city})`);
        consider(reviewDueAt(m, circle, week), `30-day reviews (${city})`);
      }
      const today = localDateOf(after, tz);
      for (let d = 0; d <= 7; d++) consider(nudgeDueAt(m, addDays(today, d)), `Daily nudges (${city})`);
    }
    const reminder = await nextPendingReminder(db, workspaceId, after);
    if (reminder) consider(new Date(reminder.due_at), reminder.kind === 'follow_up' ? 'Follow-up reminders' : reminder.kind === 'retry' ? 'Call-again reminders' : 'Scheduled calls');
    consider(await nextBriefNudge(db, workspaceId, after), 'Brief reminders');
  }
  const at = first[0]?.at;
  if (!at) return null;
  return { at, label: [...new Set(first.map((e) => e.label))].join(' + ') };
}
