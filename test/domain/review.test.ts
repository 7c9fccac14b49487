// src/domain/review.ts: the 30-day review's figures.
import { describe, expect, it } from 'vitest';
import { reviewFigures, type ReviewCall } from '../../src/domain/review.js';

const call = (over: Partial<ReviewCall> & { call_date: string }): ReviewCall => ({ category: 'stretch', outcome: 'conversation', is_callback: false, opportunity: false, contact_name: 'Grace', ...over });

describe('reviewFigures', () => {
  it('counts the last 30 days (today included) against the 30 before', () => {
    const today = '2026-12-30';
    const f = reviewFigures({
      today,
      calls: [
        call({ call_date: '2026-12-30', outcome: 'voicemail' }),
        call({ call_date: '2026-12-01', is_callback: true, contact_name: 'Lin' }), // day 30 of 30
        call({ call_date: '2026-11-30', opportunity: true }), // the period before
        call({ call_date: '2026-11-01' }), // first day of the period before
        call({ call_date: '2026-10-31' }), // outside both
        call({ call_date: '2026-12-10', is_callback: true, contact_name: 'lin', opportunity: true }),
      ],
      plans: [
        { week: '2026-W50', categories: ['stretch', 'mentor', 'soundboard'] },
        { week: '2026-W51', categories: ['stretch', 'mentor'] },
      ],
      planCalls: [{ week: '2026-W50', category: 'stretch' }, { week: '2026-W51', category: 'stretch' }],
      contacts: [{ name: 'Zed', last_called_on: '2026-12-29' }, { name: 'Old', last_called_on: '2026-09-01' }, { name: 'Never', last_called_on: null }],
    });
    expect(f.period).toEqual({ start: '2026-12-01', end: '2026-12-30' });
    expect(f.previous).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(f.current).toEqual({ calls: 3, conversations: 2, voicemails: 1, callbacks: 2, opportunities: 1 });
    expect(f.before).toEqual({ calls: 2, conversations: 2, voicemails: 0, callbacks: 0, opportunities: 1 });
    expect(f.skipped).toEqual([{ category: 'mentor', weeks: 2 }, { category: 'soundboard', weeks: 1 }]);
    // Distinct people (case-insensitive), most recent first.
    expect(f.calledBack).toEqual(['lin']);
    expect(f.overdue).toEqual([{ name: 'Never', daysSince: null }, { name: 'Old', daysSince: 120 }, { name: 'Zed', daysSince: 1 }]);
  });
});
