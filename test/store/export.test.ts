import { expect, it } from 'vitest';
import type { NewCall } from '../../src/db/types.js';
import { circleWeeklyCountsCsv, memberCallsCsv } from '../../src/domain/export.js';
import { insertCallOnce } from '../../src/store/calls.js';
import { ensureCircle } from '../../src/store/circles.js';
import { countCircleCallsByMemberWeek, listMemberCallsForExport } from '../../src/store/export.js';
import { ensureMember, setMemberCircle, updateMember } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

const at = new Date('2026-03-06T12:00:00Z');

describeDb('export store', (ctx) => {
  async function seed(ws: string) {
    const { db } = ctx();
    await upsertWorkspace(db, { id: ws, at });
    const { circle } = await ensureCircle(db, ws, { channelId: 'C1', name: 'five-calls', createdBy: 'U1', at });
    const ada = (await ensureMember(db, ws, { slackUserId: 'U1', displayName: 'Ada', at })).member;
    const bo = (await ensureMember(db, ws, { slackUserId: 'U2', displayName: 'Bo', at })).member;
    await setMemberCircle(db, ws, ada.id, circle.id, at);
    await setMemberCircle(db, ws, bo.id, circle.id, at);
    await updateMember(db, ws, bo.id, { board_visible: false });
    let n = 0;
    const log = (over: Partial<NewCall> & { member_id: number }) =>
      insertCallOnce(db, {
        workspace_id: ws, circle_id: circle.id, week: '2026-W10', call_date: '2026-03-03', contact_id: null, contact_name: 'Grace Hopper',
        contact_user_id: null, category: 'soundboard', outcome: 'conversation', minutes: 10, follow_up_on: null, notes: 'secret note',
        idempotency_key: `k${++n}`, created_at: at, ...over,
      });
    // Logged out of date order on purpose: the export sorts by date, then logging order.
    await log({ member_id: ada.id, call_date: '2026-03-05', outcome: 'voicemail', minutes: null, follow_up_on: '2026-03-12', is_callback: true });
    await log({ member_id: ada.id, call_date: '2026-03-02', contact_name: '=HYPERLINK("x")', opportunity: true });
    await log({ member_id: ada.id, call_date: '2026-03-05', outcome: 'no_answer', notes: null });
    await log({ member_id: ada.id, week: '2026-W11', call_date: '2026-03-09' });
    await log({ member_id: bo.id, outcome: 'no_answer' });
    await log({ member_id: bo.id, circle_id: null, week: '2026-W11', call_date: '2026-03-10' }); // solo: not the circle's
    return { db, circle, ada, bo };
  }

  it("lists a member's own calls in export order, in the CSV builder's shape", async () => {
    const { db, ada, bo } = await seed('T-exp1');
    const rows = await listMemberCallsForExport(db, 'T-exp1', ada.id);
    expect(rows.map((r) => [r.date, r.outcome])).toEqual([
      ['2026-03-02', 'conversation'], ['2026-03-05', 'voicemail'], ['2026-03-05', 'no_answer'], ['2026-03-09', 'conversation'],
    ]);
    expect(rows[1]).toEqual({
      date: '2026-03-05', week: '2026-W10', category: 'soundboard', person: 'Grace Hopper', outcome: 'voicemail', minutes: null,
      callback: true, opportunity: false, followUp: '2026-03-12', notes: 'secret note',
    });
    const csv = memberCallsCsv(rows);
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(await listMemberCallsForExport(db, 'T-other', ada.id)).toEqual([]);
    expect(await listMemberCallsForExport(db, 'T-exp1', bo.id)).toHaveLength(2);
  });

  it("counts a circle's calls per member and week, without names of contacts or notes", async () => {
    const { db, circle, ada, bo } = await seed('T-exp2');
    const rows = await countCircleCallsByMemberWeek(db, 'T-exp2', circle.id);
    expect(rows).toEqual([
      { week: '2026-W10', memberId: ada.id, member: 'Ada', visible: true, calls: 3, conversations: 1, voicemails: 1, noAnswer: 1 },
      { week: '2026-W10', memberId: bo.id, member: 'Bo', visible: false, calls: 1, conversations: 0, voicemails: 0, noAnswer: 1 },
      { week: '2026-W11', memberId: ada.id, member: 'Ada', visible: true, calls: 1, conversations: 1, voicemails: 0, noAnswer: 0 },
    ]);
    expect(await countCircleCallsByMemberWeek(db, 'T-exp2', circle.id, '2026-W11')).toHaveLength(1);
    const csv = circleWeeklyCountsCsv(rows);
    for (const secret of ['Grace', 'HYPERLINK', 'secret note', 'Bo']) expect(csv).not.toContain(secret);
    expect(await countCircleCallsByMemberWeek(db, 'T-other', circle.id)).toEqual([]);
  });
});
