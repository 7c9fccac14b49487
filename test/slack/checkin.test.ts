// End to end through the real HTTP receiver: /calls today and help, the check-in modal (invalid, then
// valid, then a double submit), first contact, and requests Slack did not sign.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { playbookOrDefault } from '../../src/domain/playbooks.js';
import { weeklyPlanMessage } from '../../src/slack/views/plan.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { blockKitProblems, startHarness, TOKEN, type Harness } from './harness.js';

describeDb('check-in end to end', (ctx) => {
  let h: Harness;
  let alice: string;
  const ws = 'T0E2E';

  beforeAll(async () => {
    h = await startHarness(ctx());
    alice = h.emu.addUser({ name: 'alice', real_name: 'Alice Adams', tz: 'Europe/Berlin' }).id;

  });
  afterAll(async () => {
    await h?.stop();
  });

  const db = () => ctx().db;
  const lastEphemeral = (user: string) => h.emu.ephemerals(user).at(-1);

  it("answers an unknown user's first command, creates the member from users.info and greets them once", async () => {
    const r = await h.emu.slashCommand({ user: alice, text: '' });
    expect(r.status).toBe(200);
    await until(() => h.emu.ephemerals(alice).length === 1);
    expect(lastEphemeral(alice)!.text).not.toMatch(/sorry/i);
    const member = await db().selectFrom('members').selectAll().where('slack_user_id', '=', alice).executeTakeFirstOrThrow();
    expect(member).toMatchObject({ workspace_id: ws, slack_tz: 'Europe/Berlin', display_name: 'alice' });
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
    const carol = h.emu.addUser({ name: 'carol', tz: 'Asia/Tokyo' }).id;
    await Promise.all([h.emu.slashCommand({ user: carol, text: 'help' }), h.emu.slashCommand({ user: carol, text: 'week' })]);
    await until(() => h.emu.ephemerals(carol).length === 2);
    const greetings = await db().selectFrom('outbox').select('id').where('kind', '=', 'greeting').where('channel_key', '=', carol).execute();
    expect(greetings).toHaveLength(1);
    await until(() => h.emu.dmMessages(carol).length === 1);
    await h.worker.drain();
    expect(h.emu.dmMessages(carol)).toHaveLength(1);
  });

  it('/calls help lists the subcommands; an unknown word gets help with "did you mean"', async () => {
    await h.emu.slashCommand({ user: alice, text: 'help' });
    await until(() => /\/calls log/.test(JSON.stringify(lastEphemeral(alice)?.blocks ?? [])));
    await h.emu.slashCommand({ user: alice, text: 'leaderbord' });
    await until(() => /Did you mean/.test(lastEphemeral(alice)?.text ?? ''));
    expect(lastEphemeral(alice)!.text).toContain('/calls leaderboard');
  });

  it('/calls log opens the check-in modal with the name filled in', async () => {
    await h.emu.slashCommand({ user: alice, text: 'log Grace Hopper' });
    await until(() => h.emu.currentModal(alice) !== undefined);
    const modal = h.emu.currentModal(alice)!;
    expect(modal.callback_id).toBe('checkin');
    expect(JSON.stringify(modal.blocks)).toContain('Grace Hopper');
  });

  it('shows inline errors for invalid input and saves nothing', async () => {
    const modal = h.emu.currentModal(alice)!;
    const r = await h.emu.submitView({
      user: alice,
      viewId: modal.id,
      values: { who: { who: { type: 'plain_text_input', value: '' } }, minutes: { minutes: { type: 'plain_text_input', value: 'lots' } } },
    });
    expect(r.outcome).toBe('errors');
    expect(Object.keys(r.errors!).sort()).toEqual(['category', 'minutes', 'outcome', 'who']);
    expect(await db().selectFrom('calls').select('id').execute()).toHaveLength(0);
  });

  it('saves a valid submit once, confirms by DM and republishes the Home; a double submit writes one row', async () => {
    const modal = h.emu.currentModal(alice)!;
    const dmsBefore = h.emu.dmMessages(alice).length;
    const values = {
      who: { who: { type: 'plain_text_input', value: 'Grace Hopper' } },
      category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
      outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
      minutes: { minutes: { type: 'plain_text_input', value: '15' } },
      notes: { notes: { type: 'plain_text_input', value: 'SECRET-NOTE talked about compilers' } },
    };
    // Slack would close the modal after the first; a retry of the same submission carries the same view id.
    const payloads = await Promise.all([
      h.emu.submitView({ user: alice, viewId: modal.id, values }),
      h.emu.submitView({ user: alice, viewId: modal.id, values }),
    ]);
    for (const p of payloads) expect(p.status).toBe(200);
    expect(payloads.some((p) => p.outcome === 'closed')).toBe(true);
    const calls = await db().selectFrom('calls').selectAll().execute();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ workspace_id: ws, contact_name: 'Grace Hopper', category: 'stretch', minutes: 15, idempotency_key: `view:${modal.id}` });
    const contacts = await db().selectFrom('contacts').selectAll().execute();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.id).toBe(calls[0]!.contact_id);
    await until(() => h.emu.dmMessages(alice).length === dmsBefore + 1);
    expect(h.emu.dmMessages(alice).at(-1)!.text).toMatch(/1\/5/);
    expect(h.emu.dmMessages(alice).at(-1)!.text).not.toContain('SECRET-NOTE');
    await until(() => h.emu.homeView(alice) !== undefined);
    const confirmations = await db().selectFrom('outbox').select('dedupe_key').where('kind', '=', 'confirmation').execute();
    expect(confirmations).toEqual([{ dedupe_key: `confirm:${modal.id}` }]);
    expect(h.logs.join('')).not.toContain('SECRET-NOTE');
  });

  it('the "Log a call" button and per-category buttons (weekly plan DM, Home) open the modal, the category chosen', async () => {
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
    await closeModals();
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

    // The App Home's per-category button.
    const home = h.emu.homeView(alice)!;
    const button = JSON.stringify(home.blocks).match(/"action_id":"(open_checkin:[a-z-]+)"/);
    expect(button).not.toBeNull();
    await h.emu.blockAction({ user: alice, view: home.id, actionId: button![1]! });
    await until(() => h.emu.currentModal(alice) !== undefined);
    expect(chosenCategory()).toBe(button![1]!.split(':')[1]);
    await closeModals();
  });

  it('rejects forged, stale and unsigned requests with 401: nothing written, no Slack call', async () => {
    const callsBefore = h.emu.calls().length;
    const membersBefore = (await db().selectFrom('members').select('id').execute()).length;
    const dan = h.emu.addUser({ name: 'dan' }).id;
    const forged = await h.emu.slashCommand({ user: dan, text: 'today' }, { signature: 'v0=' + 'ab'.repeat(32) });
    const stale = await h.emu.slashCommand({ user: dan, text: 'today' }, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const unsigned = await h.emu.slashCommand({ user: dan, text: 'today' }, { unsigned: true });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.emu.calls().length).toBe(callsBefore);
    expect((await db().selectFrom('members').select('id').execute()).length).toBe(membersBefore);
    expect(h.emu.ephemerals(dan)).toHaveLength(0);
  });

  it('every payload the app sent is within Block Kit limits', () => {
    expect(blockKitProblems(h.emu)).toEqual([]);
    expect(h.emu.calls().filter((c) => !c.ok)).toEqual([]);
  });
});
