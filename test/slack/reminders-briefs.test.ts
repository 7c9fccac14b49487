// End to end through the real HTTP receiver against the emulator: a follow-up date set in the check-in
// brings the DM on its day (Log it, Snooze a week, Schedule), "Remind me in 2 days", `/calls schedule`
// and its modal's inline errors, `/calls review`, and the soundboard brief shared in the pair's group
// DM until the proposed time is posted. The app's clock is fixed on Wednesday 2026-11-25 12:00 UTC.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pairDueCircles } from '../../src/services/pairing.js';
import { sendDueReminders } from '../../src/services/reminders.js';
import type { ServiceContext } from '../../src/services/messages.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { blockKitProblems, commandReply, initialValues, startHarness, type Harness } from './harness.js';

const NOW = new Date('2026-11-25T12:00:00Z');

describeDb('reminders and briefs end to end', (ctx) => {
  let h: Harness;
  let seq = 0;
  beforeAll(async () => {
    h = await startHarness(ctx(), { now: NOW });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const db = () => ctx().db;
  const svc = (): ServiceContext => ({ db: db(), clock: h.clock, messages: renderMessage });
  const newUser = (name: string, tz: string) => h.emu.addUser({ name: `${name}${++seq}`, real_name: `${name} ${seq}`, tz }).id;
  const modalAfter = async (user: string, before: string | undefined) => {
    await until(() => h.emu.currentModal(user) !== undefined && h.emu.currentModal(user)!.id !== before);
    return h.emu.currentModal(user)!;
  };
  const dmWith = async (user: string, match: string) => {
    await until(() => h.emu.dmMessages(user).some((m) => JSON.stringify(m.blocks ?? []).includes(match) || m.text.includes(match)));
    return h.emu.dmMessages(user).filter((m) => JSON.stringify(m.blocks ?? []).includes(match) || m.text.includes(match)).at(-1)!;
  };
  const dmChannel = (user: string) => h.emu.dmChannelFor(user).id;
  const tickReminders = async () => {
    const n = await sendDueReminders(svc(), 'T0E2E');
    await h.worker.drain();
    return n;
  };

  it('a follow-up set in the check-in comes as a DM on its day; Snooze, Log it and Schedule work from it', async () => {
    const user = newUser('fran', 'Europe/Berlin');
    let before = h.emu.currentModal(user)?.id;
    await h.emu.slashCommand({ user, text: 'log Dana Whitfield' });
    const modal = await modalAfter(user, before);
    // The follow-up field says what it does now.
    expect(JSON.stringify(modal.blocks)).toContain('I will DM you that day');
    const r = await h.emu.submitView({
      user,
      viewId: modal.id,
      values: {
        ...initialValues(modal),
        category: { category: { type: 'static_select', selected_option: { value: 'past-collaborator' } } },
        outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'voicemail' } } },
        follow_up: { follow_up: { type: 'datepicker', selected_date: '2026-11-27' } },
        notes: { notes: { type: 'plain_text_input', value: 'Ask about the Lisbon office\nsecret second line' } },
      },
    });
    expect(r.errors ?? {}).toEqual({});
    expect(r.outcome).toBe('closed');
    const confirmation = await dmWith(user, 'reminder_retry');
    expect(JSON.stringify(confirmation.blocks)).toContain('follow up on Fri 27 Nov at 09:00');
    // The App Home, published after the check-in, lists the follow-up under "Coming up".
    await until(() => JSON.stringify(h.emu.homeView(user)?.blocks ?? []).includes('Coming up'));
    expect(JSON.stringify(h.emu.homeView(user)!.blocks)).toContain('Follow up with *Dana Whitfield*');

    // "Remind me in 2 days" on the voicemail: an ephemeral says when.
    const ephBefore = h.emu.ephemerals(user).length;
    expect((await h.emu.blockAction({ user, channel: dmChannel(user), message: confirmation.ts, actionId: 'reminder_retry' })).status).toBe(200);
    await until(() => h.emu.ephemerals(user).length > ephBefore);
    expect(h.emu.ephemerals(user).at(-1)!.text).toMatch(/Reminder set/);
    expect(JSON.stringify(h.emu.ephemerals(user).at(-1)!.blocks)).toContain('again on Fri 27 Nov at 09:00');

    // Nothing before Friday 09:00 Berlin; then both DMs.
    expect(await tickReminders()).toBe(0);
    h.clock.advance(new Date('2026-11-27T08:00:00Z').getTime() - h.clock.now().getTime());
    expect(await tickReminders()).toBe(2);
    const followUp = await dmWith(user, 'Time to follow up');
    const followText = JSON.stringify(followUp.blocks);
    expect(followText).toContain('Dana Whitfield');
    expect(followText).toContain('Ask about the Lisbon office');
    expect(followText).not.toContain('secret second line');
    expect(followUp.text).not.toContain('Dana');
    const retry = await dmWith(user, 'again');

    // Snooze a week: the DM is replaced, the reminder moves to Friday 4 Dec.
    expect((await h.emu.blockAction({ user, channel: dmChannel(user), message: followUp.ts, actionId: 'reminder_snooze' })).status).toBe(200);
    await until(() => JSON.stringify(h.emu.dmMessages(user).find((m) => m.ts === followUp.ts)?.blocks ?? []).includes('Snoozed'));
    expect(JSON.stringify(h.emu.dmMessages(user).find((m) => m.ts === followUp.ts)!.blocks)).toContain('Fri 4 Dec at 09:00');
    const moved = await db().selectFrom('reminders').select(['due_on', 'status']).where('kind', '=', 'follow_up').where('contact_name', '=', 'Dana Whitfield').execute();
    expect(moved).toEqual([{ due_on: '2026-12-04', status: 'pending' }]);

    // Log it: the check-in modal with the person and the category filled in.
    before = h.emu.currentModal(user)?.id;
    await h.emu.blockAction({ user, channel: dmChannel(user), message: retry.ts, actionId: 'reminder_log' });
    const logModal = await modalAfter(user, before);
    expect(logModal.callback_id).toBe('checkin');
    expect(JSON.stringify(logModal.blocks)).toContain('"initial_value":"Dana Whitfield"');
    const categoryInput = (logModal.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]).find((b) => b.block_id === 'category');
    expect(categoryInput?.element?.initial_option?.value).toBe('past-collaborator');
    await h.emu.closeView({ user, viewId: logModal.id });

    // Schedule from the reminder: the modal for this contact; a time already past today is refused inline.
    before = h.emu.currentModal(user)?.id;
    await h.emu.blockAction({ user, channel: dmChannel(user), message: retry.ts, actionId: 'reminder_schedule_open' });
    const sched = await modalAfter(user, before);
    expect(sched.callback_id).toBe('reminder_schedule');
    expect(JSON.stringify(sched.blocks)).toContain('Dana Whitfield');
    // Friday 09:00 Berlin now: today, Sat and Sun are offered.
    expect(JSON.stringify(sched.blocks)).toContain('Today, Fri 27 Nov');
    expect(JSON.stringify(sched.blocks)).toContain('Sun 29 Nov');
    expect(JSON.stringify(sched.blocks)).not.toContain('Mon 30 Nov');
    const past = await h.emu.submitView({ user, viewId: sched.id, values: { day: { day: { type: 'static_select', selected_option: { value: '2026-11-27' } } }, time: { time: { type: 'timepicker', selected_time: '08:30' } } } });
    expect(past.outcome).toBe('errors');
    expect(past.errors?.time).toMatch(/passed today/);
    const ok = await h.emu.submitView({ user, viewId: sched.id, values: { day: { day: { type: 'static_select', selected_option: { value: '2026-11-28' } } }, time: { time: { type: 'timepicker', selected_time: '10:15' } } } });
    expect(ok.outcome).toBe('closed');
    const scheduled = await dmWith(user, 'Scheduled: your call with');
    expect(JSON.stringify(scheduled.blocks)).toContain('Sat 28 Nov at 10:15');
    h.clock.advance(new Date('2026-11-28T09:15:00Z').getTime() - h.clock.now().getTime());
    expect(await tickReminders()).toBe(1);
    expect(JSON.stringify((await dmWith(user, 'is now (10:15)')).blocks)).toContain('Dana Whitfield');
    // Another member's contact id (or a malformed value) opens nothing and says so.
    const other = newUser('olga', 'UTC');
    await commandReply(h, other, 'today');
    const otherId = (await db().selectFrom('members').select('id').where('slack_user_id', '=', other).executeTakeFirstOrThrow()).id;
    const strangerContact = await db().insertInto('contacts').values({ workspace_id: 'T0E2E', member_id: otherId, name: 'Not yours', slack_user_id: null, last_called_on: null, created_at: NOW }).returning('id').executeTakeFirstOrThrow();
    for (const value of [JSON.stringify({ contactId: strangerContact.id, category: '' }), 'not json']) {
      const modalBefore = h.emu.currentModal(user)?.id;
      const ephemerals = h.emu.ephemerals(user).length;
      await h.emu.blockAction({ user, channel: dmChannel(user), message: retry.ts, actionId: 'reminder_schedule_open', value });
      await until(() => h.emu.ephemerals(user).length > ephemerals);
      expect(h.emu.ephemerals(user).at(-1)!.text).toMatch(/couldn't find that person/);
      expect(h.emu.currentModal(user)?.id).toBe(modalBefore);
    }
    h.clock.advance(NOW.getTime() - h.clock.now().getTime());
    expect(blockKitProblems(h.emu)).toEqual([]);
  });

  it('/calls schedule <name> opens the modal; without a name it says what to type; /calls review DMs the review', async () => {
    const user = newUser('gus', 'America/New_York');
    const usage = await commandReply(h, user, 'schedule');
    expect(usage.all).toContain('/calls schedule Dana Whitfield');
    const before = h.emu.currentModal(user)?.id;
    await h.emu.slashCommand({ user, text: 'schedule Hannah Kim' });
    const modal = await modalAfter(user, before);
    expect(modal.callback_id).toBe('reminder_schedule');
    const noDay = await h.emu.submitView({ user, viewId: modal.id, values: { time: { time: { type: 'timepicker', selected_time: '10:00' } } } });
    // The day is a required input: refused as Slack's client does.
    expect(noDay.outcome).toBe('required');
    const ok = await h.emu.submitView({ user, viewId: modal.id, values: { day: { day: { type: 'static_select', selected_option: { value: '2026-11-26' } } }, time: { time: { type: 'timepicker', selected_time: '10:00' } } } });
    expect(ok.outcome).toBe('closed');
    const row = await db().selectFrom('reminders').select(['contact_name', 'contact_id', 'due_at']).where('contact_name', '=', 'Hannah Kim').executeTakeFirstOrThrow();
    expect(row.contact_id).toBeNull();
    expect(new Date(row.due_at).toISOString()).toBe('2026-11-26T15:00:00.000Z');

    const reply = await commandReply(h, user, 'review');
    expect(reply.all).toMatch(/30-day review is in your DM/);
    const review = await dmWith(user, 'Your 30-day review');
    expect(JSON.stringify(review.blocks)).toContain('Most often skipped');
    expect(blockKitProblems(h.emu)).toEqual([]);
  });

  it('partners share their week in the group DM; the last share posts a time in each person\'s own zone', async () => {
    const ann = newUser('ann', 'America/New_York');
    const ben = newUser('ben', 'Europe/Berlin');
    const channel = h.emu.addChannel({ name: `pairs-${seq}`, members: [ann, ben] }).id;
    await commandReply(h, ann, 'join', channel);
    await commandReply(h, ben, 'join', channel);
    expect(await pairDueCircles(svc(), 'T0E2E')).toBeGreaterThanOrEqual(1);
    await h.worker.drain();
    await until(() => h.emu.conversations().some((c) => c.is_mpim && c.members.includes(ann) && c.members.includes(ben)));
    const mpim = h.emu.conversations().find((c) => c.is_mpim && c.members.includes(ann) && c.members.includes(ben))!;
    await until(() => h.emu.messages(mpim.id).some((m) => JSON.stringify(m.blocks ?? []).includes('brief_open')));
    const intro = h.emu.messages(mpim.id).find((m) => JSON.stringify(m.blocks ?? []).includes('brief_open'))!;

    // Someone outside the pair is told so, and gets no modal.
    const outsider = newUser('otto', 'UTC');
    await commandReply(h, outsider, 'today');
    const modalBefore = h.emu.currentModal(outsider)?.id;
    const ephBefore = h.emu.ephemerals(outsider).length;
    expect((await h.emu.blockAction({ user: outsider, channel: mpim.id, message: intro.ts, actionId: 'brief_open' })).status).toBe(200);
    await until(() => h.emu.ephemerals(outsider).length > ephBefore);
    expect(h.emu.ephemerals(outsider).at(-1)!.text).toMatch(/Only the partners/);
    expect(h.emu.currentModal(outsider)?.id).toBe(modalBefore);

    const share = async (user: string, values: Record<string, string>) => {
      const before = h.emu.currentModal(user)?.id;
      expect((await h.emu.blockAction({ user, channel: mpim.id, message: intro.ts, actionId: 'brief_open' })).status).toBe(200);
      const modal = await modalAfter(user, before);
      expect(modal.callback_id).toBe('brief');
      const v = Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { [k]: { type: 'plain_text_input', value } }]));
      return { modal, r: await h.emu.submitView({ user, viewId: modal.id, values: v }) };
    };
    const blank = await share(ann, { working_on: '   ', ideas: '  ' });
    expect(blank.r.outcome).toBe('errors');
    expect(Object.keys(blank.r.errors ?? {}).sort()).toEqual(['ideas', 'working_on']);
    const fixed = await h.emu.submitView({ user: ann, viewId: blank.modal.id, values: { working_on: { working_on: { type: 'plain_text_input', value: 'Pricing page' } }, ideas: { ideas: { type: 'plain_text_input', value: 'Drop the free tier?' } } } });
    expect(fixed.outcome).toBe('closed');
    await until(() => h.emu.messages(mpim.id).some((m) => JSON.stringify(m.blocks ?? []).includes('Pricing page')));
    expect(JSON.stringify(h.emu.messages(mpim.id).at(-1)!.blocks)).toContain(`Waiting for <@${ben}>`);

    const second = await share(ben, { working_on: 'Partner deck', ideas: 'Which logo?', unsure: 'The budget' });
    expect(second.r.outcome).toBe('closed');
    await until(() => h.emu.messages(mpim.id).some((m) => JSON.stringify(m.blocks ?? []).includes('How about a call')));
    const proposal = JSON.stringify(h.emu.messages(mpim.id).find((m) => JSON.stringify(m.blocks ?? []).includes('How about a call'))!.blocks);
    // Wednesday 12:00 UTC + an hour: 08:00 in New York; the first half hour inside both days is 09:00 New York, 15:00 Berlin.
    expect(proposal).toContain(`<@${ann}>: *Wed 25 Nov, 09:00* (New York)`);
    expect(proposal).toContain(`<@${ben}>: *Wed 25 Nov, 15:00* (Berlin)`);
    expect(blockKitProblems(h.emu)).toEqual([]);
  });
});
