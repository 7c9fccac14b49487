// claimDueMessages: workspaces take turns, so one workspace's fan-out never fills a claim while
// another's messages wait; within a workspace channels take turns, and within a channel the order stays
// first queued, first claimed.
import { expect, it } from 'vitest';
import { claimDueMessages, enqueueMessage } from '../../src/store/outbox.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

const at = new Date('2026-11-30T09:00:00Z');

describeDb('outbox claims across workspaces', (ctx) => {
  it('claims every workspace\'s first rows before anyone\'s later ones', async () => {
    const { db } = ctx();
    for (const ws of ['TCA', 'TCB', 'TCC']) await upsertWorkspace(db, { id: ws, at });
    // TCA queues 20 first (a big fan-out), then TCB and TCC two each.
    for (const [ws, n] of [['TCA', 20], ['TCB', 2], ['TCC', 2]] as const) {
      for (let i = 0; i < n; i++) {
        await enqueueMessage(db, { workspaceId: ws, dedupeKey: `k${i}`, kind: 'plan', method: 'chat.postMessage', channelKey: `U${i}`, payload: { channel: `U${i}`, text: 'x' }, at: new Date(at.getTime() + i) });
      }
    }
    const first = await claimDueMessages(db, { now: new Date(at.getTime() + 60_000), leaseMs: 60_000, limit: 6 });
    const per = (rows: typeof first) => Object.fromEntries(['TCA', 'TCB', 'TCC'].map((ws) => [ws, rows.filter((r) => r.workspace_id === ws).map((r) => r.dedupe_key)]));
    expect(per(first)).toEqual({ TCA: ['k0', 'k1'], TCB: ['k0', 'k1'], TCC: ['k0', 'k1'] });
    const next = await claimDueMessages(db, { now: new Date(at.getTime() + 60_000), leaseMs: 60_000, limit: 3 });
    expect(per(next)).toEqual({ TCA: ['k2', 'k3', 'k4'], TCB: [], TCC: [] });
  });

  it('claims every channel\'s first row before any channel\'s second, first queued first within a channel', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'TCH', at });
    // Four messages to C1 queued first, then two to C2 and one to C3.
    const queue = [['C1', 4], ['C2', 2], ['C3', 1]] as const;
    let n = 0;
    for (const [ch, count] of queue) {
      for (let i = 0; i < count; i++) {
        await enqueueMessage(db, { workspaceId: 'TCH', dedupeKey: `${ch}-${i}`, kind: 'recap', method: 'chat.postMessage', channelKey: ch, payload: { channel: ch, text: 'x' }, at: new Date(at.getTime() + n++) });
      }
    }
    const now = new Date(at.getTime() + 60_000);
    const first = await claimDueMessages(db, { now, leaseMs: 60_000, limit: 4, workspaceId: 'TCH' });
    expect(first.map((r) => r.dedupe_key)).toEqual(['C1-0', 'C1-1', 'C2-0', 'C3-0']);
    const next = await claimDueMessages(db, { now, leaseMs: 60_000, limit: 4, workspaceId: 'TCH' });
    expect(next.map((r) => r.dedupe_key)).toEqual(['C1-2', 'C1-3', 'C2-1']);
  });
});
