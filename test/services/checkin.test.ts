// src/services/checkin.ts: logCall.
import { expect, it } from 'vitest';
import { logCall } from '../../src/services/checkin.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';
import { renderMessage } from '../../src/slack/views/messages.js';

describeDb('check-in service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);

  it('logCall validates in the member\'s zone, saves once per view id and enqueues one confirmation', async () => {
    const member = await newMember('Pacific/Auckland');
    // 12:00 UTC on the 25th is 01:00 on the 26th in Auckland: "today" is the 26th there.
    const raw = { who: 'Lin', category: 'stretch', outcome: 'voicemail', call_date: '2026-11-26' };
    const input = { workspaceId: WS, slackUserId: member.slack_user_id, viewId: 'V1', raw };
    const results = await Promise.all([logCall({ db: db(), clock: clock, messages: renderMessage }, input), logCall({ db: db(), clock: clock, messages: renderMessage }, input)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    const calls = await db().selectFrom('calls').selectAll().where('member_id', '=', member.id).execute();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ call_date: '2026-11-26', week: '2026-W48', outcome: 'voicemail', idempotency_key: 'view:V1' });
    const confirmations = await db().selectFrom('outbox').select('dedupe_key').where('member_id', '=', member.id).where('kind', '=', 'confirmation').execute();
    expect(confirmations).toEqual([{ dedupe_key: 'confirm:V1' }]);

    const bad = await logCall({ db: db(), clock: clock, messages: renderMessage }, { ...input, viewId: 'V2', raw: { ...raw, call_date: '2026-11-27', category: 'nope' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['call_date', 'category']);
  });
});
