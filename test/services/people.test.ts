// src/services/people.ts (and the call stats logCall keeps, the plan's and the birthday DM's people):
// the call list, suggestions per category, privacy between members, archive and delete.
import { expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { insertReminderOnce } from '../../src/store/reminders.js';
import type { Member } from '../../src/db/types.js';
import { getPlaybook } from '../../src/domain/playbooks.js';
import { sendDueBirthdayNotes } from '../../src/services/birthdays.js';
import { logCall } from '../../src/services/checkin.js';
import { addPeople, archivePerson, contactOptions, deletePerson, editPerson, peoplePage, suggestionsFor, suggestionsForMembers } from '../../src/services/people.js';
import { sendDuePlans } from '../../src/services/plans.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('people service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);
  const svc = () => ({ db: db(), clock, messages: renderMessage });
  const FIVE = getPlaybook('five-calls')!;
  let view = 0;
  const log = async (m: Member, raw: Record<string, unknown>, c: SettableClock = clock) =>
    logCall({ db: db(), clock: c, messages: renderMessage }, { workspaceId: WS, slackUserId: m.slack_user_id, viewId: `PV${++view}`, raw: { category: 'stretch', outcome: 'conversation', ...raw } });
  const idOf = async (m: Member, name: string) =>
    (await db().selectFrom('contacts').select('id').where('workspace_id', '=', WS).where('member_id', '=', m.id).where('name', '=', name).executeTakeFirstOrThrow()).id;

  it('adds several people at once, with categories; repeats and names already there count once', async () => {
    const m = await newMember();
    const r = await addPeople(db(), clock, m, { names: 'Dana Lee\nSam Ortiz, dana lee\n\n', categories: ['stretch', 'past-collaborator'] });
    expect(r).toEqual({ ok: true, value: { added: ['Dana Lee', 'Sam Ortiz'], existing: [] } });
    const again = await addPeople(db(), clock, m, { names: 'SAM ORTIZ\nPriya Raman', categories: ['outside-lane'] });
    expect(again).toEqual({ ok: true, value: { added: ['Priya Raman'], existing: ['SAM ORTIZ'] } });
    const page = await peoplePage(db(), clock, m, 0);
    expect(page.total).toBe(3);
    expect(page.people.find((p) => p.name === 'Sam Ortiz')!.categories).toEqual(['outside-lane', 'past-collaborator', 'stretch']);
  });

  it('refuses bad input with errors per field and saves nothing', async () => {
    const m = await newMember();
    expect(await addPeople(db(), clock, m, { names: '  \n ', categories: [] })).toMatchObject({ ok: false, errors: { names: /at least one name/ } });
    expect(await addPeople(db(), clock, m, { names: 'Ok', categories: ['no-such'] })).toMatchObject({ ok: false, errors: { categories: /from the list/ } });
    const many = Array.from({ length: 26 }, (_, i) => `P${i}`).join('\n');
    expect(await addPeople(db(), clock, m, { names: many, categories: [] })).toMatchObject({ ok: false, errors: { names: /Up to 25/ } });
    expect(await addPeople(db(), clock, m, { names: 'x'.repeat(81), categories: [] })).toMatchObject({ ok: false, errors: { names: /80 characters/ } });
    expect((await peoplePage(db(), clock, m, 0)).total).toBe(0);
  });

  it('every logged call links to its person and moves their stats once (a double submit changes nothing)', async () => {
    const m = await newMember();
    await addPeople(db(), clock, m, { names: 'Ana Silva', categories: ['stretch'] });
    const id = await idOf(m, 'Ana Silva');
    expect(await log(m, { who_contact: `c:${id}`, outcome: 'voicemail', call_date: '2026-11-20' })).toMatchObject({ ok: true, call: { contact_id: id, contact_name: 'Ana Silva' } });
    const twice = await logCall(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, viewId: `PV${view}`, raw: { who_contact: `c:${id}`, category: 'stretch', outcome: 'voicemail', call_date: '2026-11-20' } });
    expect(twice).toMatchObject({ ok: true, created: false });
    // A typed name that matches (any case) is the same person; an older call does not change the last outcome.
    await log(m, { who: 'ana silva', outcome: 'conversation', call_date: '2026-11-24' });
    await log(m, { who: 'Ana Silva', outcome: 'no_answer', call_date: '2026-11-18' });
    const row = await db().selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ calls_count: 3, conversations_count: 1, last_outcome: 'conversation', last_called_on: '2026-11-24' });
    // A new name typed into the picker becomes a person.
    expect(await log(m, { who_contact: 'n:Kofi Mensah' })).toMatchObject({ ok: true, call: { contact_name: 'Kofi Mensah' } });
    expect(await idOf(m, 'Kofi Mensah')).toBeGreaterThan(0);
  });

  it("never shows anyone's people to anyone else: picker, suggestions, a forged pick, edits", async () => {
    const a = await newMember();
    const b = await newMember();
    await addPeople(db(), clock, a, { names: 'Secret Sarah\nSecond Sol', categories: ['stretch', 'outside-lane'] });
    await addPeople(db(), clock, b, { names: 'Bob Friend', categories: ['stretch'] });
    const sarah = await idOf(a, 'Secret Sarah');
    // The options endpoint answers b with b's people only, whatever b types.
    expect(await contactOptions(db(), WS, b.slack_user_id, 'se', 50)).toEqual([]);
    expect((await contactOptions(db(), WS, b.slack_user_id, '', 50)).map((p) => p.name)).toEqual(['Bob Friend']);
    expect((await contactOptions(db(), WS, a.slack_user_id, 'se', 50)).map((p) => p.name)).toEqual(['Secret Sarah', 'Second Sol']);
    // Another workspace's request for a's Slack id finds nobody.
    expect(await contactOptions(db(), 'T0OTHER', a.slack_user_id, '', 50)).toEqual([]);
    // Suggestions: b's plan names b's person only.
    const all = await suggestionsForMembers(db(), clock, WS, [{ member: a, playbook: FIVE }, { member: b, playbook: FIVE }]);
    const names = (m: Member) => all.get(m.id)!.map((s) => s.person?.name).filter(Boolean);
    expect(names(b)).toEqual(['Bob Friend']);
    expect(names(a)).toEqual(['Secret Sarah', 'Second Sol']);
    // A forged pick of a's person by b saves nothing and says so on the picker.
    expect(await log(b, { who_contact: `c:${sarah}` })).toMatchObject({ ok: false, errors: { who_contact: /no longer on your list/ } });
    expect(await db().selectFrom('calls').select('id').where('member_id', '=', b.id).execute()).toEqual([]);
    // b cannot edit, archive or delete a's person.
    expect(await editPerson(db(), clock, b, sarah, { name: 'Hacked' })).toMatchObject({ ok: false });
    expect(await archivePerson(db(), clock, b, sarah, true)).toBe(false);
    expect(await deletePerson(db(), b, sarah)).toBe(false);
    expect(await db().selectFrom('contacts').select(['name', 'archived_at']).where('id', '=', sarah).executeTakeFirstOrThrow()).toEqual({ name: 'Secret Sarah', archived_at: null });
  });

  it('suggests per category the person gone longest without a call, never called first, each person once', async () => {
    const m = await newMember();
    await addPeople(db(), clock, m, { names: 'Old Call\nRecent Call', categories: ['stretch', 'outside-lane'] });
    await addPeople(db(), clock, m, { names: 'Never Called', categories: ['stretch'] });
    await log(m, { who: 'Old Call', call_date: '2026-11-12', outcome: 'voicemail' });
    await log(m, { who: 'Recent Call', call_date: '2026-11-24' });
    const s = await suggestionsFor(db(), clock, m, FIVE);
    const by = Object.fromEntries(s.map((x) => [x.category.key, x]));
    expect(by.stretch!.person?.name).toBe('Never Called');
    expect(by.stretch!.askFirst).toBe(true);
    expect(by['outside-lane']!.person).toMatchObject({ name: 'Old Call', lastOutcome: 'voicemail', lastCalledOn: '2026-11-12' });
    expect(by['outside-lane']!.askFirst).toBe(false);
    expect(by.soundboard!.person).toBeNull();
    // Archived people are not suggested.
    await archivePerson(db(), clock, m, await idOf(m, 'Never Called'), true);
    const after = await suggestionsFor(db(), clock, m, FIVE);
    expect(after.find((x) => x.category.key === 'stretch')!.person?.name).toBe('Old Call');
  });

  it("keep-in-touch: the birthday call names whoever has a birthday this week; the DM comes on the day, to the owner only, once", async () => {
    const m = await newMember('UTC');
    const other = await newMember('UTC');
    await addPeople(db(), clock, m, { names: 'Birthday Bea', categories: ['stretch'] });
    const bea = await idOf(m, 'Birthday Bea');
    // SVC_NOW is Wednesday 2026-11-25; her birthday is Friday 27 November.
    expect(await editPerson(db(), clock, m, bea, { name: 'Birthday Bea', categories: ['stretch'], birthday_month: '11', birthday_day: '27' })).toMatchObject({ ok: true });
    expect(await editPerson(db(), clock, m, bea, { name: 'Birthday Bea', birthday_month: '2', birthday_day: '30' })).toMatchObject({ ok: false, errors: { birthday_day: /February has no day 30/ } });
    const kit = getPlaybook('keep-in-touch')!;
    const s = await suggestionsFor(db(), clock, m, kit);
    expect(s.find((x) => x.category.key === 'birthday')).toMatchObject({ person: { name: 'Birthday Bea' }, birthdayOn: '2026-11-27' });
    const dayClock = new SettableClock(new Date('2026-11-27T08:59:00Z'));
    const ctxOn = { db: db(), clock: dayClock, messages: renderMessage };
    expect(await sendDueBirthdayNotes(ctxOn, WS)).toBe(0); // before 09:00, the solo plan time
    dayClock.set(new Date('2026-11-27T09:00:00Z'));
    expect(await sendDueBirthdayNotes(ctxOn, WS)).toBe(1);
    expect(await sendDueBirthdayNotes(ctxOn, WS)).toBe(0);
    const rows = await db().selectFrom('outbox').select(['member_id', 'payload', 'dedupe_key']).where('kind', '=', 'birthday').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.member_id).toBe(m.id);
    expect(JSON.stringify(rows[0]!.payload)).toContain('Birthday Bea');
    expect(rows.some((r) => r.member_id === other.id)).toBe(false);
  });

  it("the weekly plan DM names each member's own suggestion, and nobody else's", async () => {
    const planClock = new SettableClock(new Date('2026-11-30T09:30:00Z')); // Monday of 2026-W49, after 09:00 UTC
    const a = await newMember('UTC');
    const b = await newMember('UTC');
    await addPeople(db(), planClock, a, { names: 'Plan Person A', categories: ['stretch'] });
    await addPeople(db(), planClock, b, { names: 'Plan Person B', categories: ['stretch'] });
    await sendDuePlans({ db: db(), clock: planClock, messages: renderMessage }, WS);
    const payloadOf = async (m: Member) => JSON.stringify((await db().selectFrom('outbox').select('payload').where('dedupe_key', '=', `plan:${m.id}:2026-W49`).executeTakeFirstOrThrow()).payload);
    const pa = await payloadOf(a);
    const pb = await payloadOf(b);
    expect(pa).toContain('Plan Person A');
    expect(pa).not.toContain('Plan Person B');
    expect(pb).toContain('Plan Person B');
    expect(pb).not.toContain('Plan Person A');
    expect(pa).toContain('reminder_schedule_open');
    expect(pa).toContain('Nobody on your list for this yet');
  });

  it('a plan made late in the week (a member who joined on Wednesday) counts the calls already logged', async () => {
    const m = await newMember('UTC');
    await log(m, { who: 'Early Call', category: 'stretch' });
    await log(m, { who: 'Second Call', category: 'stretch', outcome: 'voicemail' });
    const later = new SettableClock(new Date(clock.now().getTime() + 2 * 3_600_000));
    await sendDuePlans({ db: db(), clock: later, messages: renderMessage }, WS);
    const week = (await db().selectFrom('calls').select('week').where('member_id', '=', m.id).executeTakeFirstOrThrow()).week;
    const plan = JSON.stringify((await db().selectFrom('outbox').select('payload').where('dedupe_key', '=', `plan:${m.id}:${week}`).executeTakeFirstOrThrow()).payload);
    expect(plan).toContain("You're at *2/5* already");
    expect(plan).toContain('Good afternoon');
    expect(plan).toContain(`:white_check_mark: ${FIVE.categories.find((c) => c.key === 'stretch')!.emoji}`);
  });

  it('deleting a person keeps the counts of their calls but not the name, nor reminders about them', async () => {
    const m = await newMember();
    await log(m, { who: 'Gone Soon' });
    await log(m, { who: 'Gone Soon', outcome: 'voicemail' });
    const id = await idOf(m, 'Gone Soon');
    const due = new Date(clock.now().getTime() + 86_400_000);
    await insertReminderOnce(db(), { workspaceId: WS, memberId: m.id, contactId: id, contactName: 'Gone Soon', callId: null, category: 'stretch', kind: 'scheduled', dueOn: '2030-01-01', dueTime: '09:00', dueAt: due, dedupeKey: `t:${id}`, at: clock.now() });
    expect(await deletePerson(db(), m, id)).toBe(true);
    expect(await db().selectFrom('reminders').select('id').where('member_id', '=', m.id).execute()).toEqual([]);
    const calls = await db().selectFrom('calls').select(['contact_id', 'contact_name', 'contact_user_id']).where('member_id', '=', m.id).execute();
    expect(calls).toEqual([
      { contact_id: null, contact_name: '(deleted)', contact_user_id: null },
      { contact_id: null, contact_name: '(deleted)', contact_user_id: null },
    ]);
    expect(await db().selectFrom('contacts').select('id').where('id', '=', id).execute()).toEqual([]);
  });
});
