/**
 * Reminders: DMs to a member at a local date and time (follow-ups, retries, calls scheduled ahead).
 * The dedupe key makes each reminder once (`follow-up:<call>`, `retry:<call>`, `schedule:<view>`); a
 * due reminder is marked sent in the transaction that enqueues its DM (conditional on its generation,
 * so two ticks never both send it); a snooze moves it and bumps the generation.
 */
import type { Db } from '../db/index.js';
import type { Reminder, ReminderKind } from '../db/types.js';

export interface NewReminder {
  workspaceId: string;
  memberId: number;
  contactId: number | null;
  contactName: string;
  callId: number | null;
  category: string | null;
  kind: ReminderKind;
  dueOn: string;
  dueTime: string;
  dueAt: Date;
  dedupeKey: string;
  at: Date;
}

/** Inserts the reminder unless its dedupe key exists; returns the row (new or existing) and whether it is new. */
export async function insertReminderOnce(db: Db, r: NewReminder): Promise<{ reminder: Reminder; created: boolean }> {
  const inserted = await db
    .insertInto('reminders')
    .values({
      workspace_id: r.workspaceId,
      member_id: r.memberId,
      contact_id: r.contactId,
      contact_name: r.contactName,
      call_id: r.callId,
      category: r.category,
      kind: r.kind,
      due_on: r.dueOn,
      due_time: r.dueTime,
      due_at: r.dueAt,
      dedupe_key: r.dedupeKey,
      sent_at: null,
      created_at: r.at,
      updated_at: r.at,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { reminder: inserted, created: true };
  const existing = await db.selectFrom('reminders').selectAll().where('workspace_id', '=', r.workspaceId).where('dedupe_key', '=', r.dedupeKey).executeTakeFirstOrThrow();
  return { reminder: existing, created: false };
}

/** Pending reminders due at or before `now`, oldest first. */
export async function listDueReminders(db: Db, workspaceId: string, now: Date, limit = 500): Promise<Reminder[]> {
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The earliest pending reminder due after `after` (for the sandbox's "Next event"). */
export async function nextPendingReminder(db: Db, workspaceId: string, after: Date): Promise<Reminder | undefined> {
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'pending')
    .where('due_at', '>', after)
    .orderBy('due_at')
    .limit(1)
    .executeTakeFirst();
}

/** Marks a pending reminder of this generation sent; false when another tick did, or it moved. */
export async function markReminderSent(db: Db, workspaceId: string, id: number, generation: number, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('reminders')
    .set({ status: 'sent', sent_at: at, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('generation', '=', generation)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A member's reminder by id (null when it is not theirs). */
export async function getMemberReminder(db: Db, workspaceId: string, memberId: number, id: number): Promise<Reminder | undefined> {
  return db.selectFrom('reminders').selectAll().where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('id', '=', id).executeTakeFirst();
}

/** Moves a reminder to a new due time (pending again, next generation). */
export async function moveReminder(db: Db, workspaceId: string, id: number, due: { dueOn: string; dueTime: string; dueAt: Date }, at: Date): Promise<Reminder> {
  return db
    .updateTable('reminders')
    .set((eb) => ({ due_on: due.dueOn, due_time: due.dueTime, due_at: due.dueAt, status: 'pending', generation: eb('generation', '+', 1), updated_at: at }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markReminderDone(db: Db, workspaceId: string, id: number, at: Date): Promise<void> {
  await db.updateTable('reminders').set({ status: 'done', updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * A call with a person closes their open "call them" reminders: any already delivered, and pending
 * retries and scheduled calls (a pending follow-up keeps its date: it is a note for later). Matches the
 * contact id, or the name (case-insensitive) for reminders without one. Returns how many closed.
 */
export async function closeRemindersForContact(db: Db, c: { workspaceId: string; memberId: number; contactId: number | null; name: string; exceptCallId?: number; at: Date }): Promise<number> {
  const r = await db
    .updateTable('reminders')
    .set({ status: 'done', updated_at: c.at })
    .where('workspace_id', '=', c.workspaceId)
    .where('member_id', '=', c.memberId)
    .where((eb) => eb.or([eb('status', '=', 'sent'), eb.and([eb('status', '=', 'pending'), eb('kind', 'in', ['retry', 'scheduled'])])]))
    .where((eb) => {
      const byName = eb(eb.fn('lower', ['contact_name']), '=', c.name.toLowerCase());
      return c.contactId === null ? byName : eb.or([eb('contact_id', '=', c.contactId), byName]);
    })
    .$if(c.exceptCallId !== undefined, (q) => q.where((eb) => eb.or([eb('call_id', 'is', null), eb('call_id', '!=', c.exceptCallId!)])))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A member's open reminders (pending or delivered) due at or after `since`, soonest first, at most `limit`. */
export async function listOpenReminders(db: Db, workspaceId: string, memberId: number, since: Date, limit: number): Promise<Reminder[]> {
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('status', '!=', 'done')
    .where('due_at', '>=', since)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** How many open reminders (pending or delivered) due at or after `since` a member has. */
export async function countOpenReminders(db: Db, workspaceId: string, memberId: number, since: Date): Promise<number> {
  const r = await db
    .selectFrom('reminders')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('status', '!=', 'done')
    .where('due_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A member's pending reminders (their local date and time), to move when their zone changes. */
export async function listPendingReminders(db: Db, workspaceId: string, memberId: number): Promise<Pick<Reminder, 'id' | 'due_on' | 'due_time'>[]> {
  return db.selectFrom('reminders').select(['id', 'due_on', 'due_time']).where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('status', '=', 'pending').execute();
}

/** Sets a pending reminder's instant (its local date and time unchanged). */
export async function setReminderDueAt(db: Db, workspaceId: string, id: number, dueAt: Date, at: Date): Promise<void> {
  await db.updateTable('reminders').set({ due_at: dueAt, updated_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('status', '=', 'pending').execute();
}
