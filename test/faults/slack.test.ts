// A misbehaving Slack (issue 11, item 3): users.info answering 500 or nothing for new users never
// holds up a reply, least of all one to a member the app already knows. Through Bolt's HTTP receiver
// and the real WebClient against the emulator in fault mode.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { startHarness, type Harness } from '../slack/harness.js';
import { until } from '../helpers/wait.js';

describeDb('a misbehaving Slack', (ctx) => {
  let h: Harness;
  const known: string[] = [];
  beforeAll(async () => {
    h = await startHarness(ctx());
    for (let i = 0; i < 3; i++) known.push(h.emu.addUser({ name: `known${i}`, tz: 'Asia/Kolkata' }).id);
    for (const u of known) await h.emu.slashCommand({ user: u, text: 'help' });
    await until(() => known.every((u) => h.emu.ephemerals(u).length === 1));
  });
  afterAll(async () => {
    h.emu.setFaultMode('users.info', null);
    await h?.stop();
  });

  const member = (user: string) => ctx().db.selectFrom('members').selectAll().where('slack_user_id', '=', user).executeTakeFirst();

  /** 8 new users and the 3 known members run /calls today at once; when did each reply arrive? */
  async function burst(prefix: string): Promise<{ fresh: string[]; ms: Map<string, number> }> {
    const fresh = Array.from({ length: 8 }, (_, i) => h.emu.addUser({ name: `${prefix}${i}`, tz: 'Australia/Sydney' }).id);
    const everyone = [...fresh, ...known];
    const before = new Map(everyone.map((u) => [u, h.emu.ephemerals(u).length]));
    const ms = new Map<string, number>();
    const t0 = Date.now();
    const off = h.emu.onChange(() => {
      for (const u of everyone) if (!ms.has(u) && h.emu.ephemerals(u).length > before.get(u)!) ms.set(u, Date.now() - t0);
    });
    try {
      const acks = await Promise.all(everyone.map((u) => h.emu.slashCommand({ user: u, text: 'today' })));
      for (const a of acks) expect(a.status).toBe(200);
      await until(() => ms.size === everyone.length, 8000);
    } finally {
      off();
    }
    return { fresh, ms };
  }

  it('users.info answering nothing: every reply comes within 3 s, known members within 1.5 s; the new members start in UTC', async () => {
    h.emu.setFaultMode('users.info', { silent: true });
    const { fresh, ms } = await burst('silent');
    for (const u of known) expect(ms.get(u)).toBeLessThan(1500);
    for (const u of fresh) expect(ms.get(u)).toBeLessThan(3000);
    for (const u of fresh) expect(await member(u)).toMatchObject({ slack_tz: 'UTC', display_name: '' });
    for (const u of fresh) expect(h.emu.ephemerals(u).at(-1)!.text).not.toMatch(/sorry/i);
  }, 30_000);

  it('users.info answering 500: every reply comes at once and the next contact fills the profile in, without making them wait', async () => {
    h.emu.setFaultMode('users.info', { status: 500 });
    const { fresh, ms } = await burst('err');
    for (const u of [...fresh, ...known]) expect(ms.get(u)).toBeLessThan(1500);
    const calls = h.emu.calls('users.info').filter((c) => c.status === 500).length;
    expect(calls).toBeGreaterThanOrEqual(8);
    expect(calls).toBeLessThanOrEqual(8 + 8); // no retry storm: a call per contact, at most
    h.emu.setFaultMode('users.info', null);
    const ann = fresh[0]!;
    await h.emu.slashCommand({ user: ann, text: 'help' });
    await until(async () => (await member(ann))?.display_name === 'err0');
    expect(await member(ann)).toMatchObject({ slack_tz: 'Australia/Sydney' });
  }, 30_000);
});
