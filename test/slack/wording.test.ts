// Words that match the person and the settings, end to end (signed requests against the emulator):
// pause replies give dates in the member's zone, the board ranks the week by what was done and shows
// paused members as paused, and the App Home shows no week before the member joined.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWeeks, dateInWeek, weekKeyOf } from '../../src/domain/weeks.js';
import { insertCallOnce } from '../../src/store/calls.js';
import { insertPause } from '../../src/store/pauses.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { commandReply, startHarness, type Harness } from './harness.js';

// Sunday 6 Dec 2026 12:00 UTC is already Monday 7 Dec 01:00 in Auckland.
const NOW = new Date('2026-12-06T12:00:00Z');

describeDb('words that match the person and the settings', (ctx) => {
  let h: Harness;
  const ws = 'T0E2E';
  let n = 0;
  beforeAll(async () => {
    h = await startHarness(ctx(), { now: NOW });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const db = () => ctx().db;

  const run = async (user: string, text: string, channel?: string): Promise<string> => (await commandReply(h, user, text, channel)).all;
  const member = (user: string) => db().selectFrom('members').selectAll().where('workspace_id', '=', ws).where('slack_user_id', '=', user).executeTakeFirstOrThrow();
  const logCalls = async (user: string, week: string, count: number) => {
    const m = await member(user);
    for (let i = 0; i < count; i++) {
      await insertCallOnce(db(), {
        workspace_id: ws, member_id: m.id, circle_id: m.circle_id, week, call_date: dateInWeek(week, 1 + (i % 5)), contact_id: null, contact_name: 'Someone',
        contact_user_id: null, category: 'stretch', outcome: 'conversation', minutes: 10, follow_up_on: null, notes: null, source: 'import',
        idempotency_key: `t:${user}:${week}:${i}`, created_at: h.clock.now(),
      });
    }
  };

  it('pause replies name the dates of the paused weeks in the member\'s zone, not week numbers', async () => {
    n++;
    const kiwi = h.emu.addUser({ name: `kiwi${n}`, tz: 'Pacific/Auckland' }).id;
    // Auckland's week is 2026-W50 (from Mon 7 Dec): two weeks from next week are W51 and W52.
    const reply = await run(kiwi, 'pause 2 weeks');
    expect(reply).toContain('Paused Mon 14 Dec – Sun 27 Dec.');
    expect(reply).not.toMatch(/week \d/);
  });

  it('the board ranks the week by calls; a member paused this week comes last, shown as paused', async () => {
    n++;
    const [pat, amy, bob] = ['pat', 'amy', 'bob'].map((name) => h.emu.addUser({ name: `${name}${n}`, tz: 'UTC' }).id) as [string, string, string];
    const channel = h.emu.addChannel({ name: `board-${n}`, members: [pat, amy, bob] }).id;
    for (const u of [pat, amy, bob]) await run(u, 'join', channel);
    const week = weekKeyOf(h.clock.now(), 'UTC');
    // pat: a three-week streak, paused this week; amy: two calls this week; bob: none.
    for (const w of [-3, -2, -1]) await logCalls(pat, addWeeks(week, w), 5);
    await insertPause(db(), { workspaceId: ws, memberId: (await member(pat)).id, firstWeek: week, lastWeek: week, at: h.clock.now() });
    await logCalls(amy, week, 2);
    await run(bob, 'leaderboard');
    const shown = (h.emu.ephemerals(bob).at(-1)!.blocks ?? []) as { text?: { text?: string } }[];
    const lines = shown.flatMap((b) => (b.text?.text ?? '').split('\n')).filter((l) => /(pat|amy|bob)\d/.test(l));
    expect(lines.map((l) => /(pat|amy|bob)\d+/.exec(l)![0])).toEqual([`amy${n}`, `bob${n}`, `pat${n}`]);
    expect(lines[0]).toMatch(/^:first_place_medal: amy\d+ .* 2 calls this week/);
    expect(lines[2]).toMatch(/^:double_vertical_bar: pat\d+ · :fire: 3 · paused this week$/);
    expect(JSON.stringify(shown)).toContain('ranked by calls this week, then streak');
  });

  it('the App Home shows no week before the member joined', async () => {
    n++;
    const newbie = h.emu.addUser({ name: `newbie${n}`, tz: 'UTC' }).id;
    await run(newbie, 'help');
    const published = h.emu.calls('views.publish').length;
    await h.emu.appHomeOpened(newbie);
    await until(() => h.emu.calls('views.publish').length > published && h.emu.homeView(newbie) !== undefined);
    const home = JSON.stringify(h.emu.homeView(newbie)!.blocks);
    expect(home).toContain('*Last 1 week*');
    expect(home).toContain('*Last 1 week*\\n:large_blue_square:"');
  });
});
