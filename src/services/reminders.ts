/**
 * Reminders: one mechanism for "a DM to a member at a local date and time".
 * - A follow-up date set in a check-in: on that date at the member's plan time (their circle's plan
 *   time, or 09:00 solo), in their zone (`follow-up:<call id>`).
 * - "Remind me in 2 days" on a voicemail or no-answer confirmation (`retry:<call id>`).
 * - A call scheduled ahead from the Schedule modal: a day this week and a time (`schedule:<view id>`).
 * The DM names the person, and for a follow-up the note's first line; it offers "Log it" (the check-in
 * modal, prefilled) and "Snooze a week". `sendDueReminders` (the scheduler) marks a due reminder sent
 * and enqueues its DM in one transaction, once per generation; a snooze moves it a week on.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Call, Member, Reminder } from '../db/types.js';
import { memberTimeZone } from '../domain/members.js';
import { findCategory, playbookOrDefault } from '../domain/playbooks.js';
import { firstLine, RETRY_AFTER_DAYS, scheduleDays, SNOOZE_DAYS, validateSchedule, type RawSchedule, type ScheduleField } from '../domain/reminders.js';
import { addDays, instantAtDate, localDateOf, localTimeOf } from '../domain/weeks.js';
import { getMemberCall } from '../store/calls.js';
import { circleOf } from '../store/circles.js';
import { findMemberContactByName, getMemberContact } from '../store/contacts.js';
import { getMemberBySlackId, listActiveMembers } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import { countOpenReminders, getMemberReminder, insertReminderOnce, listDueReminders, listOpenReminders, listPendingReminders, markReminderDone, markReminderSent, moveReminder, setReminderDueAt } from '../store/reminders.js';
import { SOLO_PLAN_TIME, type ServiceContext } from './messages.js';

/** The member's plan time (their circle's, or 09:00 solo): when follow-ups and retries arrive. */
export async function memberPlanTime(db: Db, member: Member): Promise<string> {
  return (await circleOf(db, member))?.plan_time ?? SOLO_PLAN_TIME;
}

function due(member: Member, date: string, time: string): { dueOn: string; dueTime: string; dueAt: Date } {
  return { dueOn: date, dueTime: time, dueAt: instantAtDate(date, time, memberTimeZone(member)) };
}

/** A reminder about a logged call (its person and call type), due on a local day at a local time. */
async function remindAboutCall(db: Db, clock: Clock, member: Member, call: Call, kind: 'follow_up' | 'retry', dueOn: string, dedupeKey: string): Promise<Reminder> {
  const { reminder } = await insertReminderOnce(db, {
    workspaceId: member.workspace_id,
    memberId: member.id,
    contactId: call.contact_id,
    contactName: call.contact_name,
    callId: call.id,
    category: call.category,
    kind,
    ...due(member, dueOn, await memberPlanTime(db, member)),
    dedupeKey,
    at: clock.now(),
  });
  return reminder;
}

/** In a check-in's transaction: the follow-up reminder for a call with a follow-up date. */
export async function addFollowUp(db: Db, clock: Clock, member: Member, call: Call): Promise<Reminder | null> {
  if (!call.follow_up_on) return null;
  return remindAboutCall(db, clock, member, call, 'follow_up', call.follow_up_on, `follow-up:${call.id}`);
}

export type ReminderResult = { ok: true; reminder: Reminder } | { ok: false; reason: 'not_found' | 'answered' };

/** A delivered reminder nobody acted on stays on the App Home this long, then only its DM has it. */
export const HOME_REMINDER_DAYS = 7;

/** The App Home's "Coming up": the member's soonest few open reminders (due from a week ago on) and how many. */
export async function homeReminders(db: Db, clock: Clock, member: Member, few = 3): Promise<{ total: number; soonest: Reminder[] }> {
  const since = new Date(clock.now().getTime() - HOME_REMINDER_DAYS * 86_400_000);
  const [soonest, total] = await Promise.all([listOpenReminders(db, member.workspace_id, member.id, since, few), countOpenReminders(db, member.workspace_id, member.id, since)]);
  return { total, soonest };
}

