import { expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { answerPairCheck, currentPartners } from '../../src/services/pairing.js';
import { ensureCircle, updateCircle } from '../../src/store/circles.js';
import { ensureMember, setMemberCircle, updateMember } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';
import { silentLogger } from '../helpers/logger.js';
import { renderMessage } from '../../src/slack/views/messages.js';

const WS = 'TSCHED';

describeDb('scheduler tick', (ctx) => {
  it('sends due work once, catches up within the week, never for a past week', async () => {
    const { db } = ctx();
    // Monday 2026-11-23, 07:30 UTC: 08:30 in Paris, 02:30 in New York.
    const clock = new SettableClock('2026-11-23T07:30:00Z');
    await upsertWorkspace(db, { id: WS, at: clock.now() });
    const circle = (await ensureCircle(db, WS, { channelId: 'C1', createdBy: 'U1', tz: 'Europe/Paris', at: clock.now() })).circle;
    const ids: number[] = [];
    for (const [u, tz] of [['U1', 'Europe/Paris'], ['U2', 'Europe/Paris'], ['U3', 'America/New_York'], ['U4', 'America/New_York']] as const) {
      const m = (await ensureMember(db, WS, { slackUserId: u, displayName: u, slackTz: tz, at: clock.now() })).member;
      await setMemberCircle(db, WS, m.id, circle.id, clock.now());
      ids.push(m.id);
    }
    await updateMember(db, WS, ids[0]!, { nudge_enabled: true, nudge_time: '10:00' });
    const s = startScheduler({ db, clock, logger: silentLogger, messages: renderMessage, cron: false, tickOnStart: false });
    expect(await s.tick()).toMatchObject({ plans: 0, pairings: 0 });
    clock.set('2026-11-23T08:00:00Z'); // 09:00 Paris
    expect(await s.tick()).toMatchObject({ plans: 2, pairings: 1 });
    expect(await s.tick()).toMatchObject({ plans: 0, pairings: 0 });
    // The process was down from Monday to Wednesday: the New York plans still go out.
    clock.set('2026-11-25T12:00:00Z');
    expect(await s.tick()).toMatchObject({ plans: 2, nudges: 1 });
    const outbox = await db.selectFrom('outbox').select(['dedupe_key', 'kind']).orderBy('id').execute();
    expect(outbox.filter((r) => r.kind === 'plan')).toHaveLength(4);
    expect(outbox.filter((r) => r.kind === 'pair-intro')).toHaveLength(2);
    expect(outbox.filter((r) => r.kind === 'pairing')).toHaveLength(1);
    const partners = await currentPartners(db, (await ensureMember(db, WS, { slackUserId: 'U1', at: clock.now() })).member, '2026-W48');
    expect(partners).toHaveLength(1);
    // Thursday: the pair check; Friday evening: the recap.
    clock.set('2026-11-26T09:00:00Z');
    expect(await s.tick()).toMatchObject({ pairChecks: 2 });
    const group = await db.selectFrom('pairing_members').select(['group_id', 'member_id']).where('member_id', '=', ids[0]!).executeTakeFirstOrThrow();
    const yes = await answerPairCheck({ db: db, clock: clock, messages: renderMessage }, { workspaceId: WS, groupId: group.group_id, slackUserId: 'U1', answer: 'yes' });
    const again = await answerPairCheck({ db: db, clock: clock, messages: renderMessage }, { workspaceId: WS, groupId: group.group_id, slackUserId: 'U1', answer: 'yes' });
    expect(yes).toMatchObject({ ok: true, callLogged: true, answer: 'yes' });
    expect(again).toMatchObject({ ok: true, callLogged: false });
    expect(await answerPairCheck({ db: db, clock: clock, messages: renderMessage }, { workspaceId: WS, groupId: group.group_id, slackUserId: 'U999', answer: 'yes' })).toMatchObject({ ok: false });
    clock.set('2026-11-27T16:00:00Z');
    expect(await s.tick()).toMatchObject({ recaps: 1 });
    expect(await s.tick()).toMatchObject({ recaps: 0, plans: 0 });
    // Down from Friday to the next Tuesday: last week's recap is never sent late, this week's plans are.
    await db.deleteFrom('recaps').execute();
    await db.deleteFrom('outbox').where('kind', '=', 'recap').execute();
    clock.set('2026-12-01T12:00:00Z');
    const r = await s.tick();
    expect(r).toMatchObject({ recaps: 0, plans: 4, pairings: 1 });
    await s.stop();
  });
});

describeDb('pairing before plans', (ctx) => {
  it('pairs a circle before the first of its members\' plans goes out, so every plan names the partner', async () => {
    const { db } = ctx();
    const ws = 'TEARLY';
    // Sunday 2026-11-22 12:00 UTC: Monday 09:00 in Sydney is 22:00 UTC today, in New York 14:00 UTC tomorrow.
    const clock = new SettableClock('2026-11-22T12:00:00Z');
    await upsertWorkspace(db, { id: ws, at: clock.now() });
    const circle = (await ensureCircle(db, ws, { channelId: 'C1', createdBy: 'U1', tz: 'America/New_York', at: clock.now() })).circle;
    const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney'];
    for (const [i, tz] of zones.entries()) {
      const m = (await ensureMember(db, ws, { slackUserId: `U${i + 1}`, displayName: `M${i + 1}`, slackTz: tz, at: clock.now() })).member;
      await setMemberCircle(db, ws, m.id, circle.id, clock.now());
    }
    const s = startScheduler({ db, clock, logger: silentLogger, messages: renderMessage, cron: false, tickOnStart: false });
    const pairedAt: string[] = [];
    for (let t = clock.now().getTime(); t <= Date.parse('2026-11-23T15:00:00Z'); t += 3_600_000) {
      clock.set(new Date(t));
      const r = await s.tick();
      if (r.pairings > 0) pairedAt.push(clock.now().toISOString());
    }
    await s.stop();
    // Once, at the first plan (Sydney's Monday 09:00), for the circle's week 48.
    expect(pairedAt).toEqual(['2026-11-22T22:00:00.000Z']);
    expect(await db.selectFrom('pairings').select(['week']).execute()).toEqual([{ week: '2026-W48' }]);
    const plans = await db.selectFrom('outbox').select(['payload']).where('kind', '=', 'plan').execute();
    expect(plans).toHaveLength(7);
    for (const p of plans) {
      const text = JSON.stringify(p.payload);
      expect(text).not.toContain('No partner this week');
      expect(text).toMatch(/Partner: <@U\d>/);
    }
  });

  it('plans speak of the circle\'s goal, and of no partner when the circle does not pair', async () => {
    const { db } = ctx();
    const ws = 'TWORDS';
    const clock = new SettableClock('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris
    await upsertWorkspace(db, { id: ws, at: clock.now() });
    const paired = (await ensureCircle(db, ws, { channelId: 'C1', createdBy: 'U1', tz: 'Europe/Paris', at: clock.now() })).circle;
    const unpaired = (await ensureCircle(db, ws, { channelId: 'C2', createdBy: 'U3', tz: 'Europe/Paris', at: clock.now() })).circle;
    await updateCircle(db, ws, paired.id, { goal: 3 });
    await updateCircle(db, ws, unpaired.id, { goal: 3, pairing_enabled: false });
    for (const [u, circle] of [['U1', paired], ['U2', paired], ['U3', unpaired], ['U4', unpaired]] as const) {
      const m = (await ensureMember(db, ws, { slackUserId: u, displayName: u, slackTz: 'Europe/Paris', at: clock.now() })).member;
      await setMemberCircle(db, ws, m.id, circle.id, clock.now());
    }
    const s = startScheduler({ db, clock, logger: silentLogger, messages: renderMessage, cron: false, tickOnStart: false });
    expect(await s.tick()).toMatchObject({ plans: 4, pairings: 1 });
    await s.stop();
    const plans = await db.selectFrom('outbox').select(['payload']).where('workspace_id', '=', ws).where('kind', '=', 'plan').execute();
    const textOf = (user: string) => JSON.stringify(plans.find((p) => (p.payload as { channel: string }).channel === user)!.payload);
    for (const u of ['U1', 'U2', 'U3', 'U4']) {
      const text = textOf(u);
      expect(text).toContain("This week's goal is three calls: pick from these five.");
      expect(text).toContain('Your goal for week 48: 3 calls, from ');
      expect(text).not.toMatch(/five calls|Your 5 calls/);
    }
    expect(textOf('U1')).toMatch(/Soundboard partner.*Partner: <@U2>/);
    for (const u of ['U3', 'U4']) {
      expect(textOf(u)).not.toMatch(/partner/i);
      expect(textOf(u)).toContain('Soundboard call');
    }
  });
});

describeDb('scheduler metrics and liveness', (ctx) => {
  it('a tick records its duration, its lag into the minute and what each job produced; alive until stopped', async () => {
    const { db } = ctx();
    const { createMetrics } = await import('../../src/metrics.js');
    const metrics = createMetrics({ processMetrics: false });
    const clock = new SettableClock('2026-11-23T07:30:12Z');
    await upsertWorkspace(db, { id: 'TSCHEDM', at: clock.now() });
    const s = startScheduler({ db, clock, logger: silentLogger, messages: renderMessage, cron: false, tickOnStart: false, metrics });
    expect(s.alive()).toBe(true);
    await s.tick();
    const text = (await metrics.render()).body;
    expect(text).toMatch(/callbuddy_scheduler_tick_seconds_count 1/);
    expect(text).toMatch(/callbuddy_scheduler_tick_lag_seconds 12/);
    await s.stop();
    expect(s.alive()).toBe(false);
  });
});
