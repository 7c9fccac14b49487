import { expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics.js';
import { countOutboxByStatus, enqueueMessage } from '../../src/store/outbox.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

const at = new Date('2026-03-06T12:00:00Z');

describeDb('outbox counts', (ctx) => {
  it('counts outbox rows by status across workspaces, and feeds the outbox gauge', async () => {
    const { db } = ctx();
    expect(await countOutboxByStatus(db)).toEqual({ pending: 0, sent: 0, failed: 0, cancelled: 0 });
    for (const ws of ['T-ops1', 'T-ops2']) {
      await upsertWorkspace(db, { id: ws, at });
      for (const key of ['a', 'b']) {
        await enqueueMessage(db, { workspaceId: ws, dedupeKey: key, kind: 'test', method: 'chat.postMessage', channelKey: 'U1', payload: { channel: 'U1', text: 'hi' }, at });
      }
    }
    await db.updateTable('outbox').set({ status: 'failed' }).where('workspace_id', '=', 'T-ops2').where('dedupe_key', '=', 'a').execute();
    expect(await countOutboxByStatus(db)).toEqual({ pending: 3, sent: 0, failed: 1, cancelled: 0 });
    expect(await countOutboxByStatus(db, 'T-ops2')).toEqual({ pending: 1, sent: 0, failed: 1, cancelled: 0 });
    const metrics = createMetrics({ outboxDepth: () => countOutboxByStatus(db), processMetrics: false });
    const { body } = await metrics.render();
    expect(body).toContain('callbuddy_outbox_messages{status="pending"} 3');
    expect(body).toContain('callbuddy_outbox_messages{status="failed"} 1');
    expect(body).toContain('callbuddy_outbox_messages{status="cancelled"} 0');
  });
});
