// src/services/reminders.ts (and the check-in's part): follow-ups at the member's plan time in their
// zone, "remind me in 2 days", callbacks linked to the unanswered call, scheduling ahead, snoozing.
import { expect, it } from 'vitest';
import type { Member } from '../../src/db/types.js';
import { logCall } from '../../src/services/checkin.js';
import type { ServiceContext } from '../../src/services/messages.js';
import { homeReminders, remindAgain, scheduleCall, scheduleSetting, sendDueReminders, snoozeReminder } from '../../src/services/reminders.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { saveMemberSettings } from '../../src/services/settings.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_NOW, SVC_WS as WS } from '../helpers/rows.js';

describeDb('reminders service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);
  const svc = (): ServiceContext => ({ db: db(), clock, messages: renderMessage });
  let seq = 0;
  const log = (m: Member, raw: Record<string, unknown>) =>
    logCall(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, viewId: `RV${++seq}`, raw: { category: 'stretch', outcome: 'conversation', ...raw } });
  const reminderDms = (m: Member) => db().selectFrom('outbox').select(['dedupe_key', 'payload']).where('member_id', '=', m.id).where('kind', '=', 'reminder').orderBy('id').execute();
  const at = (iso: string) => clock.set(new Date(iso));

  it('a follow-up date brings one DM on that date at the plan time in the member\'s zone, naming the person and the note\'s first line', async () => {
    at(SVC_NOW.toISOString());
    const m = await newMember('America/New_York');
    const r = await log(m, { who: 'Dana Whitfield', follow_up: '2026-11-27', notes: 'Ask about the Lisbon move\nand the kids' });
    expect(r.ok).toBe(true);
    const rows = await db().selectFrom('reminders').selectAll().where('member_id', '=', m.id).execute();
    expect(rows).toHaveLength(1);
    // Solo: plan time 09:00 local; New York is UTC-5 in November.
    expect(rows[0]).toMatchObject({ kind: 'follow_up', due_on: '2026-11-27', due_time: '09:00', contact_name: 'Dana Whitfield', status: 'pending' });
    expect(new Date(rows[0]!.due_at).toISOString()).toBe('2026-11-27T14:00:00.000Z');
    const confirmation = await db().selectFrom('outbox').select('payload').where('member_id', '=', m.id).where('kind', '=', 'confirmation').executeTakeFirstOrThrow();
    expect(JSON.stringify(confirmation.payload)).toContain("I'll remind you to follow up on Fri 27 Nov at 09:00");

    at('2026-11-27T13:59:00Z');
    expect(await sendDueReminders(svc(), WS)).toBe(0);
    at('2026-11-27T14:00:00Z');
    // Two ticks at once (two replicas): one DM.
    const sent = await Promise.all([sendDueReminders(svc(), WS), sendDueReminders(svc(), WS)]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    const dms = await reminderDms(m);
    expect(dms).toHaveLength(1);
    const text = JSON.stringify(dms[0]!.payload);
    expect(text).toContain('Dana Whitfield');
    expect(text).toContain('Ask about the Lisbon move');
    expect(text).not.toContain('the kids');
    // The notification text names no one.
    expect((dms[0]!.payload as { text: string }).text).not.toContain('Dana');
    expect(text).toContain('reminder_log');
    expect(text).toContain('reminder_snooze');

    // Snooze a week: pending again a week on at the same time, then sent once more.
    const moved = await snoozeReminder(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, reminderId: rows[0]!.id });
    expect(moved).toMatchObject({ due_on: '2026-12-04', due_time: '09:00', status: 'pending', generation: 1 });
    at('2026-12-04T14:00:00Z');
    expect(await sendDueReminders(svc(), WS)).toBe(1);
    expect((await reminderDms(m)).map((d) => d.dedupe_key)).toEqual([`reminder:${rows[0]!.id}:0`, `reminder:${rows[0]!.id}:1`]);
    // Someone else's reminder cannot be snoozed.
    const other = await newMember();
    expect(await snoozeReminder(svc(), { workspaceId: WS, slackUserId: other.slack_user_id, reminderId: rows[0]!.id })).toBeNull();
  });

  it('"Remind me in 2 days" on a voicemail, and a callback links to the unanswered call and closes the reminder', async () => {
    at(SVC_NOW.toISOString()); // Wednesday 25 Nov, 13:00 in Berlin
    const m = await newMember('Europe/Berlin');
    const vm = await log(m, { who: 'Luis Ortega', outcome: 'voicemail' });
    expect(vm.ok).toBe(true);
    if (!vm.ok) return;
    const confirmation = await db().selectFrom('outbox').select('payload').where('member_id', '=', m.id).where('kind', '=', 'confirmation').executeTakeFirstOrThrow();
    expect(JSON.stringify(confirmation.payload)).toContain('reminder_retry');
    const again = await remindAgain(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, callId: vm.call.id });
    expect(again.ok && again.reminder).toMatchObject({ kind: 'retry', due_on: '2026-11-27', due_time: '09:00', contact_name: 'Luis Ortega' });
    // A second click is the same reminder.
    const twice = await remindAgain(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, callId: vm.call.id });
    expect(twice.ok && again.ok && twice.reminder.id === again.reminder.id).toBe(true);
    // Not on a conversation, not on someone else's call.
    const talked = await log(m, { who: 'Someone Else' });
    expect(talked.ok && (await remindAgain(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, callId: talked.call.id }))).toMatchObject({ ok: false, reason: 'answered' });
    const other = await newMember();
    expect(await remindAgain(svc(), { workspaceId: WS, slackUserId: other.slack_user_id, callId: vm.call.id })).toMatchObject({ ok: false, reason: 'not_found' });

    // Luis calls back the next day (any case of the name).
    at('2026-11-26T10:00:00Z');
    const back = await log(m, { who: 'luis ortega', callback: true, call_date: '2026-11-26' });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.call.callback_of ?? (await db().selectFrom('calls').select('callback_of').where('id', '=', back.call.id).executeTakeFirstOrThrow()).callback_of).toBe(vm.call.id);
    const conf = await db().selectFrom('outbox').select('payload').where('member_id', '=', m.id).where('kind', '=', 'confirmation').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(conf.payload)).toContain('A callback: linked to your call on Wed 25 Nov (voicemail)');
    const retry = await db().selectFrom('reminders').select('status').where('member_id', '=', m.id).where('kind', '=', 'retry').executeTakeFirstOrThrow();
    expect(retry.status).toBe('done');
    at('2026-11-27T09:00:00Z');
    expect(await sendDueReminders(svc(), WS)).toBe(0);
  });

  it('schedules a call ahead: a day this week and a time, in the member\'s zone, once per view; bad input gets field errors', async () => {
    at(SVC_NOW.toISOString()); // Wednesday; 21:00 in Singapore
    const m = await newMember('Asia/Singapore');
    await log(m, { who: 'Hannah Kim' });
    const contact = await db().selectFrom('contacts').select(['id', 'name']).where('member_id', '=', m.id).executeTakeFirstOrThrow();
    const setting = await scheduleSetting(db(), clock, m, { contactId: contact.id }, 'younger-mentor');
    expect(setting).toMatchObject({ name: 'Hannah Kim', today: '2026-11-25', nowTime: '20:00', days: ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'], category: 'younger-mentor' });
    // Not someone else's contact.
    const other = await newMember();
    expect(await scheduleSetting(db(), clock, other, { contactId: contact.id }, null)).toBeNull();
    expect(await scheduleCall(svc(), { workspaceId: WS, slackUserId: other.slack_user_id, viewId: 'VS0', contactId: contact.id, name: '', category: null, raw: { day: '2026-11-26', time: '10:00' } })).toEqual({ ok: false, refused: true });

    const input = { workspaceId: WS, slackUserId: m.slack_user_id, contactId: contact.id, name: 'ignored', category: 'younger-mentor' };
    const past = await scheduleCall(svc(), { ...input, viewId: 'VS1', raw: { day: '2026-11-25', time: '19:30' } });
    expect(past).toMatchObject({ ok: false, errors: { time: expect.stringMatching(/passed today/) } });
    const nextWeek = await scheduleCall(svc(), { ...input, viewId: 'VS1', raw: { day: '2026-11-30', time: '10:00' } });
    expect(nextWeek).toMatchObject({ ok: false, errors: { day: expect.stringMatching(/this week/) } });
    const ok = await Promise.all([1, 2].map(() => scheduleCall(svc(), { ...input, viewId: 'VS2', raw: { day: '2026-11-26', time: '10:30' } })));
    expect(ok.filter((r) => r.ok && r.created)).toHaveLength(1);
    const row = await db().selectFrom('reminders').selectAll().where('member_id', '=', m.id).where('kind', '=', 'scheduled').execute();
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ contact_name: 'Hannah Kim', category: 'younger-mentor', due_on: '2026-11-26' });
    expect(new Date(row[0]!.due_at).toISOString()).toBe('2026-11-26T02:30:00.000Z');
    const set = await db().selectFrom('outbox').select('payload').where('member_id', '=', m.id).where('kind', '=', 'reminder-set').execute();
    expect(set).toHaveLength(1);
    at('2026-11-26T02:30:00Z');
    expect(await sendDueReminders(svc(), WS)).toBe(1);
    expect(JSON.stringify((await reminderDms(m))[0]!.payload)).toContain('Your call with *Hannah Kim*');
  });

  it('an inactive member gets no reminder; other workspaces are not touched', async () => {
    at(SVC_NOW.toISOString());
    const m = await newMember('UTC');
    await log(m, { who: 'Omar', follow_up: '2026-11-25' });
    await db().updateTable('members').set({ status: 'inactive' }).where('id', '=', m.id).execute();
    at('2026-11-25T12:30:00Z');
    expect(await sendDueReminders(svc(), 'T0OTHER')).toBe(0);
    expect(await sendDueReminders(svc(), WS)).toBe(0);
    expect(await reminderDms(m)).toHaveLength(0);
  });

  it('a new time zone in the settings keeps a pending reminder\'s local date and time', async () => {
    at(SVC_NOW.toISOString());
    const m = await newMember('Europe/Berlin');
    await log(m, { who: 'Ines Moreau', follow_up: '2026-11-30' });
    const before = await db().selectFrom('reminders').select('due_at').where('member_id', '=', m.id).executeTakeFirstOrThrow();
    expect(new Date(before.due_at).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    const saved = await saveMemberSettings(db(), { workspaceId: WS, slackUserId: m.slack_user_id, raw: { tz_override: 'America/New_York' }, at: clock.now() });
    expect(saved.ok).toBe(true);
    const after = await db().selectFrom('reminders').select(['due_at', 'due_on', 'due_time']).where('member_id', '=', m.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ due_on: '2026-11-30', due_time: '09:00' });
    expect(new Date(after.due_at).toISOString()).toBe('2026-11-30T14:00:00.000Z');
  });

  it('the App Home lists open reminders soonest first, drops done ones and those delivered over a week ago', async () => {
    at(SVC_NOW.toISOString()); // Wednesday 25 Nov
    const m = await newMember('UTC');
    await log(m, { who: 'Later Person', follow_up: '2026-12-02' });
    await log(m, { who: 'Soon Person', follow_up: '2026-11-26' });
    await log(m, { who: 'Middle Person', follow_up: '2026-11-30' });
    const other = await newMember('UTC');
    await log(other, { who: 'Not Mine', follow_up: '2026-11-26' });
    const home = await homeReminders(db(), clock, m, 2);
    expect(home.total).toBe(3);
    expect(home.soonest.map((r) => r.contact_name)).toEqual(['Soon Person', 'Middle Person']);

    // Delivered and not acted on: still listed for a week after it was due, then only in its DM.
    at('2026-11-26T09:00:00Z');
    await sendDueReminders(svc(), WS);
    at('2026-12-03T08:59:00Z');
    expect((await homeReminders(db(), clock, m)).soonest.map((r) => r.contact_name)).toContain('Soon Person');
    at('2026-12-03T09:00:01Z');
    expect((await homeReminders(db(), clock, m)).soonest.map((r) => r.contact_name)).not.toContain('Soon Person');
    // Logging a call with the person closes a delivered reminder (a pending follow-up keeps its date).
    await sendDueReminders(svc(), WS);
    await log(m, { who: 'Middle Person' });
    expect(await homeReminders(db(), clock, m)).toMatchObject({ total: 1, soonest: [{ contact_name: 'Later Person' }] });
  });
});
