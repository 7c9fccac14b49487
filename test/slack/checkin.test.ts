// End to end through the real HTTP receiver: /calls today and help, the check-in modal (invalid, then
// valid, then a double submit; a person picked or mentioned instead of a name; a required input left
// empty), first contact, and requests Slack did not sign. Every test acts as its own new user.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { playbookOrDefault } from '../../src/domain/playbooks.js';
import { weeklyPlanMessage } from '../../src/slack/views/plan.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { blockKitProblems, initialValues, startHarness, TOKEN, type Harness } from './harness.js';

describeDb('check-in end to end', (ctx) => {
  let h: Harness;
  const ws = 'T0E2E';
  let seq = 0;

  beforeAll(async () => {
    h = await startHarness(ctx());
  });
  afterAll(async () => {
    await h?.stop();
  });

  const db = () => ctx().db;
  const lastEphemeral = (user: string) => h.emu.ephemerals(user).at(-1);
  /** A workspace user this test alone acts as (not yet a member: their first command makes them one). */
  const newUser = (name: string, tz = 'Europe/Berlin') => h.emu.addUser({ name: `${name}${++seq}`, real_name: `${name} ${seq}`, tz }).id;
  /** The Web API calls the app made about a user (users.info, their DM, their Home, their modals). */
  const callsAbout = (user: string) => h.emu.calls().filter((c) => JSON.stringify(c.args).includes(user));
  const memberId = async (user: string) => (await db().selectFrom('members').select('id').where('slack_user_id', '=', user).executeTakeFirstOrThrow()).id;
  const callsOf = async (user: string) => db().selectFrom('calls').selectAll().where('member_id', '=', await memberId(user)).execute();
  /** `/calls <text>` and the check-in modal it opens. */
  const openLog = async (user: string, text = 'log') => {
    const before = h.emu.currentModal(user)?.id;
    expect((await h.emu.slashCommand({ user, text })).status).toBe(200);
    await until(() => h.emu.currentModal(user) !== undefined && h.emu.currentModal(user)!.id !== before);
    return h.emu.currentModal(user)!;
  };
  const chosen = {
    category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
    outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
  };

  it("answers an unknown user's first command, creates the member from users.info and greets them once", async () => {
    const alice = newUser('alice');
    const r = await h.emu.slashCommand({ user: alice, text: '' });
    expect(r.status).toBe(200);
    await until(() => h.emu.ephemerals(alice).length === 1);
    expect(lastEphemeral(alice)!.text).not.toMatch(/sorry/i);
    const member = await db().selectFrom('members').selectAll().where('slack_user_id', '=', alice).executeTakeFirstOrThrow();
    expect(member).toMatchObject({ workspace_id: ws, slack_tz: 'Europe/Berlin', display_name: `alice${seq}` });
    expect(member.greeted_at).not.toBeNull();
    await until(() => h.emu.dmMessages(alice).length === 1);
    expect(h.emu.dmMessages(alice)[0]!.text).toMatch(/Call Buddy/);
    const ws1 = await db().selectFrom('workspaces').selectAll().where('id', '=', ws).executeTakeFirst();
    expect(ws1?.status).toBe('active');

    // A second command: no second greeting, no second users.info.
    const infoCalls = h.emu.calls('users.info').length;
    await h.emu.slashCommand({ user: alice, text: '  TODAY ' });
    await until(() => h.emu.ephemerals(alice).length === 2);
    expect(h.emu.calls('users.info').length).toBe(infoCalls);
    await h.worker.drain();
    expect(h.emu.dmMessages(alice).length).toBe(1);
    expect(lastEphemeral(alice)!.text.length).toBeGreaterThan(0);
  });

  it('greets once when two first commands race', async () => {
    const carol = newUser('carol', 'Asia/Tokyo');
    await Promise.all([h.emu.slashCommand({ user: carol, text: 'help' }), h.emu.slashCommand({ user: carol, text: 'week' })]);
    await until(() => h.emu.ephemerals(carol).length === 2);
    const greetings = await db().selectFrom('outbox').select('id').where('kind', '=', 'greeting').where('channel_key', '=', carol).execute();
    expect(greetings).toHaveLength(1);
    await until(() => h.emu.dmMessages(carol).length === 1);
    await h.worker.drain();
    expect(h.emu.dmMessages(carol)).toHaveLength(1);
  });

  it('/calls help lists the subcommands; an unknown word gets help with "did you mean"', async () => {
    const user = newUser('helen');
    await h.emu.slashCommand({ user, text: 'help' });
    await until(() => /\/calls log/.test(JSON.stringify(lastEphemeral(user)?.blocks ?? [])));
    await h.emu.slashCommand({ user, text: 'leaderbord' });
    await until(() => /Did you mean/.test(lastEphemeral(user)?.text ?? ''));
    expect(lastEphemeral(user)!.text).toContain('/calls leaderboard');
  });

  it('/calls log opens the check-in modal with the name filled in and nobody picked', async () => {
    const user = newUser('grace');
    const modal = await openLog(user, 'log Grace Hopper');
    expect(modal.callback_id).toBe('checkin');
    expect(initialValues(modal)).toEqual({ who: { who: { type: 'plain_text_input', value: 'Grace Hopper' } }, call_date: expect.anything() });
  });

  it('shows inline errors for invalid input and saves nothing: no name and no person is an error on the name', async () => {
    const user = newUser('ivan');
    const modal = await openLog(user, 'log Grace Hopper');
    const r = await h.emu.submitView({
      user,
      viewId: modal.id,
      values: { ...chosen, who: { who: { type: 'plain_text_input', value: '' } }, minutes: { minutes: { type: 'plain_text_input', value: 'lots' } } },
    });
    expect(r.outcome).toBe('errors');
    expect(r.errors).toEqual({ who: 'Pick someone from your people, type their name, or pick them in Slack.', minutes: 'Minutes must be a whole number from 0 to 600.' });
    expect(h.emu.currentModal(user)?.id).toBe(modal.id);
    expect(await callsOf(user)).toHaveLength(0);
  });

  it('a required input left empty is refused as Slack\'s client does: the app never gets the submission', async () => {
    const user = newUser('rita');
    const modal = await openLog(user, 'log Grace Hopper');
    await until(() => h.emu.dmMessages(user).length === 1); // the first-contact greeting
    const callsBefore = callsAbout(user).length;
    const r = await h.emu.submitView({ user, viewId: modal.id, values: { who: { who: { type: 'plain_text_input', value: 'Grace Hopper' } } } });
    expect(r).toMatchObject({ outcome: 'required', status: 0 });
    expect(r.errors).toEqual({ category: 'Please complete this required field.', outcome: 'Please complete this required field.' });
    // Nothing reached the app: no view_submission, so no confirmation DM, no Home, no row.
    await h.worker.drain();
    expect(callsAbout(user)).toHaveLength(callsBefore);
    expect(await callsOf(user)).toHaveLength(0);
    expect(h.emu.currentModal(user)?.id).toBe(modal.id);
  });

  it('saves a valid submit once, confirms by DM and republishes the Home; a double submit writes one row', async () => {
    const user = newUser('otto');
    const modal = await openLog(user, 'log Grace Hopper');
    await until(() => h.emu.dmMessages(user).length === 1); // the first-contact greeting
    const dmsBefore = h.emu.dmMessages(user).length;
    const values = {
      ...chosen,
      who: { who: { type: 'plain_text_input', value: 'Grace Hopper' } },
      minutes: { minutes: { type: 'plain_text_input', value: '15' } },
      notes: { notes: { type: 'plain_text_input', value: 'SECRET-NOTE talked about compilers' } },
    };
    // Slack would close the modal after the first; a retry of the same submission carries the same view id.
    const payloads = await Promise.all([
      h.emu.submitView({ user, viewId: modal.id, values }),
      h.emu.submitView({ user, viewId: modal.id, values }),
    ]);
    for (const p of payloads) expect(p.status).toBe(200);
    expect(payloads.some((p) => p.outcome === 'closed')).toBe(true);
    const calls = await callsOf(user);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ workspace_id: ws, contact_name: 'Grace Hopper', contact_user_id: null, category: 'stretch', minutes: 15, idempotency_key: `view:${modal.id}` });
    const contacts = await db().selectFrom('contacts').selectAll().where('member_id', '=', await memberId(user)).execute();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.id).toBe(calls[0]!.contact_id);
    await until(() => h.emu.dmMessages(user).length === dmsBefore + 1);
    expect(h.emu.dmMessages(user).at(-1)!.text).toMatch(/1\/5/);
    expect(h.emu.dmMessages(user).at(-1)!.text).not.toContain('SECRET-NOTE');
    await until(() => h.emu.homeView(user) !== undefined);
    const confirmations = await db().selectFrom('outbox').select('dedupe_key').where('kind', '=', 'confirmation').where('channel_key', '=', user).execute();
    expect(confirmations).toEqual([{ dedupe_key: `confirm:${modal.id}` }]);
    expect(h.logs.join('')).not.toContain('SECRET-NOTE');
  });

  it('saves a call with only a person picked: their Slack name becomes the contact', async () => {
    const user = newUser('pia');
    const friend = h.emu.addUser({ name: `nora${seq}`, real_name: 'Nora Field' }).id;
    const modal = await openLog(user);
    const r = await h.emu.submitView({ user, viewId: modal.id, values: { ...chosen, who_user: { who_user: { type: 'users_select', selected_user: friend } } } });
    expect(r.outcome).toBe('closed');
    expect(await callsOf(user)).toMatchObject([{ contact_name: `nora${seq}`, contact_user_id: friend }]);
  });

  it('/calls log @someone (an escaped mention) preselects the person, leaves the name empty and saves them as the contact', async () => {
    const user = newUser('max');
    const friend = h.emu.addUser({ name: `lena${seq}` }).id;
    const other = h.emu.addUser({ name: `omar${seq}` }).id;
    const modal = await openLog(user, `log <@${friend}|lena${seq}>`);
    expect(initialValues(modal)).toEqual({ who_user: { who_user: { type: 'users_select', selected_user: friend } }, call_date: expect.anything() });
    expect(JSON.stringify(modal.blocks)).not.toContain('<@');
    // Submitted as it opened (name empty, the person picked): saved with the person, never the raw mention.
    const r = await h.emu.submitView({ user, viewId: modal.id, values: { ...initialValues(modal), ...chosen } });
    expect(r.outcome).toBe('closed');
    expect(await callsOf(user)).toMatchObject([{ contact_name: `lena${seq}`, contact_user_id: friend }]);
    const contacts = await db().selectFrom('contacts').select(['name', 'slack_user_id']).where('member_id', '=', await memberId(user)).execute();
    expect(contacts).toEqual([{ name: `lena${seq}`, slack_user_id: friend }]);

    // Typed with the @ as in Slack's composer (the emulator escapes it as Slack does), and with two people:
    // the first is picked, and the reply says how to log the other.
    const two = await openLog(user, `log @lena${seq} @omar${seq}`);
    expect(initialValues(two).who_user).toEqual({ who_user: { type: 'users_select', selected_user: friend } });
    expect(initialValues(two).who).toBeUndefined();
    await until(() => /One call per check-in/.test(lastEphemeral(user)?.text ?? ''));
    expect(lastEphemeral(user)!.text).toContain(`<@${other}>`);
  });

  it('the "Log a call" button and per-category buttons (weekly plan DM, Home) open the modal, the category chosen', async () => {
    const alice = newUser('alma');
    await h.emu.slashCommand({ user: alice, text: 'week' });
    await until(() => /Log a call/.test(JSON.stringify(lastEphemeral(alice)?.blocks ?? [])));
    const eph = lastEphemeral(alice)!;
    const chosenCategory = () => {
      const block = (h.emu.currentModal(alice)!.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]).find((b) => b.block_id === 'category');
      return block?.element?.initial_option?.value;
    };
    const closeModals = async () => {
      for (const v of [...h.emu.modalStack(alice)].reverse()) await h.emu.closeView({ user: alice, viewId: v.id });
    };
    expect((await h.emu.blockAction({ user: alice, channel: eph.channel, message: eph.ts, actionId: 'open_checkin' })).status).toBe(200);
    await until(() => h.emu.currentModal(alice) !== undefined);
    expect(chosenCategory()).toBeUndefined();
    await closeModals();

    // The weekly plan DM (as the scheduler sends it): its "Log it" button for "stretch".
    const client = new WebClient(TOKEN, { slackApiUrl: h.emu.url, retryConfig: { retries: 0 } });
    const plan = weeklyPlanMessage({ displayName: 'alice', week: '2026-W48', playbook: playbookOrDefault('five-calls'), goal: 5, partnerSlackUserIds: [] });
    const posted = await client.chat.postMessage({ channel: alice, ...plan });
    await h.emu.blockAction({ user: alice, channel: posted.channel!, message: posted.ts!, actionId: 'open_checkin:stretch' });
    await until(() => h.emu.currentModal(alice) !== undefined);
    expect(chosenCategory()).toBe('stretch');
    await closeModals();

    // The App Home's per-category button (the Home is published when the member opens it).
    await h.emu.appHomeOpened(alice);
    await until(() => h.emu.homeView(alice) !== undefined);
    const home = h.emu.homeView(alice)!;
    const button = JSON.stringify(home.blocks).match(/"action_id":"(open_checkin:[a-z-]+)"/);
    expect(button).not.toBeNull();
    await h.emu.blockAction({ user: alice, view: home.id, actionId: button![1]! });
    await until(() => h.emu.currentModal(alice) !== undefined);
    expect(chosenCategory()).toBe(button![1]!.split(':')[1]);
    await closeModals();
  });

  it('rejects forged, stale and unsigned requests with 401: nothing written, no Slack call', async () => {
    const dan = newUser('dan');
    const forged = await h.emu.slashCommand({ user: dan, text: 'today' }, { signature: 'v0=' + 'ab'.repeat(32) });
    const stale = await h.emu.slashCommand({ user: dan, text: 'today' }, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const unsigned = await h.emu.slashCommand({ user: dan, text: 'today' }, { unsigned: true });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(callsAbout(dan)).toEqual([]);
    expect(await db().selectFrom('members').select('id').where('slack_user_id', '=', dan).execute()).toEqual([]);
    expect(h.emu.ephemerals(dan)).toHaveLength(0);
  });

  it('every payload the app sent is within Block Kit limits (replies, the modal, the Home, the confirmation)', async () => {
    const user = newUser('lima');
    for (const text of ['today', 'week', 'help', 'streak']) await h.emu.slashCommand({ user, text });
    const modal = await openLog(user, 'log Ada');
    expect((await h.emu.submitView({ user, viewId: modal.id, values: { ...initialValues(modal), ...chosen } })).outcome).toBe('closed');
    await h.emu.appHomeOpened(user);
    await until(() => h.emu.homeView(user) !== undefined && h.emu.dmMessages(user).length >= 2);
    expect(h.emu.calls('views.open').length).toBeGreaterThan(0);
    expect(blockKitProblems(h.emu)).toEqual([]);
    expect(h.emu.calls().filter((c) => !c.ok)).toEqual([]);
  });
});
