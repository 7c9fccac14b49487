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

  /** users.info calls for a user that are still held open by a silent fault. */
  const heldLookups = (user: string) => h.emu.calls('users.info').filter((c) => c.args.user === user && c.held === true).length;
  const lookups = (user: string) => h.emu.calls('users.info').filter((c) => c.args.user === user).length;

  /**
   * 8 new users and the 3 known members run /calls today at once. For each, whether their reply
   * arrived while their own users.info call was still unanswered (held open by the emulator). No wall
   * clock is read: what proves that nobody waits for users.info is the order of events.
   */
  async function burst(prefix: string): Promise<{ fresh: string[]; repliedWhileHeld: Map<string, boolean>; knownLookups: number }> {
    const knownBefore = known.reduce((n, u) => n + lookups(u), 0);
    const fresh = Array.from({ length: 8 }, (_, i) => h.emu.addUser({ name: `${prefix}${i}`, tz: 'Australia/Sydney' }).id);
    const everyone = [...fresh, ...known];
    const before = new Map(everyone.map((u) => [u, h.emu.ephemerals(u).length]));
    const repliedWhileHeld = new Map<string, boolean>();
    const off = h.emu.onChange(() => {
      for (const u of everyone) {
        if (!repliedWhileHeld.has(u) && h.emu.ephemerals(u).length > before.get(u)!) repliedWhileHeld.set(u, heldLookups(u) > 0);
      }
    });
    try {
      const acks = await Promise.all(everyone.map((u) => h.emu.slashCommand({ user: u, text: 'today' })));
      for (const a of acks) expect(a.status).toBe(200);
      await until(() => repliedWhileHeld.size === everyone.length, 20_000);
    } finally {
      off();
    }
    return { fresh, repliedWhileHeld, knownLookups: known.reduce((n, u) => n + lookups(u), 0) - knownBefore };
  }

  it('users.info answering nothing: known members never ask it, new members get their reply while it is still unanswered and start in UTC', async () => {
    h.emu.setFaultMode('users.info', { silent: true });
    const { fresh, repliedWhileHeld, knownLookups } = await burst('silent');
    expect(knownLookups).toBe(0);
    for (const u of fresh) expect(repliedWhileHeld.get(u), `${u} waited for users.info`).toBe(true);
    for (const u of fresh) expect(await member(u)).toMatchObject({ slack_tz: 'UTC', display_name: '' });
    for (const u of fresh) expect(h.emu.ephemerals(u).at(-1)!.text).not.toMatch(/sorry/i);
  }, 60_000);

  it('users.info answering 500: every reply comes, with no retry storm, and the next contact fills the profile in', async () => {
    h.emu.setFaultMode('users.info', { status: 500 });
    const { fresh, repliedWhileHeld, knownLookups } = await burst('err');
    expect(repliedWhileHeld.size).toBe(fresh.length + known.length);
    expect(knownLookups).toBe(0);
    const calls = h.emu.calls('users.info').filter((c) => c.status === 500).length;
    expect(calls).toBeGreaterThanOrEqual(8);
    expect(calls).toBeLessThanOrEqual(8 + 8); // no retry storm: a call per contact, at most
    h.emu.setFaultMode('users.info', null);
    const ann = fresh[0]!;
    await h.emu.slashCommand({ user: ann, text: 'help' });
    await until(async () => (await member(ann))?.display_name === 'err0');
    expect(await member(ann)).toMatchObject({ slack_tz: 'Australia/Sydney' });
  }, 60_000);
});
