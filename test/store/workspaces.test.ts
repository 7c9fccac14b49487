// src/store/workspaces.ts: upsert, and deleting a workspace with everything that belongs to it.
import { expect, it } from 'vitest';
import { insertCallOnce } from '../../src/store/calls.js';
import { ensureCircle } from '../../src/store/circles.js';
import { recordEventOnce } from '../../src/store/events.js';
import { markJobOnce } from '../../src/store/job-marks.js';
import { ensureMember, setMemberCircle } from '../../src/store/members.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { insertPause } from '../../src/store/pauses.js';
import { deleteWorkspace, getWorkspace, upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';
import { callRow } from '../helpers/rows.js';

const now = new Date('2026-11-24T12:00:00Z');

describeDb('workspaces store', (ctx) => {
  it('upserts workspaces without losing known fields', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'T1', name: 'Acme', domain: 'acme', at: now });
    const ws = await upsertWorkspace(db, { id: 'T1', botUserId: 'B1', at: now });
    expect(ws).toMatchObject({ id: 'T1', name: 'Acme', domain: 'acme', bot_user_id: 'B1', status: 'active' });
    expect(await getWorkspace(db, 'nope')).toBeUndefined();
  });

  it('deletes a workspace with every row that belongs to it, and only those', async () => {
    const { db } = ctx();
    const fill = async (ws: string) => {
      await upsertWorkspace(db, { id: ws, at: now });
      const circle = (await ensureCircle(db, ws, { channelId: 'C1', createdBy: 'U1', at: now })).circle;
      const a = (await ensureMember(db, ws, { slackUserId: 'U1', at: now })).member;
      const b = (await ensureMember(db, ws, { slackUserId: 'U2', at: now })).member;
      await setMemberCircle(db, ws, a.id, circle.id, now);
      await setMemberCircle(db, ws, b.id, circle.id, now);
      await insertPause(db, { workspaceId: ws, memberId: b.id, firstWeek: '2026-W49', lastWeek: '2026-W49', at: now });
      await insertCallOnce(db, callRow({ workspace_id: ws, member_id: a.id, circle_id: circle.id, minutes: 5, idempotency_key: 'k', created_at: now }));
      const pairing = await insertPairingOnce(db, { workspaceId: ws, circleId: circle.id, week: '2026-W48', seed: 's', at: now });
      await insertPairingGroup(db, { workspaceId: ws, pairingId: pairing!.id, position: 0, memberIds: [a.id, b.id] });
      await enqueueMessage(db, { workspaceId: ws, dedupeKey: 'd', kind: 'test', method: 'chat.postMessage', channelKey: 'U1', payload: { channel: 'U1', text: 'hi' }, at: now });
      await markJobOnce(db, ws, 'job', now);
      await recordEventOnce(db, { eventId: `Ev-${ws}`, workspaceId: ws, type: 'app_home_opened', at: now });
    };
    await fill('T-gone');
    await fill('T-kept');
    const counts = async (ws: string) => {
      const out: Record<string, number> = {};
      for (const t of ['circles', 'members', 'pauses', 'calls', 'pairings', 'pairing_groups', 'pairing_members', 'outbox', 'job_marks', 'slack_events'] as const) {
        const row = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
        out[t] = Number(row.n);
      }
      return out;
    };
    const before = await counts('T-kept');
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    await deleteWorkspace(db, 'T-gone');
    expect(Object.values(await counts('T-gone')).every((n) => n === 0)).toBe(true);
    expect(await getWorkspace(db, 'T-gone')).toBeUndefined();
    expect(await counts('T-kept')).toEqual(before);
  });
});
