// member_weeks (migration 20261202T0100), circle_member_weeks (migration 20261203T0100) and
// member_call_series (migration 20261204T0100): the counters the boards and the recap read always equal
// the same figures aggregated from the raw calls, through
// inserts, deletes, updates, a member's move to another circle, a member's and a workspace's deletion,
// concurrent check-ins and the migrations' backfills; randomised data.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import * as memberWeeksMigration from '../../migrations/20261202T0100_member_weeks.js';
import * as circleMemberWeeksMigration from '../../migrations/20261203T0100_circle_member_weeks.js';
import * as memberCallSeriesMigration from '../../migrations/20261204T0100_member_call_series.js';
import { SettableClock } from '../../src/clock.js';
import type { Db } from '../../src/db/index.js';
import type { Member, NewCall, Outcome } from '../../src/db/types.js';
import { seededRandom } from '../../src/domain/pairing.js';
import { tallyCalls } from '../../src/domain/recap.js';
import { seriesFromCounts, standingFrom, STANDING_HORIZON_WEEKS, type MemberSeries } from '../../src/domain/standing.js';
import { memberStreak } from '../../src/domain/streaks.js';
import { addWeeks, dateInWeek, weekIndex, weekKeyOf, weekKeyOfIndex, weeksBetween } from '../../src/domain/weeks.js';
import { circleStanding } from '../../src/services/boards.js';
import { memberProgress } from '../../src/services/progress.js';
import { countMemberCallsByWeek, insertCallOnce } from '../../src/store/calls.js';
import { readCircleBoard, readCircleRecap, type CircleRecapReads } from '../../src/store/circle-stats.js';
import { countCircleCallsByMemberWeek } from '../../src/store/export.js';
import { ensureCircle, getCircle } from '../../src/store/circles.js';
import { ensureMember, listCircleMembers } from '../../src/store/members.js';
import { joinCircle } from '../../src/services/circles.js';
import { deleteWorkspace, upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';
import { callRow } from '../helpers/rows.js';

const SEED = Number(process.env.MEMBER_WEEKS_SEED ?? Date.now() % 1_000_000);
const OUTCOMES: Outcome[] = ['conversation', 'voicemail', 'no_answer'];

type Row = { workspace_id: string; member_id: number; week: string; calls: number; conversations: number };

async function counters(db: Db): Promise<Row[]> {
  const r = await sql<Row>`select workspace_id, member_id, week, calls, conversations from member_weeks order by 1, 2, 3`.execute(db);
  return r.rows.map((x) => ({ ...x, member_id: Number(x.member_id), calls: Number(x.calls), conversations: Number(x.conversations) }));
}

/** The same figures straight from the calls. */
async function fromCalls(db: Db): Promise<Row[]> {
  const r = await sql<Row>`
    select workspace_id, member_id, week, count(*) as calls, count(*) filter (where outcome = 'conversation') as conversations
    from calls group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  return r.rows.map((x) => ({ ...x, member_id: Number(x.member_id), calls: Number(x.calls), conversations: Number(x.conversations) }));
}

type CircleRow = { workspace_id: string; circle_id: number; week: string; member_id: number; calls: number; conversations: number; voicemails: number; no_answers: number };

const circleRow = (x: CircleRow): CircleRow => ({
  ...x,
  circle_id: Number(x.circle_id),
  member_id: Number(x.member_id),
  calls: Number(x.calls),
  conversations: Number(x.conversations),
  voicemails: Number(x.voicemails),
  no_answers: Number(x.no_answers),
});

async function circleCounters(db: Db): Promise<CircleRow[]> {
  const r = await sql<CircleRow>`select workspace_id, circle_id, week, member_id, calls, conversations, voicemails, no_answers from circle_member_weeks order by 1, 2, 3, 4`.execute(db);
  return r.rows.map(circleRow);
}

/** The circle counters straight from the calls (by the circle each call was logged in). */
async function circleFromCalls(db: Db): Promise<CircleRow[]> {
  const r = await sql<CircleRow>`
    select workspace_id, circle_id, week, member_id, count(*) as calls,
           count(*) filter (where outcome = 'conversation') as conversations,
           count(*) filter (where outcome = 'voicemail') as voicemails,
           count(*) filter (where outcome = 'no_answer') as no_answers
    from calls where circle_id is not null group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(db);
  return r.rows.map(circleRow);
}

/** The member_call_series rows as one row per member and week with calls (two bytes a week from first_week). */
async function seriesCounters(db: Db): Promise<{ workspace_id: string; member_id: number; week: string; calls: number }[]> {
  const r = await sql<{ workspace_id: string; member_id: number; first_week: number; weeks: string }>`
    select workspace_id, member_id, first_week, encode(weeks, 'hex') as weeks from member_call_series order by 1, 2`.execute(db);
  return r.rows.flatMap((x) => {
    const bytes = Buffer.from(x.weeks, 'hex');
    return Array.from({ length: bytes.length / 2 }, (_, k) => ({ workspace_id: x.workspace_id, member_id: Number(x.member_id), week: weekKeyOfIndex(Number(x.first_week) + k), calls: bytes.readUInt16BE(2 * k) }))
      .filter((w) => w.calls > 0)
      .sort((a, b) => a.week.localeCompare(b.week));
  });
}

async function expectExact(db: Db, label: string): Promise<void> {
  const raw = await fromCalls(db);
  expect(await counters(db), `${label} (seed ${SEED})`).toEqual(raw);
  expect(await circleCounters(db), `${label}: circle counters (seed ${SEED})`).toEqual(await circleFromCalls(db));
  expect(await seriesCounters(db), `${label}: series (seed ${SEED})`).toEqual(raw.map(({ workspace_id, member_id, week: w, calls }) => ({ workspace_id, member_id, week: w, calls })));
}

/** Series as one row per member and week with calls (what they count, whatever weeks they span). */
const rowsOfSeries = (series: readonly MemberSeries[]) =>
  series
    .flatMap((s) => s.calls.map((n, k) => ({ member_id: s.member_id, week: addWeeks(s.from, k), n })))
    .filter((r) => r.n > 0)
    .sort((a, b) => a.member_id - b.member_id || a.week.localeCompare(b.week));

/** The recap chart's weeks as the export (which reads the raw calls) counts them. */
async function chartFromCalls(db: Db, ws: string, circleId: number, first: string, last: string, goal: number): Promise<CircleRecapReads['chart']> {
  const rows = (await countCircleCallsByMemberWeek(db, ws, circleId, first)).filter((r) => r.week <= last);
  return [...new Set(rows.map((r) => r.week))].sort().map((w) => {
    const inWeek = rows.filter((r) => r.week === w);
    const sum = (k: 'conversations' | 'voicemails' | 'noAnswer') => inWeek.reduce((n, r) => n + r[k], 0);
    return { week: w, conversations: sum('conversations'), voicemails: sum('voicemails'), noAnswer: sum('noAnswer'), reachedIds: inWeek.filter((r) => r.calls >= goal).map((r) => r.memberId) };
  });
}

const sortedChart = (chart: CircleRecapReads['chart']) => chart.map((c) => ({ ...c, reachedIds: [...c.reachedIds].sort((a, b) => a - b) }));

describeDb('member_weeks counters', (ctx) => {
  const now = new Date('2026-11-25T12:00:00Z');
  const week = weekKeyOf(now, 'UTC');
  // The pairing's seeded PRNG (mulberry32): a failure replays from its seed.
  const random = seededRandom(`member-weeks:${SEED}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  let seq = 0;
  const members: Member[] = [];
  let circleId = 0;
  /** A second circle per workspace: calls move to it (and back to none) in the updates. */
  const extraCircle = new Map<string, number>();

  const randomCall = (m: Member): NewCall => {
    const w = addWeeks(week, -Math.floor(random() * 12));
    return callRow({
      workspace_id: m.workspace_id,
      member_id: m.id,
      circle_id: m.circle_id,
      week: w,
      call_date: dateInWeek(w, 1 + Math.floor(random() * 7)),
      outcome: pick(OUTCOMES),
      idempotency_key: `rand:${++seq}`,
      created_at: now,
    });
  };

  it('equal the raw calls after random check-ins, bulk inserts, updates and deletes', async () => {
    const { db } = ctx();
    for (const ws of ['T0MW1', 'T0MW2']) {
      await upsertWorkspace(db, { id: ws, at: now });
      const circle = (await ensureCircle(db, ws, { channelId: `C${ws}`, createdBy: 'U0', at: now })).circle;
      if (ws === 'T0MW1') circleId = circle.id;
      extraCircle.set(ws, (await ensureCircle(db, ws, { channelId: `C${ws}X`, createdBy: 'U0', at: now })).circle.id);
      for (let i = 0; i < 6; i++) {
        const m = (await ensureMember(db, ws, { slackUserId: `U${i}`, at: now })).member;
        await db.updateTable('members').set({ circle_id: circle.id, joined_circle_at: now }).where('id', '=', m.id).execute();
        members.push({ ...m, circle_id: circle.id });
      }
    }
    // One at a time, the way check-ins arrive (a repeated idempotency key counts once).
    for (let i = 0; i < 120; i++) {
      const call = randomCall(pick(members));
      await insertCallOnce(db, call);
      if (random() < 0.1) await insertCallOnce(db, { ...call, outcome: pick(OUTCOMES) });
    }
    await expectExact(db, 'after single inserts');
    // Weeks far before and after the others (the series widens both ways, with zero weeks between),
    // across 53-week years.
    for (const [w, d] of [['2020-W53', '2020-12-31'], ['2021-W01', '2021-01-04'], ['2026-W53', '2026-12-31'], ['2027-W01', '2027-01-04']] as const) {
      await insertCallOnce(db, { ...randomCall(members[1]!), week: w, call_date: d });
    }
    await expectExact(db, 'after calls in far weeks');
    // Deleted again: the series keeps zero weeks there, which count as nothing.
    await db.deleteFrom('calls').where('week', 'in', ['2020-W53', '2021-W01', '2026-W53', '2027-W01']).execute();
    await expectExact(db, 'after deleting the far weeks');
    // Many rows in one statement, and concurrently (several connections on PostgreSQL).
    await db.insertInto('calls').values(Array.from({ length: 200 }, () => randomCall(pick(members)))).execute();
    await Promise.all(Array.from({ length: 40 }, () => insertCallOnce(db, randomCall(members[0]!))));
    await expectExact(db, 'after bulk and concurrent inserts');

    const ids = (await db.selectFrom('calls').select('id').execute()).map((r) => r.id);
    for (let i = 0; i < 40; i++) {
      const id = pick(ids);
      const change = pick(['outcome', 'week', 'member', 'circle'] as const);
      const q = db.updateTable('calls').where('id', '=', id);
      if (change === 'outcome') await q.set({ outcome: pick(OUTCOMES) }).execute();
      else if (change === 'circle') {
        const row = await db.selectFrom('calls').select('workspace_id').where('id', '=', id).executeTakeFirstOrThrow();
        // Another of the workspace's circles, or none (a solo call).
        const other = random() < 0.5 ? null : (extraCircle.get(row.workspace_id) ?? null);
        await q.set({ circle_id: other }).execute();
      }
      else if (change === 'week') await q.set({ week: addWeeks(week, -Math.floor(random() * 12)) }).execute();
      else {
        const row = await db.selectFrom('calls').select('workspace_id').where('id', '=', id).executeTakeFirstOrThrow();
        await q.set({ member_id: pick(members.filter((m) => m.workspace_id === row.workspace_id)).id }).execute();
      }
    }
    // Columns the counters do not depend on (issue 15 links calls to contacts) leave them alone.
    await db.updateTable('calls').set({ minutes: 42, notes: 'edited' }).where('id', 'in', ids.slice(0, 30)).execute();
    await expectExact(db, 'after updates');

    for (let i = 0; i < 60; i++) await db.deleteFrom('calls').where('id', '=', pick(ids)).execute();
    await db.deleteFrom('calls').where('member_id', '=', members[1]!.id).where('week', '=', week).execute();
    await db.deleteFrom('calls').where('member_id', '=', members[2]!.id).execute();
    await expectExact(db, 'after deletes');
    expect((await counters(db)).some((r) => r.member_id === members[2]!.id)).toBe(false);
  });

  it('give the same standing and streak as figures aggregated from the raw calls', async () => {
    const { db } = ctx();
    const clock = new SettableClock(now);
    const circle = (await getCircle(db, 'T0MW1', circleId))!;
    const circleMembers = await listCircleMembers(db, 'T0MW1', circleId);
    await db
      .insertInto('pauses')
      .values([
        { workspace_id: 'T0MW1', member_id: circleMembers[3]!.id, first_week: addWeeks(week, -4), last_week: addWeeks(week, -3), created_at: now },
        { workspace_id: 'T0MW1', member_id: circleMembers[4]!.id, first_week: addWeeks(week, -1), last_week: addWeeks(week, 0), created_at: now },
      ])
      .execute();
    const since = addWeeks(week, -STANDING_HORIZON_WEEKS);
    const raw = (await fromCalls(db)).filter((r) => r.workspace_id === 'T0MW1' && r.week >= since).map((r) => ({ member_id: r.member_id, week: r.week, n: r.calls }));
    const ids = circleMembers.map((m) => m.id);
    const pauses = (await db.selectFrom('pauses').select(['member_id', 'first_week', 'last_week']).where('workspace_id', '=', 'T0MW1').orderBy('first_week').execute()).filter((p) => ids.includes(p.member_id));
    const sortRows = (rows: { member_id: number; week: string; n: number }[]) => [...rows].sort((a, b) => a.member_id - b.member_id || a.week.localeCompare(b.week));
    // The board's one read: the circle, its members in id order, their weeks from `since` and their pauses.
    const board = (await readCircleBoard(db, 'T0MW1', circleId, since))!;
    expect(board.circle).toEqual(circle);
    expect(board.roster.members.map((m) => m.id)).toEqual(ids);
    expect(board.roster.members[0]!.created_at).toEqual(circleMembers[0]!.created_at);
    expect(rowsOfSeries(board.roster.series)).toEqual(sortRows(raw.filter((r) => ids.includes(r.member_id))));
    expect(board.roster.series.every((x) => weekIndex(x.from) >= weekIndex(since))).toBe(true);
    const byMemberAndWeek = (ps: { member_id: number; first_week: string; last_week: string }[]) => [...ps].sort((a, b) => a.member_id - b.member_id || a.first_week.localeCompare(b.first_week));
    expect(byMemberAndWeek(board.roster.pauses)).toEqual(byMemberAndWeek(pauses));
    expect(await readCircleBoard(db, 'T0MW2', circleId, since)).toBeNull();
    // The recap's read: the tally equals the domain's tally of the raw calls, the chart the export's count.
    const recapRead = await readCircleRecap(db, circle, week, since, addWeeks(week, -11));
    const weekCalls = await db.selectFrom('calls').selectAll().where('workspace_id', '=', 'T0MW1').where('circle_id', '=', circleId).where('week', '=', week).orderBy('id').execute();
    expect(weekCalls.length).toBeGreaterThan(0);
    const expectedTally = tallyCalls(weekCalls.map((c) => ({ memberId: String(c.member_id), category: c.category, outcome: c.outcome, minutes: c.minutes, isCallback: c.is_callback, opportunity: c.opportunity })));
    expect(recapRead.tally.totals).toEqual(expectedTally.totals);
    expect([...recapRead.tally.perMember].sort((a, b) => a.memberId.localeCompare(b.memberId))).toEqual([...expectedTally.perMember].sort((a, b) => a.memberId.localeCompare(b.memberId)));
    expect(Object.entries(recapRead.tally.byCategory)).toEqual(Object.entries(expectedTally.byCategory));
    const chart = sortedChart(recapRead.chart);
    expect(chart.length).toBeGreaterThan(0);
    expect(chart).toEqual(await chartFromCalls(db, 'T0MW1', circleId, addWeeks(week, -11), week, circle.goal));
    expect(rowsOfSeries(recapRead.roster.series)).toEqual(rowsOfSeries(board.roster.series).filter((r) => r.week >= since));
    const expected = standingFrom({ circle, members: circleMembers, week, series: seriesFromCounts(raw), pauses });
    expect(await circleStanding(db, clock, 'T0MW1', circleId)).toEqual(expected);

    for (const m of circleMembers) {
      const callsByWeek = Object.fromEntries(raw.filter((r) => r.member_id === m.id).map((r) => [r.week, r.n]));
      expect(await countMemberCallsByWeek(db, 'T0MW1', m.id)).toEqual(callsByWeek);
      const progress = await memberProgress(db, clock, m);
      const tz = progress.timeZone;
      const pausedWeeks = pauses.filter((p) => p.member_id === m.id).flatMap((p) => weeksBetween(p.first_week, p.last_week));
      expect(progress.streak).toEqual(memberStreak({ callsByWeek, goal: progress.goal, pausedWeeks, currentWeek: weekKeyOf(now, tz), firstWeek: weekKeyOf(m.created_at, tz) }));
    }
  });

  it("keep a moved member's calls in the circle they were logged in", async () => {
    const { db } = ctx();
    const clock = new SettableClock(now);
    const mover = members.find((m) => m.workspace_id === 'T0MW1')!;
    const other = extraCircle.get('T0MW1')!;
    const before = (await circleCounters(db)).filter((r) => r.member_id === mover.id);
    // The move (as /calls join in another channel does it) changes no call: the old circle keeps them.
    const channel = (await db.selectFrom('circles').select('channel_id').where('id', '=', other).executeTakeFirstOrThrow()).channel_id;
    const moved = (await joinCircle(db, clock, { member: mover, channelId: channel })).member;
    expect(moved.circle_id).toBe(other);
    expect((await circleCounters(db)).filter((r) => r.member_id === mover.id)).toEqual(before);
    // Calls logged after the move count in the new circle.
    for (let i = 0; i < 5; i++) await insertCallOnce(db, randomCall(moved));
    await expectExact(db, 'after a move and calls in the new circle');
    const otherCircle = (await getCircle(db, 'T0MW1', other))!;
    const recount = await readCircleRecap(db, otherCircle, week, addWeeks(week, -12), addWeeks(week, -12));
    expect(recount.chart.some((w) => w.reachedIds.includes(mover.id) || w.conversations + w.voicemails + w.noAnswer > 0)).toBe(true);
    // The chart's read equals the export's count from the raw calls, for both circles (goal 1: everyone
    // with a call has reached it).
    for (const c of [circleId, other]) {
      const read = await readCircleRecap(db, { workspace_id: 'T0MW1', id: c, goal: 1 }, week, addWeeks(week, -12), addWeeks(week, -12));
      expect(sortedChart(read.chart)).toEqual(await chartFromCalls(db, 'T0MW1', c, addWeeks(week, -12), week, 1));
    }

    await db.updateTable('members').set({ circle_id: circleId, joined_circle_at: now }).where('id', '=', mover.id).execute();
    await expectExact(db, 'after moving back');
  });

  it('are backfilled exactly by the migrations, and die with their member and workspace', async () => {
    const { db } = ctx();
    await memberCallSeriesMigration.down(db);
    await memberWeeksMigration.down(db);
    await circleMemberWeeksMigration.down(db);
    await db.insertInto('calls').values(Array.from({ length: 100 }, () => randomCall(pick(members)))).execute();
    await memberWeeksMigration.up(db);
    await circleMemberWeeksMigration.up(db);
    await memberCallSeriesMigration.up(db);
    await expectExact(db, 'after the backfill');
    await insertCallOnce(db, randomCall(members[3]!));
    await expectExact(db, 'the trigger is back after the backfill');

    await db.deleteFrom('members').where('id', '=', members[0]!.id).execute();
    await expectExact(db, 'after deleting a member');
    expect((await counters(db)).some((r) => r.member_id === members[0]!.id)).toBe(false);
    await deleteWorkspace(db, 'T0MW2');
    await expectExact(db, 'after deleting a workspace');
    expect((await counters(db)).some((r) => r.workspace_id === 'T0MW2')).toBe(false);
    expect((await counters(db)).length).toBeGreaterThan(0);
  });
});
