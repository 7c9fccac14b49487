// src/services/pauses.ts: which weeks a pause covers (pure), and pausing and resuming a member.
import { describe, expect, it } from 'vitest';
import { pauseWeeks } from '../../src/domain/pauses.js';
import { pauseMember, resumeMember } from '../../src/services/pauses.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

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

describeDb('pauses service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

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
});
