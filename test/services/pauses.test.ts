// src/services/pauses.ts: pausing and resuming a member.
import { expect, it } from 'vitest';
import { pauseMember, resumeMember } from '../../src/services/pauses.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

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
