// src/services/progress.ts: a member's week, streak and booked pause.
import { expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import type { Member } from '../../src/db/types.js';
import { logCall } from '../../src/services/checkin.js';
import { knownMember } from '../../src/services/members.js';
import { pauseMember, resumeMember } from '../../src/services/pauses.js';
import { memberProgress } from '../../src/services/progress.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';
import { renderMessage } from '../../src/slack/views/messages.js';

describeDb('progress service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);
  const profile = (tz: string) => async () => ({ displayName: 'Pat', tz, isAdmin: false });

  it('streaks: a member who joined weeks ago keeps their run; backdated calls before joining count', async () => {
    const log = async (c: SettableClock, member: Member, date: string, n: number, key: string) => {
      for (let i = 0; i < n; i++) {
        const r = await logCall({ db: db(), clock: c, messages: renderMessage }, { workspaceId: WS, slackUserId: member.slack_user_id, viewId: `${key}-${i}`, raw: { who: `Pat ${i}`, category: 'stretch', outcome: 'conversation', call_date: date } });
        expect(r.ok).toBe(true);
      }
    };
    // Joined on Monday of W45 (the Clock's time, not the database's), complete W45-W47, 2 calls in W48.
    const past = new SettableClock(new Date('2026-11-02T12:00:00Z'));
    const veteran = (await knownMember({ db: db(), clock: past, messages: renderMessage }, { workspaceId: WS, slackUserId: 'UVETERAN', lookup: profile('UTC') })).member;
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
    const newcomer = (await knownMember({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, slackUserId: 'UNEWCOMER', lookup: profile('UTC') })).member;
    await log(clock, newcomer, '2026-11-20', 5, 'NEW');
    expect((await memberProgress(db(), clock, newcomer)).streak).toEqual({ current: 1, best: 1, completedWeeks: 1 });
  });

  it('progress shows a booked pause until resume cancels it', async () => {
    const m = await newMember('UTC');
    expect((await memberProgress(db(), clock, m)).upcomingPause).toBeNull();
    await pauseMember(db(), clock, m, { kind: 'weeks', weeks: 2 });
    expect((await memberProgress(db(), clock, m)).upcomingPause).toEqual({ firstWeek: '2026-W49', lastWeek: '2026-W50' });
    await resumeMember(db(), clock, m);
    expect((await memberProgress(db(), clock, m)).upcomingPause).toBeNull();
  });
});
