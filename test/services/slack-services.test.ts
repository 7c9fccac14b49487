// Services behind the Slack listeners, on PGlite and PostgreSQL: first contact, check-ins, circles,
// pauses, boards, settings, and the event and contact stores.
import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import type { Circle, Member } from '../../src/db/types.js';
import { addWeeks, weekKeyOf } from '../../src/domain/weeks.js';
import { circleStanding, standingFrom } from '../../src/services/boards.js';
import { logCall } from '../../src/services/checkin.js';
import { joinCircle, leaveCircle, leaveCircleOfChannel } from '../../src/services/circles.js';
import { knownMember } from '../../src/services/members.js';
import { memberProgress } from '../../src/services/progress.js';
import { answerPairCheck } from '../../src/services/pairing.js';
import { pauseMember, pauseWeeks, resumeMember } from '../../src/services/pauses.js';
import { canAdminister, saveCircleSettings, saveMemberSettings } from '../../src/services/settings.js';
import { updateCircle } from '../../src/store/circles.js';
import { upsertContact } from '../../src/store/contacts.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { recordEventOnce } from '../../src/store/events.js';
import { describeDb } from '../helpers/db.js';

const WS = 'T0SVC';
// Wednesday 2026-11-25, 12:00 UTC (2026-W48).
const NOW = new Date('2026-11-25T12:00:00Z');

