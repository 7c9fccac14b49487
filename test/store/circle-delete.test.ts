// Deleting a circle (the database's rule, migration 20261203T0200): its members' calls stay, with no
// circle, and still count on the members' own streaks; the circle's counters go with it.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { insertCallOnce } from '../../src/store/calls.js';
import { ensureCircle } from '../../src/store/circles.js';
import { ensureMember } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';
import { callRow } from '../helpers/rows.js';

const WS = 'T0CIRCLEDEL';
const at = new Date('2026-11-25T12:00:00Z');

describeDb('deleting a circle', (ctx) => {
  it('keeps the calls logged in it (circle_id null, workspace unchanged) and drops its counters', async () => {
    const db = ctx().db;
    await upsertWorkspace(db, { id: WS, at });
    const { circle } = await ensureCircle(db, WS, { channelId: 'C0DEL', createdBy: 'U0DEL', at });
    const { member } = await ensureMember(db, WS, { slackUserId: 'U0DEL', at });
    await insertCallOnce(db, callRow({ workspace_id: WS, member_id: member.id, circle_id: circle.id, idempotency_key: 'del-1', created_at: at }));
    await insertCallOnce(db, callRow({ workspace_id: WS, member_id: member.id, circle_id: circle.id, idempotency_key: 'del-2', created_at: at, outcome: 'voicemail' }));
    const counters = () => db.selectFrom('circle_member_weeks').select(['calls']).where('workspace_id', '=', WS).where('circle_id', '=', circle.id).execute();
    expect(await counters()).toEqual([{ calls: 2 }]);

    await sql`delete from circles where workspace_id = ${WS} and id = ${circle.id}`.execute(db);

    const calls = await db.selectFrom('calls').select(['workspace_id', 'circle_id']).where('member_id', '=', member.id).execute();
    expect(calls).toEqual([
      { workspace_id: WS, circle_id: null },
      { workspace_id: WS, circle_id: null },
    ]);
    expect(await counters()).toEqual([]);
    const own = await db.selectFrom('member_weeks').select(['calls']).where('member_id', '=', member.id).execute();
    expect(own).toEqual([{ calls: 2 }]);
  });
});
