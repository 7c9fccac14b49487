// src/store/contacts.ts.
import { expect, it } from 'vitest';
import { upsertContact } from '../../src/store/contacts.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('contacts store', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

  it('upsertContact is case-insensitive and only moves last_called_on forward', async () => {
    const member = await newMember();
    const a = await upsertContact(db(), { workspaceId: WS, memberId: member.id, name: 'Sam Lee', calledOn: '2026-11-20', at: clock.now() });
    const b = await upsertContact(db(), { workspaceId: WS, memberId: member.id, name: 'sam lee', slackUserId: 'U9', calledOn: '2026-11-10', at: clock.now() });
    expect(b).toBe(a);
    const row = await db().selectFrom('contacts').selectAll().where('id', '=', a).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Sam Lee', last_called_on: '2026-11-20', slack_user_id: 'U9' });
  });
});
