// src/store/events.ts: a Slack event id is recorded once.
import { expect, it } from 'vitest';
import { recordEventOnce } from '../../src/store/events.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('events store', (ctx) => {
  const { clock, db } = serviceFixture(ctx);

  it('recordEventOnce is true once per event id', async () => {
    const e = { eventId: 'Ev1', workspaceId: WS, type: 'app_home_opened', at: clock.now() };
    const r = await Promise.all([recordEventOnce(db(), e), recordEventOnce(db(), e)]);
    expect(r.sort()).toEqual([false, true]);
  });
});
