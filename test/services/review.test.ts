// src/services/review.ts: the review from a member's own rows, every four weeks at their plan time.
import { expect, it } from 'vitest';
import type { Member } from '../../src/db/types.js';
import { logCall } from '../../src/services/checkin.js';
import type { ServiceContext } from '../../src/services/messages.js';
import { isReviewWeek, memberReview, requestReview, sendDueReviews } from '../../src/services/review.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';

describeDb('review service', (ctx) => {
  const { clock, db, newMember } = serviceFixture(ctx);
  const svc = (): ServiceContext => ({ db: db(), clock, messages: renderMessage });
  let seq = 0;
  const log = (m: Member, raw: Record<string, unknown>) => logCall(svc(), { workspaceId: WS, slackUserId: m.slack_user_id, viewId: `RW${++seq}`, raw: { category: 'stretch', outcome: 'conversation', ...raw } });

  it('counts the member\'s own calls over 30 days against the 30 before, with callbacks and who waits longest', async () => {
    clock.set(new Date('2026-11-25T12:00:00Z'));
    const m = await newMember('UTC');
    const other = await newMember('UTC');
    await log(m, { who: 'Grace', call_date: '2026-11-25', outcome: 'voicemail' });
    await log(m, { who: 'Lin', call_date: '2026-11-20', callback: true, opportunity: true });
    // A call from before the check-in's 14 days back: logged then.
    clock.set(new Date('2026-10-20T12:00:00Z'));
    await log(m, { who: 'Old Friend', call_date: '2026-10-20' });
    clock.set(new Date('2026-11-25T12:00:00Z'));
    await log(other, { who: 'Not mine', call_date: '2026-11-24', callback: true });
    const r = await memberReview(db(), clock, m);
    expect(r.figures.current).toEqual({ calls: 2, conversations: 1, voicemails: 1, callbacks: 1, opportunities: 1 });
    expect(r.figures.before).toMatchObject({ calls: 1 });
    expect(r.figures.calledBack).toEqual(['Lin']);
    expect(r.figures.overdue.map((o) => o.name)).toEqual(['Old Friend', 'Lin', 'Grace']);
    const text = JSON.stringify(renderMessage({ kind: 'review', ...r }));
    expect(text).not.toContain('Not mine');
  });

  it('sends the review every four weeks after joining, once, at the plan time; /calls review on demand', async () => {
    clock.set(new Date('2026-11-02T12:00:00Z')); // Monday, 2026-W45
    const m = await newMember('UTC');
    expect(isReviewWeek(m, '2026-W45')).toBe(false);
    expect(isReviewWeek(m, '2026-W48')).toBe(false);
    expect(isReviewWeek(m, '2026-W49')).toBe(true);
    clock.set(new Date('2026-11-30T08:59:00Z')); // Monday of W49, before 09:00
    expect(await sendDueReviews(svc(), WS)).toBe(0);
    clock.set(new Date('2026-11-30T09:00:00Z'));
    const sent = await Promise.all([sendDueReviews(svc(), WS), sendDueReviews(svc(), WS)]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    clock.set(new Date('2026-12-01T09:00:00Z'));
    expect(await sendDueReviews(svc(), WS)).toBe(0);
    expect(await requestReview(svc(), m, 'trigger-1')).toBe(true);
    expect(await requestReview(svc(), m, 'trigger-1')).toBe(false);
    const rows = await db().selectFrom('outbox').select(['dedupe_key', 'payload']).where('member_id', '=', m.id).where('kind', '=', 'review').orderBy('id').execute();
    expect(rows.map((r) => r.dedupe_key)).toEqual([`review:${m.id}:2026-W49`, `review-now:${m.id}:trigger-1`]);
    expect(JSON.stringify(rows[0]!.payload)).toContain('Your 30-day review');
  });
});
