// End to end: every /calls subcommand through the real HTTP receiver, the settings and admin modals, the
// pair-check buttons, the App Home and its buttons, and events (dedupe on event_id, channel leave, uninstall).
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { weekKeyOf } from '../../src/domain/weeks.js';
import { midweekCheckMessage } from '../../src/slack/views/scheduled.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { blockKitProblems, commandReply, initialValues, startHarness, TOKEN, type Harness } from './harness.js';

describeDb('/calls subcommands end to end', (ctx) => {
  let h: Harness;
  let ann: string;
  let ben: string;
  let cat: string;
  let boss: string;
  let team: string;
  let other: string;
  const ws = 'T0E2E';

  beforeAll(async () => {
    h = await startHarness(ctx());
    ann = h.emu.addUser({ name: 'ann', tz: 'Europe/London' }).id;
    ben = h.emu.addUser({ name: 'ben', tz: 'Europe/London' }).id;
    cat = h.emu.addUser({ name: 'cat', tz: 'Europe/Paris' }).id;
    boss = h.emu.addUser({ name: 'boss', tz: 'UTC', is_admin: true }).id;
    team = h.emu.addChannel({ name: 'team-calls', members: [ann, ben, cat, boss] }).id;
    other = h.emu.addChannel({ name: 'other-calls', members: [ann, ben] }).id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const db = () => ctx().db;
  /** Sends a command and waits for its ephemeral reply (its text). */
  const run = async (user: string, text: string, channel?: string): Promise<string> => (await commandReply(h, user, text, channel)).all;
  const member = (user: string) => db().selectFrom('members').selectAll().where('workspace_id', '=', ws).where('slack_user_id', '=', user).executeTakeFirstOrThrow();

  it('join in a DM explains that circles live in channels', async () => {
    expect(await run(ann, 'join')).toMatch(/channel/i);
    expect(await db().selectFrom('circles').select('id').execute()).toHaveLength(0);
  });

  it('join with a channel name changes nothing and says to type it in that channel', async () => {
    expect(await run(ann, 'join #growth', team)).toMatch(/type it in the channel/);
    expect(await db().selectFrom('circles').select('id').where('channel_id', '=', team).execute()).toEqual([]);
  });

  it('join in a channel makes it a circle with its creator, and adds members', async () => {
    expect(await run(ann, 'join', team)).toMatch(/started a new circle/);
    expect(await run(ben, 'JOIN', team)).toMatch(/You're in/);
    await run(cat, 'join', team);
    const circle = await db().selectFrom('circles').selectAll().where('channel_id', '=', team).executeTakeFirstOrThrow();
    expect(circle).toMatchObject({ workspace_id: ws, created_by: ann, name: 'team-calls', tz: 'Europe/London' });
    for (const u of [ann, ben, cat]) expect((await member(u)).circle_id).toBe(circle.id);
  });

  it('join in a channel the bot is not in asks to be invited (it could not post pairs or recaps there)', async () => {
    const lonely = h.emu.addChannel({ name: 'no-bot-here', members: [cat], botMember: false }).id;
    const reply = await run(cat, 'join', lonely);
    expect(reply).toMatch(/Invite me with `\/invite @Call Buddy`/);
    expect(await run(ann, 'join', team)).not.toMatch(/Invite me/);
    await run(cat, 'join', team);
  });

  it('joining another circle asks first, "Move" moves the member and says so; leave takes them out', async () => {
    expect(await run(ben, 'join', other)).toMatch(/one circle at a time/);
    const ask = h.emu.ephemerals(ben).at(-1)!;
    await h.emu.blockAction({ user: ben, channel: other, message: ask.ts, actionId: 'circle_move' });
    await until(() => /you left/.test(h.emu.ephemerals(ben).find((e) => e.ts === ask.ts)!.text + JSON.stringify(h.emu.ephemerals(ben).find((e) => e.ts === ask.ts)!.blocks)));
    const otherCircle = await db().selectFrom('circles').selectAll().where('channel_id', '=', other).executeTakeFirstOrThrow();
    expect((await member(ben)).circle_id).toBe(otherCircle.id);
    expect(await run(ben, 'leave')).toMatch(/You left/);
    expect((await member(ben)).circle_id).toBeNull();
    expect(await run(ben, 'leave')).toMatch(/not in a circle/);
    await run(ben, 'join', team);
  });

  it('today, week and streak show the member their week', async () => {
    expect(await run(ann, '')).toMatch(/0\/5/);
    const week = await run(ann, 'week');
    expect(week).toMatch(/0\/5/);
    expect(week).toMatch(/Soundboard partner/);
    expect(await run(ann, 'streak')).toMatch(/Team streak in team-calls/);
    expect(await run(boss, 'streak')).toMatch(/solo/);
  });

  it('leaderboard shows the circle, hidden members as anonymous', async () => {
    await db().updateTable('members').set({ board_visible: false }).where('slack_user_id', '=', cat).execute();
    const board = await run(ann, 'leaderboard');
    expect(board).toMatch(/Leaderboard: team-calls/);
    expect(board).toMatch(/anonymous/);
    expect(board).not.toMatch(/\bcat\b/);
    expect(await run(boss, 'leaderboard')).toMatch(/not in a circle/);
  });

  it('partner names this week\'s soundboard partner(s), or none', async () => {
    expect(await run(ann, 'partner')).toMatch(/No soundboard partner/);
    const circle = await db().selectFrom('circles').selectAll().where('channel_id', '=', team).executeTakeFirstOrThrow();
    const week = weekKeyOf(h.clock.now(), 'Europe/London');
    const pairing = (await insertPairingOnce(db(), { workspaceId: ws, circleId: circle.id, week, seed: 'test', at: h.clock.now() }))!;
    const a = await member(ann);
    const b = await member(ben);
    await insertPairingGroup(db(), { workspaceId: ws, pairingId: pairing.id, position: 0, memberIds: [a.id, b.id] });
    expect(await run(ann, 'partner')).toContain(`<@${ben}>`);
  });

  it('pair-check buttons record the answer and update the message', async () => {
    const group = await db().selectFrom('pairing_groups').select('id').executeTakeFirstOrThrow();
    const client = new WebClient(TOKEN, { slackApiUrl: h.emu.url, retryConfig: { retries: 0 } });
    const dm = await client.conversations.open({ users: `${ann},${ben}` });
    const posted = await client.chat.postMessage({ channel: dm.channel!.id!, ...midweekCheckMessage({ groupId: group.id, memberSlackUserIds: [ann, ben] }) });
    const r = await h.emu.blockAction({ user: ann, channel: dm.channel!.id!, message: posted.ts!, actionId: 'pair_check_yes' });
    expect(r.status).toBe(200);
    await until(() => /says you talked/.test(JSON.stringify(h.emu.messages(dm.channel!.id!).at(-1)?.blocks ?? [])));
    const a = await member(ann);
    const answer = await db().selectFrom('pairing_members').select('talked').where('group_id', '=', group.id).where('member_id', '=', a.id).executeTakeFirstOrThrow();
    expect(answer.talked).toBe('yes');
    const soundboard = await db().selectFrom('calls').selectAll().where('member_id', '=', a.id).execute();
    expect(soundboard.map((c) => [c.source, c.category])).toEqual([['pair_check', 'soundboard']]);
    // The partner still has the buttons, and their own Yes logs their own call; then the buttons go.
    const updated = h.emu.messages(dm.channel!.id!).at(-1)!;
    expect(JSON.stringify(updated.blocks)).toContain('pair_check_yes');
    expect(JSON.stringify(updated.blocks)).toMatch(/Partners: tap \*Yes\* to log yours/);
    await h.emu.blockAction({ user: ben, channel: dm.channel!.id!, message: updated.ts, actionId: 'pair_check_yes' });
    await until(() => !JSON.stringify(h.emu.messages(dm.channel!.id!).at(-1)?.blocks ?? []).includes('pair_check_yes'));
    const b = await member(ben);
    expect((await db().selectFrom('calls').select('category').where('member_id', '=', b.id).execute()).map((c) => c.category)).toEqual(['soundboard']);
  });

  it('pause validates its argument and changes nothing when invalid', async () => {
    const m = await member(ann);
    expect(await run(ann, 'pause 20 weeks')).toMatch(/1 to 12 weeks/);
    expect(await run(ann, 'pause until 2001-01-01')).toMatch(/past/);
    expect(await run(ann, 'pause until 2099-13-01')).toMatch(/real date/);
    expect(await run(ann, 'pause sometime')).toMatch(/pause 3 weeks/);
    expect(await db().selectFrom('pauses').select('id').where('member_id', '=', m.id).execute()).toHaveLength(0);
  });

  it('pause (next week), pause N weeks and resume write and end pauses in the member\'s weeks', async () => {
    const m = await member(ann);
    const thisWeek = weekKeyOf(h.clock.now(), 'Europe/London');
    expect(await run(ann, 'pause')).toMatch(/Paused/);
    let pauses = await db().selectFrom('pauses').selectAll().where('member_id', '=', m.id).execute();
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!.first_week > thisWeek).toBe(true);
    expect(pauses[0]!.first_week).toBe(pauses[0]!.last_week);
    expect(await run(ann, 'pause 3 weeks')).toMatch(/Paused Mon \d+ [A-Z][a-z]{2}( \d{4})? – Sun \d+ [A-Z][a-z]{2}/);
    expect(await run(ann, 'resume')).toMatch(/Welcome back/);
    pauses = await db().selectFrom('pauses').selectAll().where('member_id', '=', m.id).execute();
    expect(pauses).toHaveLength(0); // pauses that had not begun are dropped
    expect(await run(ann, 'resume')).toMatch(/not paused/);
  });

  it('settings opens a modal; invalid values get inline errors, valid ones are saved', async () => {
    await h.emu.slashCommand({ user: ben, text: 'settings' });
    await until(() => h.emu.currentModal(ben)?.callback_id === 'settings');
    const modal = h.emu.currentModal(ben)!;
    const bad = await h.emu.submitView({ user: ben, viewId: modal.id, values: { tz_override: { tz_override: { type: 'plain_text_input', value: 'Mars/Olympus' } } } });
    expect(bad.outcome).toBe('errors');
    expect(Object.keys(bad.errors!)).toContain('tz_override');
    expect((await member(ben)).tz_override).toBeNull();
    const good = await h.emu.submitView({
      user: ben,
      viewId: modal.id,
      values: {
        tz_override: { tz_override: { type: 'plain_text_input', value: 'Asia/Tokyo' } },
        lane: { lane: { type: 'plain_text_input', value: 'Design' } },
        board_visible: { board_visible: { type: 'radio_buttons', selected_option: { value: 'hide' } } },
      },
    });
    expect(good.outcome).toBe('closed');
    expect(await member(ben)).toMatchObject({ tz_override: 'Asia/Tokyo', lane: 'Design', board_visible: false });
  });

  it('admin: the creator gets the modal and saves; others are refused politely; a workspace admin may', async () => {
    expect(await run(ben, 'admin', team)).toMatch(/Only the person who started the circle/);
    await h.emu.slashCommand({ user: ann, channel: team, text: 'admin' });
    await until(() => h.emu.currentModal(ann)?.callback_id === 'admin');
    const modal = h.emu.currentModal(ann)!;
    const bad = await h.emu.submitView({ user: ann, viewId: modal.id, values: { goal: { goal: { type: 'plain_text_input', value: '99' } } } });
    expect(bad.outcome).toBe('errors');
    expect(Object.keys(bad.errors!)).toContain('goal');
    const good = await h.emu.submitView({ user: ann, viewId: modal.id, values: { ...initialValues(modal), goal: { goal: { type: 'plain_text_input', value: '4' } } } });
    expect(good.errors).toBeUndefined();
    expect(good.outcome).toBe('closed');
    const circle = await db().selectFrom('circles').selectAll().where('channel_id', '=', team).executeTakeFirstOrThrow();
    expect(circle.goal).toBe(4);
    await run(boss, 'join', team);
    await h.emu.slashCommand({ user: boss, channel: team, text: 'admin' });
    await until(() => h.emu.currentModal(boss)?.callback_id === 'admin');
  });

  it('App Home: publishes on app_home_opened; Pause next week pauses and republishes; Settings opens the modal', async () => {
    const published = h.emu.calls('views.publish').length;
    const r = await h.emu.appHomeOpened(cat);
    expect(r.status).toBe(200);
    await until(() => h.emu.calls('views.publish').length > published);
    const home = h.emu.homeView(cat)!;
    expect(home.type).toBe('home');
    await h.emu.blockAction({ user: cat, view: home.id, actionId: 'pause_next_week' });
    const m = await member(cat);
    await until(async () => (await db().selectFrom('pauses').select('id').where('member_id', '=', m.id).execute()).length === 1);
    await until(() => h.emu.calls('views.publish').length > published + 1);
    await h.emu.blockAction({ user: cat, view: h.emu.homeView(cat)!.id, actionId: 'open_settings' });
    await until(() => h.emu.currentModal(cat)?.callback_id === 'settings');
  });

  it('a repeated event_id (a Slack retry) is handled once', async () => {
    const published = h.emu.calls('views.publish').length;
    const first = await h.emu.appHomeOpened(ann);
    await until(() => h.emu.calls('views.publish').length === published + 1);
    const retry = await h.emu.appHomeOpened(ann, { eventId: first.eventId, retryNum: 1 });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.emu.calls('views.publish').length).toBe(published + 1);
    const seen = await db().selectFrom('slack_events').selectAll().where('event_id', '=', first.eventId).execute();
    expect(seen).toHaveLength(1);
  });

  it('member_left_channel takes the member out of that circle; app_uninstalled marks the workspace', async () => {
    await h.emu.event({ type: 'member_left_channel', user: cat, channel: team, channel_type: 'C', team: ws });
    await until(async () => (await member(cat)).circle_id === null);
    await h.emu.event({ type: 'app_uninstalled' });
    const status = async () => (await db().selectFrom('workspaces').select('status').where('id', '=', ws).executeTakeFirstOrThrow()).status;
    await until(async () => (await status()) === 'uninstalled');
    // Reinstalled: the next command marks the workspace active again.
    await run(ann, 'help');
    expect(await status()).toBe('active');
  });

  it('every payload the app sent is within Block Kit limits, and no Web API call failed', () => {
    expect(blockKitProblems(h.emu)).toEqual([]);
    expect(h.emu.calls().filter((c) => !c.ok).map((c) => `${c.method}: ${c.error}`)).toEqual([]);
    expect(h.logs.filter((l) => /listener failed/.test(l))).toEqual([]);
  });

  // Last: it makes a Web API call fail on purpose, which the check above would count.
  it('an event whose handling failed is handled again when Slack retries it', async () => {
    const published = h.emu.calls('views.publish').filter((c) => c.ok).length;
    h.emu.injectFault({ method: 'views.publish', error: 'internal_error', times: 1 });
    const first = await h.emu.appHomeOpened(ann);
    await until(() => h.emu.calls('views.publish').length > published);
    await new Promise((r) => setTimeout(r, 100));
    const retry = await h.emu.appHomeOpened(ann, { eventId: first.eventId, retryNum: 1, retryReason: 'http_error' });
    expect(retry.status).toBe(200);
    await until(() => h.emu.calls('views.publish').filter((c) => c.ok).length === published + 1);
  });
});
