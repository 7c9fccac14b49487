/**
 * Logging a call from the check-in modal: validate against the member's playbook and local date, then
 * save it exactly once (the view id is the idempotency key), remember the contact and enqueue the
 * confirmation DM, all in one transaction.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Call, Circle, Member } from '../db/types.js';
import { validateCheckIn, type CheckIn, type CheckInField, type RawCheckIn } from '../domain/checkin.js';
import { playbookOrDefault, type Playbook } from '../domain/playbooks.js';
import { localDateOf, weekKeyOfDate } from '../domain/weeks.js';
import { findUnansweredCall, insertCallOnce, setCallbackOf } from '../store/calls.js';
import { closeRemindersForContact } from '../store/reminders.js';
import { addFollowUp } from './reminders.js';
import { circleOf } from '../store/circles.js';
import { findOrCreateContact, getContact, recordContactCall } from '../store/contacts.js';
import { memberTimeZone } from '../domain/members.js';
import { getMemberBySlackId } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import type { ServiceContext } from './messages.js';
import { memberProgress, type MemberProgress } from './progress.js';

export interface CheckInSetting {
  circle: Circle | null;
  playbook: Playbook;
  /** The member's local date. */
  today: string;
}

/** What the modal needs: the playbook of the member's circle and today in the member's zone. */
export async function checkInSetting(db: Db, clock: Clock, member: Member): Promise<CheckInSetting> {
  const circle = await circleOf(db, member);
  return { circle, playbook: playbookOrDefault(circle?.playbook), today: localDateOf(clock.now(), memberTimeZone(member)) };
}

export type LogCallResult =
  | { ok: false; errors: Partial<Record<CheckInField, string>> }
  | { ok: true; call: Call; created: boolean; progress: MemberProgress; member: Member };

export function checkInName(value: CheckIn, whoLabel?: string | null): string {
  return (value.who ?? whoLabel ?? value.whoUserId ?? 'someone').slice(0, 80);
}

/**
 * Validates and saves a check-in from view `viewId`. A double submit or a Slack retry with the same
 * view id writes one row and enqueues one confirmation (`confirm:<view id>`).
 */
export async function logCall(
  ctx: ServiceContext,
  input: {
    workspaceId: string;
    slackUserId: string;
    viewId: string;
    raw: RawCheckIn;
    /** Display name of `raw.who_user_id`, when the member picked a workspace user and typed no name. */
    whoUserName?: string | null;
  },
): Promise<LogCallResult> {
  const { db, clock } = ctx;
  return db.transaction().execute(async (trx) => {
    const member = await getMemberBySlackId(trx, input.workspaceId, input.slackUserId);
    if (!member) throw new Error('check-in from a user who is not a member');
    const setting = await checkInSetting(trx, clock, member);
    const result = validateCheckIn(input.raw, { playbook: setting.playbook, today: setting.today });
    if (!result.ok) return { ok: false, errors: result.errors };
    const v = result.value;
    // A person picked from the list must be the member's own (a forged value names nobody else's).
    const picked = v.contactId !== null ? await getContact(trx, member.workspace_id, member.id, v.contactId) : null;
    if (v.contactId !== null && !picked) return { ok: false, errors: { who_contact: 'That person is no longer on your list. Pick someone else, or type their name below.' } };
    const name = picked ? picked.name : checkInName(v, input.whoUserName);
    const whoUserId = v.whoUserId ?? picked?.slack_user_id ?? null;
    const contactId = picked ? picked.id : await findOrCreateContact(trx, { workspaceId: member.workspace_id, memberId: member.id, name, slackUserId: v.whoUserId, at: clock.now() });
    const { call, created } = await insertCallOnce(trx, {
      workspace_id: member.workspace_id,
      member_id: member.id,
      circle_id: member.circle_id,
      week: weekKeyOfDate(v.callDate),
      call_date: v.callDate,
      contact_id: contactId,
      contact_name: name,
      contact_user_id: whoUserId,
      category: v.category,
      outcome: v.outcome,
      minutes: v.minutes,
      is_callback: v.callback,
      opportunity: v.opportunity,
      follow_up_on: v.followUp,
      notes: v.notes,
      source: 'modal',
      idempotency_key: `view:${input.viewId}`,
      created_at: clock.now(),
    });
    // The person's stats move once per saved call (a double submit finds the call and changes nothing).
    if (created) await recordContactCall(trx, { workspaceId: member.workspace_id, memberId: member.id, contactId, calledOn: v.callDate, outcome: v.outcome, at: clock.now() });
    // The circle was read once, for the setting; the progress is computed once, for the confirmation and the Home.
    const progress = await memberProgress(trx, clock, member, { circle: setting.circle });
    if (created) {
      const { callbackOf, followUp } = await afterCallSaved(trx, ctx.clock, member, call);
      // This call made the week complete when the count reached the goal just now (and the call is in this week).
      const completedNow = progress.suggestion.logged === progress.goal && call.week === progress.week;
      await enqueueMessage(trx, {
        ...memberDm(member, ctx.messages({ kind: 'checkInConfirmation', call, progress, completedNow, callbackOf, followUp })),
        dedupeKey: `confirm:${input.viewId}`,
        kind: 'confirmation',
        circleId: member.circle_id,
        at: clock.now(),
        priority: 1,
      });
    }
    return { ok: true, call, created, progress, member };
  });
}


/**
 * What a new call sets going, in its transaction: a callback links to the earlier unanswered call with
 * the person; the call closes that person's open "call them" reminders; a follow-up date makes one.
 */
async function afterCallSaved(trx: Db, clock: Clock, member: Member, call: Call): Promise<{ callbackOf: { date: string; outcome: Call['outcome'] } | null; followUp: { date: string; time: string } | null }> {
  let callbackOf: { date: string; outcome: Call['outcome'] } | null = null;
  const who = { workspaceId: member.workspace_id, memberId: member.id, contactId: call.contact_id, name: call.contact_name };
  if (call.is_callback) {
    const earlier = await findUnansweredCall(trx, { ...who, onOrBefore: call.call_date, exceptId: call.id });
    if (earlier) {
      await setCallbackOf(trx, member.workspace_id, call.id, earlier.id);
      callbackOf = { date: earlier.call_date, outcome: earlier.outcome };
    }
  }
  await closeRemindersForContact(trx, { ...who, exceptCallId: call.id, at: clock.now() });
  const reminder = await addFollowUp(trx, clock, member, call);
  return { callbackOf, followUp: reminder ? { date: reminder.due_on, time: reminder.due_time } : null };
}