describe('pauseWeeks (pure)', () => {
  const today = '2026-11-25';
  const week = '2026-W48';
  it('plain pause is next week; N weeks start next week', () => {
    expect(pauseWeeks({ kind: 'next' }, today, week)).toEqual({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W49', weeks: 1 });
    expect(pauseWeeks({ kind: 'weeks', weeks: 3 }, today, week)).toEqual({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W51', weeks: 3 });
    expect(pauseWeeks({ kind: 'weeks', weeks: 12 }, today, week)).toMatchObject({ ok: true, lastWeek: '2027-W07' });
  });
  it('until a date runs through the week holding it, across the ISO year (2026 has a W53)', () => {
    expect(pauseWeeks({ kind: 'until', date: '2026-12-31' }, today, week)).toEqual({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W53', weeks: 5 });
    expect(pauseWeeks({ kind: 'until', date: '2026-11-30' }, today, week)).toMatchObject({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W49' });
  });
  it('rejects the past, this week, beyond six months and bad week counts', () => {
    expect(pauseWeeks({ kind: 'until', date: '2026-11-24' }, today, week)).toMatchObject({ ok: false, message: expect.stringMatching(/past/) });
    expect(pauseWeeks({ kind: 'until', date: '2026-11-29' }, today, week)).toMatchObject({ ok: false, message: expect.stringMatching(/this week/) });
    expect(pauseWeeks({ kind: 'until', date: '2027-06-30' }, today, week)).toMatchObject({ ok: false, message: expect.stringMatching(/six months/) });
    expect(pauseWeeks({ kind: 'weeks', weeks: 0 }, today, week).ok).toBe(false);
    expect(pauseWeeks({ kind: 'weeks', weeks: 13 }, today, week).ok).toBe(false);
  });
});

describe('standingFrom (pure)', () => {
  const circle = { id: 1, workspace_id: WS, tz: 'UTC', goal: 2, team_threshold: 50, created_at: new Date('2026-01-01') } as Circle;
  const m = (id: number, visible = true): Member =>
    ({ id, workspace_id: WS, display_name: `m${id}`, board_visible: visible, created_at: new Date('2026-10-01T00:00:00Z'), joined_circle_at: new Date('2026-10-01T00:00:00Z') }) as Member;
  it('ranks by streak, hides hidden members, and counts team weeks with pauses excluded', () => {
    const week = '2026-W48';
    const counts = [
      { member_id: 1, week: '2026-W46', n: 2 },
      { member_id: 1, week: '2026-W47', n: 2 },
      { member_id: 2, week: '2026-W47', n: 3 },
      { member_id: 3, week: '2026-W46', n: 2 },
      { member_id: 3, week: '2026-W47', n: 2 },
    ];
    const s = standingFrom({ circle, members: [m(1), m(2), m(3, false)], week, counts, pauses: [{ member_id: 2, first_week: '2026-W46', last_week: '2026-W46' }] });
    expect(s.rows.map((r) => [r.rank, r.displayName, r.currentStreak])).toEqual([
      [1, 'm1', 2],
      [1, 'anonymous', 2],
      [3, 'm2', 1],
    ]);
    // W46: members 1 and 3 active (2 paused), both complete; W47: all three complete -> team streak 2.
    expect(s.team).toEqual({ current: 2, best: 2 });
    expect(s.activeThisWeek).toBe(3);
    expect(s.completedThisWeek).toBe(0);
  });
});

describeDb('Slack services', (ctx) => {
  const clock = new SettableClock(NOW);
  const db = () => ctx().db;
  const profile = (tz: string) => async () => ({ displayName: 'Pat', tz, isAdmin: false });
  const greeting = () => ({ text: 'hello' });
  let seq = 0;
  async function newMember(tz = 'Europe/Berlin'): Promise<Member> {
    const r = await knownMember(db(), clock, { workspaceId: WS, slackUserId: `U${++seq}SVC`, lookup: profile(tz), greeting });
    return r.member;
  }

  it('knownMember creates and greets once, even when racing; a known member costs no lookup', async () => {
    let lookups = 0;
    const lookup = async () => {
      lookups++;
      return { displayName: 'Rae', tz: 'Not/AZone', isAdmin: true };
    };
    const results = await Promise.all([1, 2, 3].map(() => knownMember(db(), clock, { workspaceId: WS, slackUserId: 'URACE', lookup, greeting })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.greeted)).toHaveLength(1);
    expect(results[0]!.member).toMatchObject({ slack_tz: 'UTC', display_name: 'Rae', is_admin: true });
    const outbox = await db().selectFrom('outbox').selectAll().where('dedupe_key', 'like', 'greet:%').execute();
    expect(outbox).toHaveLength(1);
    const before = lookups;
    const again = await knownMember(db(), clock, { workspaceId: WS, slackUserId: 'URACE', lookup, greeting });
    expect(again).toMatchObject({ created: false, greeted: false });
    expect(lookups).toBe(before);
  });

  it('knownMember looks a user up again when users.info failed at first contact, and reactivates an unreachable member', async () => {
    const failing = async () => {
      throw new Error('users.info: internal_error');
    };
    const first = await knownMember(db(), clock, { workspaceId: WS, slackUserId: 'UFLAKY', lookup: failing, greeting });
    expect(first.member).toMatchObject({ slack_tz: 'UTC', display_name: '' });
    const again = await knownMember(db(), clock, { workspaceId: WS, slackUserId: 'UFLAKY', lookup: async () => ({ displayName: 'Flo', tz: 'Europe/Paris', isAdmin: false }), greeting });
    expect(again.member).toMatchObject({ slack_tz: 'Europe/Paris', display_name: 'Flo' });
    expect(again.greeted).toBe(false);

    await db().updateTable('members').set({ status: 'inactive' }).where('id', '=', again.member.id).execute();
    let lookups = 0;
    const counted = async () => {
      lookups++;
      return null;
    };
    const back = await knownMember(db(), clock, { workspaceId: WS, slackUserId: 'UFLAKY', lookup: counted, greeting });
    expect(back.member.status).toBe('active');
    expect(lookups).toBe(0);
  });

  it('logCall validates in the member\'s zone, saves once per view id and enqueues one confirmation', async () => {
    const member = await newMember('Pacific/Auckland');
    // 12:00 UTC on the 25th is 01:00 on the 26th in Auckland: "today" is the 26th there.
    const raw = { who: 'Lin', category: 'stretch', outcome: 'voicemail', call_date: '2026-11-26' };
    const confirmation = () => ({ text: 'saved' });
    const input = { workspaceId: WS, slackUserId: member.slack_user_id, viewId: 'V1', raw, confirmation };
    const results = await Promise.all([logCall(db(), clock, input), logCall(db(), clock, input)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    const calls = await db().selectFrom('calls').selectAll().where('member_id', '=', member.id).execute();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ call_date: '2026-11-26', week: '2026-W48', outcome: 'voicemail', idempotency_key: 'view:V1' });
    const confirmations = await db().selectFrom('outbox').select('dedupe_key').where('member_id', '=', member.id).where('kind', '=', 'confirmation').execute();
    expect(confirmations).toEqual([{ dedupe_key: 'confirm:V1' }]);

    const bad = await logCall(db(), clock, { ...input, viewId: 'V2', raw: { ...raw, call_date: '2026-11-27', category: 'nope' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['call_date', 'category']);
  });

  it('streaks: a member who joined weeks ago keeps their run; backdated calls before joining count', async () => {
    const log = async (c: SettableClock, member: Member, date: string, n: number, key: string) => {
      for (let i = 0; i < n; i++) {
        const r = await logCall(db(), c, { workspaceId: WS, slackUserId: member.slack_user_id, viewId: `${key}-${i}`, raw: { who: `Pat ${i}`, category: 'stretch', outcome: 'conversation', call_date: date }, confirmation: () => ({ text: 'saved' }) });
        expect(r.ok).toBe(true);
      }
    };
    // Joined on Monday of W45 (the Clock's time, not the database's), complete W45-W47, 2 calls in W48.
    const past = new SettableClock(new Date('2026-11-02T12:00:00Z'));
    const veteran = (await knownMember(db(), past, { workspaceId: WS, slackUserId: 'UVETERAN', lookup: profile('UTC'), greeting })).member;
    expect(new Date(veteran.created_at).toISOString()).toBe('2026-11-02T12:00:00.000Z');
    for (const [i, date] of ['2026-11-02', '2026-11-09', '2026-11-16'].entries()) {
      past.set(new Date(`${date}T12:00:00Z`));
      await log(past, veteran, date, 5, `VET${i}`);
    }
    await log(clock, veteran, '2026-11-24', 2, 'VET3');
    const p = await memberProgress(db(), clock, veteran);
    expect(p.streak).toEqual({ current: 3, best: 3, completedWeeks: 3 });
    expect(p.squares.map((q) => q.state).slice(-4)).toEqual(['complete', 'complete', 'complete', 'current']);

    // Joined today (W48) and logged last week's five calls afterwards (check-ins may be 14 days back).
    const newcomer = (await knownMember(db(), clock, { workspaceId: WS, slackUserId: 'UNEWCOMER', lookup: profile('UTC'), greeting })).member;
    await log(clock, newcomer, '2026-11-20', 5, 'NEW');
    expect((await memberProgress(db(), clock, newcomer)).streak).toEqual({ current: 1, best: 1, completedWeeks: 1 });
  });

  it('a Yes to the mid-week check logs a soundboard call in the pairing\'s week, only when the playbook has one', async () => {
    const pair = async (playbook: string, week: string) => {
      const a = await newMember('UTC');
      const b = await newMember('UTC');
      const { circle } = await joinCircle(db(), clock, { member: a, channelId: `C${a.id}`, channelName: 'pairs' });
      await joinCircle(db(), clock, { member: b, channelId: `C${a.id}` });
      await updateCircle(db(), WS, circle.id, { playbook });
      const pairing = (await insertPairingOnce(db(), { workspaceId: WS, circleId: circle.id, week, seed: 's', at: clock.now() }))!;
      const groupId = await insertPairingGroup(db(), { workspaceId: WS, pairingId: pairing.id, position: 0, memberIds: [a.id, b.id] });
      const r = await answerPairCheck(db(), clock, { workspaceId: WS, groupId, slackUserId: a.slack_user_id, answer: 'yes' });
      const calls = await db().selectFrom('calls').select(['week', 'call_date', 'category']).where('member_id', '=', a.id).execute();
      return { r, calls };
    };
    // NOW is Wednesday of 2026-W48.
    const same = await pair('five-calls', '2026-W48');
    expect(same.r).toMatchObject({ ok: true, callLogged: true });
    expect(same.calls).toEqual([{ week: '2026-W48', call_date: '2026-11-25', category: 'soundboard' }]);
    const late = await pair('five-calls', '2026-W47');
    expect(late.calls).toEqual([{ week: '2026-W47', call_date: '2026-11-22', category: 'soundboard' }]);
    const tooLate = await pair('five-calls', '2026-W45');
    expect(tooLate.r).toMatchObject({ ok: true, callLogged: false });
    expect(tooLate.calls).toEqual([]);
    const keepInTouch = await pair('keep-in-touch', '2026-W48');
    expect(keepInTouch.r).toMatchObject({ ok: true, callLogged: false });
    expect(keepInTouch.calls).toEqual([]);
  });

  it('a Yes after the member logged their soundboard call for the pairing\'s week records the answer and logs no second one', async () => {
    const a = await newMember('UTC');
    const b = await newMember('UTC');
    const { circle } = await joinCircle(db(), clock, { member: a, channelId: `CSB${a.id}`, channelName: 'sb' });
    await joinCircle(db(), clock, { member: b, channelId: `CSB${a.id}` });
    const pairing = (await insertPairingOnce(db(), { workspaceId: WS, circleId: circle.id, week: '2026-W48', seed: 's', at: clock.now() }))!;
    const groupId = await insertPairingGroup(db(), { workspaceId: WS, pairingId: pairing.id, position: 0, memberIds: [a.id, b.id] });
    const modal = (member: Member, viewId: string, date: string) =>
      logCall(db(), clock, { workspaceId: WS, slackUserId: member.slack_user_id, viewId, raw: { who: 'Partner', category: 'soundboard', outcome: 'conversation', call_date: date }, confirmation: () => ({ text: 'saved' }) });
    // a logged this week's soundboard call from the modal; b logged one last week only (another week).
    expect((await modal(a, `SB-A-${a.id}`, '2026-11-23')).ok).toBe(true);
    expect((await modal(b, `SB-B-${b.id}`, '2026-11-20')).ok).toBe(true);
    const soundboard = async (m: Member) =>
      (await db().selectFrom('calls').select(['week', 'source']).where('member_id', '=', m.id).where('category', '=', 'soundboard').orderBy('id').execute());

    const yesA = await answerPairCheck(db(), clock, { workspaceId: WS, groupId, slackUserId: a.slack_user_id, answer: 'yes' });
    expect(yesA).toMatchObject({ ok: true, callLogged: false, answers: expect.arrayContaining([{ slackUserId: a.slack_user_id, answer: 'yes' }]) });
    expect(await soundboard(a)).toEqual([{ week: '2026-W48', source: 'modal' }]);
    const yesB = await answerPairCheck(db(), clock, { workspaceId: WS, groupId, slackUserId: b.slack_user_id, answer: 'yes' });
    expect(yesB).toMatchObject({ ok: true, callLogged: true });
    expect(await soundboard(b)).toEqual([{ week: '2026-W47', source: 'modal' }, { week: '2026-W48', source: 'pair_check' }]);
    expect((await memberProgress(db(), clock, a)).weekCalls).toHaveLength(1);
  });

  it('progress shows a booked pause until resume cancels it', async () => {
    const m = await newMember('UTC');
    expect((await memberProgress(db(), clock, m)).upcomingPause).toBeNull();
    await pauseMember(db(), clock, m, { kind: 'weeks', weeks: 2 });
    expect((await memberProgress(db(), clock, m)).upcomingPause).toEqual({ firstWeek: '2026-W49', lastWeek: '2026-W50' });
    await resumeMember(db(), clock, m);
    expect((await memberProgress(db(), clock, m)).upcomingPause).toBeNull();
  });

  it('upsertContact is case-insensitive and only moves last_called_on forward', async () => {
    const member = await newMember();
    const a = await upsertContact(db(), { workspaceId: WS, memberId: member.id, name: 'Sam Lee', calledOn: '2026-11-20', at: clock.now() });
    const b = await upsertContact(db(), { workspaceId: WS, memberId: member.id, name: 'sam lee', slackUserId: 'U9', calledOn: '2026-11-10', at: clock.now() });
    expect(b).toBe(a);
    const row = await db().selectFrom('contacts').selectAll().where('id', '=', a).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Sam Lee', last_called_on: '2026-11-20', slack_user_id: 'U9' });
  });

  it('joinCircle creates with the creator, moves between circles, leave and channel-leave take the member out', async () => {
    const a = await newMember('Asia/Tokyo');
    const first = await joinCircle(db(), clock, { member: a, channelId: 'C1', channelName: 'one' });
    expect(first).toMatchObject({ created: true, already: false, movedFrom: null });
    expect(first.circle).toMatchObject({ created_by: a.slack_user_id, tz: 'Asia/Tokyo' });
    const again = await joinCircle(db(), clock, { member: first.member, channelId: 'C1' });
    expect(again.already).toBe(true);
    const moved = await joinCircle(db(), clock, { member: first.member, channelId: 'C2', channelName: 'two' });
    expect(moved.movedFrom?.id).toBe(first.circle.id);
    expect(await leaveCircleOfChannel(db(), clock, { workspaceId: WS, slackUserId: a.slack_user_id, channelId: 'C1' })).toBe(false);
    expect(await leaveCircleOfChannel(db(), clock, { workspaceId: WS, slackUserId: a.slack_user_id, channelId: 'C2' })).toBe(true);
    expect(await leaveCircle(db(), clock, { ...moved.member, circle_id: null })).toBeNull();
  });

  it('pauseMember writes weeks in the member\'s zone; resumeMember ends them from this week on', async () => {
    const m = await newMember('Pacific/Auckland');
    // In Auckland it is already Thursday 26th, still W48; next week is W49.
    const r = await pauseMember(db(), clock, m, { kind: 'weeks', weeks: 2 });
    expect(r).toMatchObject({ ok: true, firstWeek: '2026-W49', lastWeek: '2026-W50' });
    await pauseMember(db(), clock, m, { kind: 'next' }); // already paused: nothing added
    expect(await db().selectFrom('pauses').select('id').where('member_id', '=', m.id).execute()).toHaveLength(1);
    expect(await resumeMember(db(), clock, m)).toBe(1);
    expect(await db().selectFrom('pauses').select('id').where('member_id', '=', m.id).execute()).toHaveLength(0);
    // A pause that has begun is cut short instead.
    await db().insertInto('pauses').values({ workspace_id: WS, member_id: m.id, first_week: '2026-W47', last_week: '2026-W50', until_date: null, resumed_at: null, created_at: clock.now() }).execute();
    expect(await resumeMember(db(), clock, m)).toBe(1);
    const p = await db().selectFrom('pauses').selectAll().where('member_id', '=', m.id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ first_week: '2026-W47', last_week: '2026-W47' });
    expect(p.resumed_at).not.toBeNull();
  });

  it('circleStanding reads counts from the database', async () => {
    const a = await newMember('UTC');
    await db().updateTable('members').set({ created_at: new Date('2026-10-01T00:00:00Z') }).where('id', '=', a.id).execute();
    const { circle } = await joinCircle(db(), clock, { member: a, channelId: 'CSTAND' });
    const week = weekKeyOf(NOW, 'UTC');
    for (let i = 0; i < 5; i++) {
      await db().insertInto('calls').values({ workspace_id: WS, member_id: a.id, circle_id: circle.id, week: addWeeks(week, -1), call_date: '2026-11-18', contact_name: 'x', category: 'stretch', outcome: 'conversation', idempotency_key: `s${i}`, created_at: clock.now() }).execute();
    }
    const s = await circleStanding(db(), clock, WS, circle.id);
    expect(s?.rows).toHaveLength(1);
    expect(s?.rows[0]).toMatchObject({ currentStreak: 1, callsThisWeek: 0 });
  });

  it('settings: member settings validate and save; circle settings only for the creator or an admin', async () => {
    const owner = await newMember();
    const other = await newMember();
    const { circle } = await joinCircle(db(), clock, { member: owner, channelId: 'CSET' });
    const badMember = await saveMemberSettings(db(), { workspaceId: WS, slackUserId: owner.slack_user_id, raw: { tz_override: 'Nowhere/Land' } });
    expect(badMember.ok).toBe(false);
    const okMember = await saveMemberSettings(db(), { workspaceId: WS, slackUserId: owner.slack_user_id, raw: { lane: 'Sales', board_visible: 'hide' } });
    expect(okMember.ok && okMember.value).toMatchObject({ lane: 'Sales', board_visible: false });

    const raw = { playbook: 'keep-in-touch', goal: '3', plan_day: '1', plan_time: '08:30', recap_day: '5', recap_time: '16:00', tz: 'Europe/Berlin', pairing_enabled: false, team_threshold: '70' };
    expect(canAdminister(other, circle, false)).toBe(false);
    expect(await saveCircleSettings(db(), { workspaceId: WS, circleId: circle.id, slackUserId: other.slack_user_id, isWorkspaceAdmin: false, raw })).toEqual({ ok: false, refused: true });
    const byAdmin = await saveCircleSettings(db(), { workspaceId: WS, circleId: circle.id, slackUserId: other.slack_user_id, isWorkspaceAdmin: true, raw });
    expect(byAdmin.ok && byAdmin.value).toMatchObject({ playbook: 'keep-in-touch', goal: 3, plan_time: '08:30', pairing_enabled: false, team_threshold: 70 });
    const invalid = await saveCircleSettings(db(), { workspaceId: WS, circleId: circle.id, slackUserId: owner.slack_user_id, isWorkspaceAdmin: false, raw: { ...raw, goal: '0' } });
    expect(invalid.ok).toBe(false);
  });

  it('recordEventOnce is true once per event id', async () => {
    const e = { eventId: 'Ev1', workspaceId: WS, type: 'app_home_opened', at: clock.now() };
    const r = await Promise.all([recordEventOnce(db(), e), recordEventOnce(db(), e)]);
    expect(r.sort()).toEqual([false, true]);
  });
});
