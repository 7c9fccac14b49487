// The outbox worker deactivates a circle whose channel the bot was removed from (`not_in_channel`);
// inviting the bot back (member_joined_channel for the bot's own user) makes the circle active again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { startHarness, type Harness } from './harness.js';

describeDb('channel membership events', (ctx) => {
  let h: Harness;
  const ws = 'T0E2E';
  let ann: string;
  let ben: string;
  let team: string;
  beforeAll(async () => {
    // Debug logs: every path of the member_joined_channel handler ends with a line naming the member,
    // the signal that it has run.
    h = await startHarness(ctx(), { logLevel: 'debug' });
    ann = h.emu.addUser({ name: 'ann' }).id;
    ben = h.emu.addUser({ name: 'ben' }).id;
    team = h.emu.addChannel({ name: 'team-calls', members: [ann] }).id;
    h.emu.joinChannel(team, h.emu.bot.user_id);
    await h.emu.slashCommand({ user: ann, text: 'join', channel: team });
    await until(async () => (await circle()) !== undefined);
  });
  afterAll(async () => {
    await h?.stop();
  });
  const circle = () => ctx().db.selectFrom('circles').selectAll().where('workspace_id', '=', ws).where('channel_id', '=', team).executeTakeFirst();
  /** The handler has finished with `user` joining `team`: its last log line (joined, or active again). */
  const handled = (user: string) =>
    h.logs.some((l) => {
      const line = JSON.parse(l) as { msg?: string; userId?: string; channel?: string };
      return line.userId === user && line.channel === team && /joined a channel|active again/.test(line.msg ?? '');
    });
  const setStatus = (status: 'active' | 'inactive') => ctx().db.updateTable('circles').set({ status }).where('channel_id', '=', team).execute();

  it('someone else joining the channel leaves an inactive circle inactive', async () => {
    await setStatus('inactive');
    h.emu.joinChannel(team, ben);
    const r = await h.emu.event({ type: 'member_joined_channel', user: ben, channel: team, channel_type: 'C', team: ws });
    expect(r.status).toBe(200);
    await until(() => handled(ben));
    expect((await circle())!.status).toBe('inactive');
  });

  it('the bot joining the channel of an inactive circle makes it active again, and says so in the log', async () => {
    await setStatus('inactive');
    const bot = h.emu.bot.user_id;
    h.emu.joinChannel(team, bot);
    await h.emu.event({ type: 'member_joined_channel', user: bot, channel: team, channel_type: 'C', team: ws });
    await until(async () => (await circle())!.status === 'active');
    const line = h.logs.find((l) => l.includes('circle active again'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ teamId: ws, channel: team });
  });
});
