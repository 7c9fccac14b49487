// `/calls join` and `/calls admin` by channel, end to end (signed requests against the emulator): join
// asks before moving a member from another circle, never starts a circle where the bot is not, and admin
// edits the circle of the channel it is typed in.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { commandReply, startHarness, type Harness } from './harness.js';

describeDb('/calls join and /calls admin by channel', (ctx) => {
  let h: Harness;
  const ws = 'T0E2E';
  let n = 0;

  beforeAll(async () => {
    h = await startHarness(ctx());
  });
  /** Fresh people and channels for each test, so no test depends on another. */
  const setup = () => {
    n++;
    const ann = h.emu.addUser({ name: `ann${n}`, tz: 'Europe/London' }).id;
    const ben = h.emu.addUser({ name: `ben${n}`, tz: 'Europe/Paris' }).id;
    const boss = h.emu.addUser({ name: `boss${n}`, tz: 'UTC', is_admin: true }).id;
    const team = h.emu.addChannel({ name: `team-calls-${n}`, members: [ann, ben, boss] }).id;
    const other = h.emu.addChannel({ name: `other-calls-${n}`, members: [ann, ben, boss] }).id;
    return { ann, ben, boss, team, other, n };
  };
  /** ann starts team, ben starts other, ann moves to other. */
  const twoCircles = async () => {
    const s = setup();
    await run(s.ann, 'join', s.team);
    await run(s.ben, 'join', s.other);
    await click(s.ann, await run(s.ann, 'join', s.other), 'circle_move');
    return s;
  };
  afterAll(async () => {
    await h?.stop();
  });

  const db = () => ctx().db;
  const circleOf = async (user: string) =>
    (await db().selectFrom('members').select('circle_id').where('workspace_id', '=', ws).where('slack_user_id', '=', user).executeTakeFirst())?.circle_id ?? null;
  const circleIn = async (channel: string) => (await db().selectFrom('circles').select(['id', 'created_by']).where('channel_id', '=', channel).executeTakeFirst()) ?? null;
  const run = (user: string, text: string, channel?: string) => commandReply(h, user, text, channel);
  /** Clicks a button of an ephemeral reply and waits until the reply changes. */
  async function click(user: string, eph: { ts: string; channel: string; text: string }, actionId: string) {
    const r = await h.emu.blockAction({ user, channel: eph.channel, message: eph.ts, actionId });
    expect(r.status).toBe(200);
    await until(() => h.emu.ephemerals(user).find((e) => e.ts === eph.ts)?.text !== eph.text);
    const e = h.emu.ephemerals(user).find((x) => x.ts === eph.ts)!;
    return `${e.text}\n${JSON.stringify(e.blocks ?? [])}`;
  }

  it('join where the bot is not (public or private) says how to add it and starts no circle', async () => {
    const { ann, n } = setup();
    const lonely = h.emu.addChannel({ name: `no-bot-here-${n}`, members: [ann], botMember: false }).id;
    const secret = h.emu.addChannel({ name: `secret-${n}`, members: [ann], botMember: false, is_private: true }).id;
    for (const channel of [lonely, secret]) {
      const reply = await run(ann, 'join', channel);
      expect(reply.all).toMatch(/\/invite @Call Buddy/);
      expect(reply.all).toMatch(/then run `\/calls join` again/);
      expect(await circleIn(channel)).toBeNull();
    }
    expect(await circleOf(ann)).toBeNull();
  });

  it('join in another circle\'s channel asks first: "Stay" changes nothing, "Move" moves', async () => {
    const { ann, ben, team, other, n } = setup();
    expect((await run(ann, 'join', team)).all).toMatch(/started a new circle/);
    expect((await run(ben, 'join', other)).all).toMatch(/started a new circle/);
    const teamCircle = (await circleIn(team))!.id;
    const otherCircle = (await circleIn(other))!.id;

    const ask = await run(ann, 'join', other);
    expect(ask.all).toMatch(/one circle at a time/);
    expect(ask.all).toContain(`Move to #other-calls-${n}`);
    expect(ask.all).toContain(`Stay in #team-calls-${n}`);
    expect(await circleOf(ann)).toBe(teamCircle);

    expect(await click(ann, ask, 'circle_stay')).toMatch(/staying in <#/);
    expect(await circleOf(ann)).toBe(teamCircle);

    const again = await run(ann, 'join', other);
    const moved = await click(ann, again, 'circle_move');
    expect(moved).toContain(`you left *#team-calls-${n}*`);
    expect(await circleOf(ann)).toBe(otherCircle);
    // Already there: no question.
    expect((await run(ann, 'join', other)).all).toMatch(/You're in/);
  });

  it('"Move" checks again that the bot is in the channel', async () => {
    const { ann, team, other, n } = await twoCircles();
    const ask = await run(ann, 'join', team);
    expect(ask.all).toContain(`Move to #team-calls-${n}`);
    const conv = h.emu.conversation(team)!;
    conv.members = conv.members.filter((m) => m !== h.emu.bot.user_id);
    try {
      expect(await click(ann, ask, 'circle_move')).toMatch(/\/invite @Call Buddy/);
      expect(await circleOf(ann)).toBe((await circleIn(other))!.id);
    } finally {
      conv.members.push(h.emu.bot.user_id);
    }
  });

  it('admin edits the circle of the channel it is typed in, for its creator or a workspace admin', async () => {
    // ann started team and is now in other (started by ben); boss is in no circle.
    const { ann, boss, team, other } = await twoCircles();
    const teamCircle = (await circleIn(team))!;
    const otherCircle = (await circleIn(other))!;
    expect(teamCircle.created_by).toBe(ann);
    await h.emu.slashCommand({ user: ann, channel: team, text: 'admin' });
    await until(() => h.emu.currentModal(ann)?.callback_id === 'admin');
    expect(JSON.parse(h.emu.currentModal(ann)!.private_metadata ?? '{}')).toEqual({ circleId: teamCircle.id });
    await h.emu.closeView({ user: ann, viewId: h.emu.currentModal(ann)!.id });

    expect((await run(ann, 'admin', other)).all).toMatch(/Only the person who started the circle of <#.+> \(<@/);

    // A workspace admin in no circle at all may edit either.
    await h.emu.slashCommand({ user: boss, channel: other, text: 'admin' });
    await until(() => h.emu.currentModal(boss)?.callback_id === 'admin');
    expect(JSON.parse(h.emu.currentModal(boss)!.private_metadata ?? '{}')).toEqual({ circleId: otherCircle.id });
    await h.emu.closeView({ user: boss, viewId: h.emu.currentModal(boss)!.id });
  });

  it('admin in a channel that is not a circle (or a DM) says so and opens nothing', async () => {
    const { ann, boss, n } = await twoCircles();
    const plain = h.emu.addChannel({ name: `random-${n}`, members: [ann, boss] }).id;
    expect((await run(ann, 'admin', plain)).all).toMatch(/This channel isn't a circle.*run `\/calls admin` in <#/);
    expect((await run(ann, 'admin')).all).toMatch(/This channel isn't a circle/);
    expect((await run(boss, 'admin', plain)).all).toMatch(/This channel isn't a circle.*`\/calls join`/);
    expect(h.emu.currentModal(ann)).toBeUndefined();
    expect(h.emu.currentModal(boss)).toBeUndefined();
  });
});
