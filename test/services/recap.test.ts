// src/services/recap.ts: the recap's chart figures (12 weeks by outcome, goal line, members reaching it)
// and the recap row's chart model in its outbox payload (counts only).
import { expect, it } from 'vitest';
import { joinCircle } from '../../src/services/circles.js';
import { recapChartWeeks, recapCircleWeek } from '../../src/services/recap.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { insertCallOnce } from '../../src/store/calls.js';
import { insertPause } from '../../src/store/pauses.js';
import { describeDb } from '../helpers/db.js';
import { callRow, serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('recap service: the chart', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

  it('counts the last 12 weeks by outcome, with the goal line and the members who reached it; the payload carries no names or notes', async () => {
    // Joined three weeks back (W45), so W45 to W48 have members.
    clock.set(new Date('2026-11-04T12:00:00Z'));
    const [a, b, c] = [await newMember('UTC'), await newMember('UTC'), await newMember('UTC')];
    let circle;
    for (const m of [a!, b!, c!]) circle = (await joinCircle(db(), clock, { member: m, channelId: 'C0RECAPCHART', channelName: 'five-calls' })).circle;
    clock.set(new Date('2026-11-27T17:00:00Z')); // Friday of W48
    await db().updateTable('circles').set({ goal: 2 }).where('id', '=', circle!.id).execute();
    const c2 = await db().selectFrom('circles').selectAll().where('id', '=', circle!.id).executeTakeFirstOrThrow();
    let k = 0;
    const log = async (memberId: number, week: string, date: string, outcome: 'conversation' | 'voicemail' | 'no_answer') =>
      insertCallOnce(db(), callRow({ workspace_id: WS, member_id: memberId, circle_id: c2.id, week, call_date: date, outcome, contact_name: 'Secret Person', notes: 'secret note', idempotency_key: `rc${++k}`, created_at: clock.now() }));
    await log(a!.id, '2026-W48', '2026-11-24', 'conversation');
    await log(a!.id, '2026-W48', '2026-11-25', 'voicemail');
    await log(b!.id, '2026-W48', '2026-11-24', 'no_answer');
    await log(a!.id, '2026-W46', '2026-11-10', 'conversation');
    await log(a!.id, '2026-W46', '2026-11-11', 'conversation');
    await log(b!.id, '2026-W46', '2026-11-11', 'conversation');
    await log(b!.id, '2026-W46', '2026-11-12', 'no_answer');
    await insertPause(db(), { workspaceId: WS, memberId: c!.id, firstWeek: '2026-W47', lastWeek: '2026-W47', at: clock.now() });

    const weeks = await recapChartWeeks({ db: db(), clock, messages: renderMessage }, c2, '2026-W48');
    expect(weeks).toHaveLength(12);
    expect(weeks[0]!.week).toBe('2026-W37');
    expect(weeks.slice(0, 8).every((w) => w.activeMembers === 0 && w.goal === 0)).toBe(true);
    expect(weeks.slice(8)).toEqual([
      { week: '2026-W45', conversations: 0, voicemails: 0, noAnswer: 0, goal: 6, activeMembers: 3, membersReached: 0 },
      { week: '2026-W46', conversations: 3, voicemails: 0, noAnswer: 1, goal: 6, activeMembers: 3, membersReached: 2 },
      { week: '2026-W47', conversations: 0, voicemails: 0, noAnswer: 0, goal: 4, activeMembers: 2, membersReached: 0 },
      { week: '2026-W48', conversations: 1, voicemails: 1, noAnswer: 1, goal: 6, activeMembers: 3, membersReached: 1 },
    ]);

    expect(await recapCircleWeek({ db: db(), clock, messages: renderMessage }, c2, '2026-W48')).toBe(true);
    const row = await db().selectFrom('outbox').selectAll().where('kind', '=', 'recap').executeTakeFirstOrThrow();
    const file = (row.payload as { _file: { kind: string; weeks: unknown[] } })._file;
    expect(file.kind).toBe('recapChart');
    expect(file.weeks).toEqual(weeks);
    expect(JSON.stringify(file)).not.toMatch(/Secret|secret|Pat/);
  });
});
