// The reminder DM, the Schedule modal, the brief modal and messages, and the review: within Block Kit's
// limits at their extremes, escaping what members typed, and saying what they should.
import { describe, expect, it } from 'vitest';
import { reviewFigures } from '../../../src/domain/review.js';
import { briefModal, briefNudgeMessage, briefProposalMessage, briefSharedMessage, midweekProposalLine } from '../../../src/slack/views/briefs.js';
import { checkInConfirmation } from '../../../src/slack/views/confirmations.js';
import { reminderMessage, scheduleButtonValue, scheduleModal } from '../../../src/slack/views/reminders.js';
import { reviewMessage } from '../../../src/slack/views/review.js';
import { expectMessageWithinLimits, expectViewWithinLimits } from './limits.js';

const long = (n: number, c = 'x') => c.repeat(n);

describe('reminder views', () => {
  it('a follow-up names the person and the note line, escaped, with three buttons', () => {
    const m = reminderMessage({
      reminderId: 7, reminderKind: 'follow_up', contactId: 3, contactName: '<@U1> & co', category: 'stretch', categoryTitle: 'Someone who stretches you',
      noteLine: '<!channel> ask about pricing', earlierCall: { date: '2026-11-25', outcome: 'conversation' }, dueOn: '2026-11-27', dueTime: '09:00',
    });
    expectMessageWithinLimits(m);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('&lt;@U1&gt; &amp; co');
    expect(text).toContain('&lt;!channel&gt; ask about pricing');
    expect(m.text).not.toContain('U1');
    expect(text).toContain(JSON.stringify(scheduleButtonValue({ contactId: 3, category: 'stretch' })).slice(1, -1));
    for (const id of ['reminder_log', 'reminder_snooze', 'reminder_schedule_open']) expect(text).toContain(id);
  });

  it('the Schedule modal holds the week\'s days and an optional call type, within limits', () => {
    const view = scheduleModal({
      name: long(80), days: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'], today: '2026-11-23',
      suggestedTime: '10:00', categories: [{ key: 'stretch', title: long(60) }], category: 'stretch', privateMetadata: JSON.stringify({ contactId: 1, name: long(80), category: 'stretch' }),
    });
    expectViewWithinLimits(view);
    const blocks = view.blocks as { block_id?: string; optional?: boolean }[];
    expect(blocks.find((b) => b.block_id === 'category')?.optional).toBe(true);
    expect(blocks.find((b) => b.block_id === 'day')?.optional).toBeFalsy();
    expect(JSON.stringify(view.blocks)).toContain('Today, Mon 23 Nov');
  });

  it('an unanswered call\'s confirmation offers "Remind me in 2 days"; a conversation does not', () => {
    const base = { categoryTitle: 'Stretch', logged: 1, goal: 5, streak: 0, callId: 9 };
    expect(JSON.stringify(checkInConfirmation({ ...base, outcome: 'voicemail' }).blocks)).toContain('reminder_retry');
    expect(JSON.stringify(checkInConfirmation({ ...base, outcome: 'conversation' }).blocks)).not.toContain('reminder_retry');
  });
});

describe('brief views', () => {
  it('the modal: two required fields and an optional one, prefilled with what was shared', () => {
    const view = briefModal({ groupId: 4, previous: { workingOn: long(1000), ideas: 'b', unsure: null } });
    expectViewWithinLimits(view);
    const inputs = view.blocks.filter((b) => b.type === 'input') as { block_id: string; optional?: boolean }[];
    expect(inputs.map((b) => [b.block_id, b.optional])).toEqual([['working_on', false], ['ideas', false], ['unsure', true]]);
  });

  it('a shared brief, a proposal and a nudge stay within limits, escaped', () => {
    const shared = briefSharedMessage({ groupId: 1, slackUserId: 'U1', workingOn: `${long(990)}\n<b>`, ideas: long(1000), unsure: long(1000), version: 2, waitingFor: ['U2', 'U3'] });
    expectMessageWithinLimits(shared);
    expect(JSON.stringify(shared.blocks)).toContain('&lt;b&gt;');
    expect(JSON.stringify(shared.blocks)).toContain('updated their week');
    const people = [{ slackUserId: 'U1', date: '2026-11-23', time: '09:00', city: 'New York' }, { slackUserId: 'U2', date: '2026-11-23', time: '15:00', city: 'Berlin' }];
    const proposal = briefProposalMessage({ groupId: 1, overlap: false, at: '2026-11-23T14:00:00Z', people });
    expectMessageWithinLimits(proposal);
    expect(JSON.stringify(proposal.blocks)).toContain("don't overlap");
    expectMessageWithinLimits(briefNudgeMessage({ groupId: 1, partners: ['U2'], shared: [] }));
    expect(midweekProposalLine({ overlap: true, at: '', people })).toBe(':calendar: The proposed call time: <@U1> Mon 23 Nov, 09:00 · <@U2> Mon 23 Nov, 15:00.');
  });
});

describe('review view', () => {
  it('compares the two periods and lists names, escaped, within limits', () => {
    const figures = reviewFigures({
      today: '2026-11-25',
      calls: Array.from({ length: 40 }, (_, i) => ({ call_date: `2026-11-${String((i % 25) + 1).padStart(2, '0')}`, category: 'stretch', outcome: 'conversation' as const, is_callback: true, opportunity: false, contact_name: `${long(70)}<${i}>` })),
      plans: [],
      planCalls: [],
      contacts: Array.from({ length: 5 }, (_, i) => ({ name: `${long(75)}${i}`, last_called_on: null })),
    });
    const m = reviewMessage({ figures, categoryTitles: {}, scheduled: true });
    expectMessageWithinLimits(m);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('&lt;24&gt;');
    expect(text).not.toMatch(/x<\d/);
    expect(text).toContain('never called');
    expect(text).toContain('Every four weeks');
  });
});