/** "Remind me in 2 days" on an unanswered call's confirmation: the member's plan time, two days on. */
export async function remindAgain(ctx: ServiceContext, input: { workspaceId: string; slackUserId: string; callId: number }): Promise<ReminderResult> {
  const { db, clock } = ctx;
  const member = await getMemberBySlackId(db, input.workspaceId, input.slackUserId);
  if (!member) return { ok: false, reason: 'not_found' };
  const call = await getMemberCall(db, input.workspaceId, member.id, input.callId);
  if (!call) return { ok: false, reason: 'not_found' };
  if (call.outcome === 'conversation') return { ok: false, reason: 'answered' };
  const today = localDateOf(clock.now(), memberTimeZone(member));
  const reminder = await remindAboutCall(db, clock, member, call, 'retry', addDays(today, RETRY_AFTER_DAYS), `retry:${call.id}`);
  return { ok: true, reminder };
}

/** What the Schedule modal shows: the person, the days of this week, a suggested time. */
export interface ScheduleSetting {
  contactId: number | null;
  name: string;
  category: string | null;
  today: string;
  days: string[];
  /** The member's local time now, `HH:MM`. */
  nowTime: string;
  playbookCategories: { key: string; title: string }[];
}

export type ScheduleTarget = { contactId: number } | { name: string };

/**
 * The Schedule modal's setting for one of the member's contacts (by id: refused when not theirs) or a
 * name (their contact of that name when there is one).
 */
export async function scheduleSetting(db: Db, clock: Clock, member: Member, target: ScheduleTarget, category: string | null): Promise<ScheduleSetting | null> {
  let contactId: number | null = null;
  let name: string;
  if ('contactId' in target) {
    const contact = await getMemberContact(db, member.workspace_id, member.id, target.contactId);
    if (!contact) return null;
    contactId = contact.id;
    name = contact.name;
  } else {
    const contact = await findMemberContactByName(db, member.workspace_id, member.id, target.name);
    contactId = contact?.id ?? null;
    name = contact?.name ?? target.name;
  }
  const tz = memberTimeZone(member);
  const today = localDateOf(clock.now(), tz);
  const playbook = playbookOrDefault((await circleOf(db, member))?.playbook);
  return {
    contactId,
    name,
    category: category && findCategory(playbook, category) ? category : null,
    today,
    days: scheduleDays(today),
    nowTime: localTimeOf(clock.now(), tz),
    playbookCategories: playbook.categories.map((c) => ({ key: c.key, title: c.title })),
  };
}

export type ScheduleResult = { ok: true; reminder: Reminder; created: boolean } | { ok: false; errors: Partial<Record<ScheduleField, string>> } | { ok: false; refused: true };

/** The Schedule modal submitted: validated in the member's zone, saved once per view. */
export async function scheduleCall(
  ctx: ServiceContext,
  input: { workspaceId: string; slackUserId: string; viewId: string; contactId: number | null; name: string; category: string | null; raw: RawSchedule },
): Promise<ScheduleResult> {
  const { db, clock } = ctx;
  const member = await getMemberBySlackId(db, input.workspaceId, input.slackUserId);
  if (!member) return { ok: false, refused: true };
  let name = input.name.trim().slice(0, 80);
  if (input.contactId !== null) {
    const contact = await getMemberContact(db, input.workspaceId, member.id, input.contactId);
    if (!contact) return { ok: false, refused: true };
    name = contact.name;
  }
  if (name === '') return { ok: false, refused: true };
  const tz = memberTimeZone(member);
  const v = validateSchedule(input.raw, { today: localDateOf(clock.now(), tz), nowTime: localTimeOf(clock.now(), tz) });
  if (!v.ok) return v;
  return db.transaction().execute(async (trx) => {
    const { reminder, created } = await insertReminderOnce(trx, {
      workspaceId: member.workspace_id,
      memberId: member.id,
      contactId: input.contactId,
      contactName: name,
      callId: null,
      category: input.category,
      kind: 'scheduled',
      ...due(member, v.value.day, v.value.time),
      dedupeKey: `schedule:${input.viewId}`,
      at: clock.now(),
    });
    if (created) {
      const msg = ctx.messages({ kind: 'reminderSet', contactName: name, date: reminder.due_on, time: reminder.due_time, reminderKind: 'scheduled' });
      await enqueueMessage(trx, { ...memberDm(member, msg), dedupeKey: `schedule-set:${input.viewId}`, kind: 'reminder-set', at: clock.now(), priority: 1 });
    }
    return { ok: true as const, reminder, created };
  });
}

