/**
 * Birthdays on the member's call list: on the day, at the member's plan time (their circle's plan
 * time, solo 09:00, in the member's own zone), one DM names whose birthday it is, with a "Log it" for
 * each. Only the member who keeps the person hears of it. Missed runs catch up the same day only
 * (dedupe `birthday:<member>:<date>`); paused members get none.
 */
import type { Circle, Member } from '../db/types.js';
import { memberTimeZone } from '../domain/members.js';
import { isBirthdayOn } from '../domain/people.js';
import { instantAtDate, localDateOf, parseLocalDate, weekKeyOf } from '../domain/weeks.js';
import { listActiveCircles } from '../store/circles.js';
import { contactsWithBirthday } from '../store/contacts.js';
import { listActiveMembers } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import { pausedMemberIds } from '../store/pauses.js';
import { SOLO_PLAN_TIME, type ServiceContext } from './messages.js';
import { playbookFor } from './people.js';

export const birthdayDedupeKey = (memberId: number, date: string): string => `birthday:${memberId}:${date}`;

/** When a member's birthday note on local `date` is due. */
export function birthdayNoteDueAt(member: Member, circle: Circle | undefined, date: string): Date {
  return instantAtDate(date, circle?.plan_time ?? SOLO_PLAN_TIME, memberTimeZone(member));
}

export async function sendDueBirthdayNotes(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const circles = new Map((await listActiveCircles(db, workspaceId)).map((c) => [c.id, c]));
  const due: { m: Member; date: string; circle: Circle | undefined }[] = [];
  for (const m of await listActiveMembers(db, workspaceId)) {
    const date = localDateOf(now, memberTimeZone(m));
    const circle = m.circle_id !== null ? circles.get(m.circle_id) : undefined;
    if (now.getTime() >= birthdayNoteDueAt(m, circle, date).getTime()) due.push({ m, date, circle });
  }
  if (due.length === 0) return 0;
  const days = new Map<string, { month: number; day: number }>();
  for (const d of due) {
    const p = parseLocalDate(d.date)!;
    days.set(`${p.month}-${p.day}`, { month: p.month, day: p.day });
    // 29 February birthdays are kept on 28 February in other years.
    if (p.month === 2 && p.day === 28) days.set('2-29', { month: 2, day: 29 });
  }
  const people = await contactsWithBirthday(db, workspaceId, [...days.values()]);
  if (people.length === 0) return 0;
  let sent = 0;
  for (const d of due) {
    const theirs = people.filter((c) => c.member_id === d.m.id && isBirthdayOn({ birthdayMonth: c.birthday_month, birthdayDay: c.birthday_day }, d.date));
    if (theirs.length === 0) continue;
    const paused = await pausedMemberIds(db, workspaceId, [d.m.id], weekKeyOf(now, memberTimeZone(d.m)));
    if (paused.has(d.m.id)) continue;
    const playbook = playbookFor(d.circle ?? null);
    const category = playbook.categories.some((c) => c.key === 'birthday') ? 'birthday' : '';
    const msg = ctx.messages({ kind: 'birthdayNote', date: d.date, people: theirs.map((c) => ({ id: c.id, name: c.name })), category });
    if (await enqueueMessage(db, { ...memberDm(d.m, msg), dedupeKey: birthdayDedupeKey(d.m.id, d.date), kind: 'birthday', at: now })) sent++;
  }
  return sent;
}