/** "Snooze a week": the same local time, seven days after it was due (or after today, when later). */
export async function snoozeReminder(ctx: ServiceContext, input: { workspaceId: string; slackUserId: string; reminderId: number }): Promise<Reminder | null> {
  const { db, clock } = ctx;
  const member = await getMemberBySlackId(db, input.workspaceId, input.slackUserId);
  if (!member) return null;
  const r = await getMemberReminder(db, input.workspaceId, member.id, input.reminderId);
  if (!r) return null;
  const today = localDateOf(clock.now(), memberTimeZone(member));
  const base = r.due_on > today ? r.due_on : today;
  return moveReminder(db, input.workspaceId, r.id, due(member, addDays(base, SNOOZE_DAYS), r.due_time), clock.now());
}

/** "Log it": the reminder's person and category for the check-in modal (null when not the member's). */
export async function reminderToLog(db: Db, member: Member, reminderId: number): Promise<{ name: string; category: string | null } | null> {
  const r = await getMemberReminder(db, member.workspace_id, member.id, reminderId);
  return r ? { name: r.contact_name, category: r.category } : null;
}

export async function dismissReminder(db: Db, clock: Clock, member: Member, reminderId: number): Promise<boolean> {
  const r = await getMemberReminder(db, member.workspace_id, member.id, reminderId);
  if (!r) return false;
  await markReminderDone(db, member.workspace_id, r.id, clock.now());
  return true;
}

/** Sends every pending reminder that is due (active members only). Returns DMs enqueued. */
export async function sendDueReminders(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  const due = await listDueReminders(db, workspaceId, now);
  if (due.length === 0) return 0;
  const members = new Map((await listActiveMembers(db, workspaceId)).map((m) => [m.id, m]));
  let sent = 0;
  for (const r of due) {
    const member = members.get(r.member_id);
    if (!member) continue;
    const done = await db.transaction().execute(async (trx) => {
      if (!(await markReminderSent(trx, workspaceId, r.id, r.generation, now))) return false;
      const call = r.call_id !== null ? await getMemberCall(trx, workspaceId, member.id, r.call_id) : undefined;
      const playbook = playbookOrDefault((await circleOf(trx, member))?.playbook);
      const category = r.category ? findCategory(playbook, r.category) : undefined;
      const msg = ctx.messages({
        kind: 'reminder',
        reminderId: r.id,
        reminderKind: r.kind,
        contactId: r.contact_id,
        contactName: r.contact_name,
        category: r.category,
        categoryTitle: category?.title ?? null,
        // The note's first line, only ever to its author (this DM).
        noteLine: r.kind === 'follow_up' ? firstLine(call?.notes) : null,
        earlierCall: call ? { date: call.call_date, outcome: call.outcome } : null,
        dueOn: r.due_on,
        dueTime: r.due_time,
      });
      return enqueueMessage(trx, { ...memberDm(member, msg), dedupeKey: `reminder:${r.id}:${r.generation}`, kind: 'reminder', at: now });
    });
    if (done) sent++;
  }
  return sent;
}

/** After a zone change: pending reminders keep their local date and time, so their instants move. */
export async function rezoneReminders(db: Db, member: Member, at: Date): Promise<number> {
  const pending = await listPendingReminders(db, member.workspace_id, member.id);
  for (const r of pending) await setReminderDueAt(db, member.workspace_id, r.id, instantAtDate(r.due_on, r.due_time, memberTimeZone(member)), at);
  return pending.length;
}
