import { describe, expect, it } from 'vitest';
import { OUTCOME_LABELS, OUTCOMES, validateCheckIn, type CheckInField, type RawCheckIn } from '../../src/domain/checkin.js';
import { getPlaybook, type Playbook } from '../../src/domain/playbooks.js';

const ctx = { playbook: getPlaybook('five-calls') as Playbook, today: '2026-11-25' };
const good: RawCheckIn = { who: '  Ada Lovelace ', category: 'stretch', outcome: 'conversation' };

describe('validateCheckIn: valid input', () => {
  it('fills defaults', () => {
    expect(validateCheckIn(good, ctx)).toEqual({
      ok: true,
      value: {
        who: 'Ada Lovelace',
        whoUserId: null,
        contactId: null,
        category: 'stretch',
        outcome: 'conversation',
        minutes: null,
        callback: false,
        opportunity: false,
        followUp: null,
        notes: null,
        callDate: '2026-11-25',
      },
    });
  });

  it.each<[string, RawCheckIn, Record<string, unknown>]>([
    ['a picked user instead of a name', { ...good, who: '', who_user_id: 'U123ABC' }, { who: null, whoUserId: 'U123ABC' }],
    ['both name and user', { ...good, who_user_id: 'W0ABC' }, { who: 'Ada Lovelace', whoUserId: 'W0ABC' }],
    ['80-character name', { ...good, who: 'a'.repeat(80) }, { who: 'a'.repeat(80) }],
    ['minutes as string', { ...good, minutes: ' 15 ' }, { minutes: 15 }],
    ['minutes as number', { ...good, minutes: 600 }, { minutes: 600 }],
    ['zero minutes', { ...good, minutes: '0' }, { minutes: 0 }],
    ['empty minutes', { ...good, minutes: '' }, { minutes: null }],
    ['flags as booleans', { ...good, callback: true, opportunity: false }, { callback: true, opportunity: false }],
    ['flags as strings', { ...good, callback: 'true', opportunity: 'TRUE' }, { callback: true, opportunity: true }],
    ['flags as null', { ...good, callback: null, opportunity: 'false' }, { callback: false, opportunity: false }],
    ['follow-up today', { ...good, follow_up: '2026-11-25' }, { followUp: '2026-11-25' }],
    ['follow-up a year ahead', { ...good, follow_up: '2027-11-25' }, { followUp: '2027-11-25' }],
    ['notes trimmed', { ...good, notes: '  line one\nline two\t ' }, { notes: 'line one\nline two' }],
    ['2,000-character notes', { ...good, notes: 'n'.repeat(2000) }, { notes: 'n'.repeat(2000) }],
    ['emoji notes counted by character', { ...good, notes: '😀'.repeat(2000) }, { notes: '😀'.repeat(2000) }],
    ['whitespace notes', { ...good, notes: '   ' }, { notes: null }],
    ['call date 14 days back', { ...good, call_date: '2026-11-11' }, { callDate: '2026-11-11' }],
    ['call date today', { ...good, call_date: '2026-11-25' }, { callDate: '2026-11-25' }],
    ['voicemail', { ...good, outcome: 'voicemail' }, { outcome: 'voicemail' }],
    ['no answer', { ...good, outcome: ' no_answer ' }, { outcome: 'no_answer' }],
  ])('accepts %s', (_name, raw, expected) => {
    const result = validateCheckIn(raw, ctx);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it('spans the year boundary for dates', () => {
    const r = validateCheckIn({ ...good, call_date: '2026-12-20', follow_up: '2027-12-31' }, { ...ctx, today: '2026-12-31' });
    expect(r.ok).toBe(true);
  });

  it('handles a leap-day today', () => {
    const leap = { ...ctx, today: '2028-02-29' };
    expect(validateCheckIn({ ...good, follow_up: '2029-02-28' }, leap).ok).toBe(true);
    expect(validateCheckIn({ ...good, follow_up: '2029-03-01' }, leap).ok).toBe(false);
  });
});

describe('validateCheckIn: the person picker', () => {
  it('takes one of your people by id, and it wins over a typed name', () => {
    const r = validateCheckIn({ ...good, who: 'Someone else', who_contact: 'c:42' }, ctx);
    expect(r).toMatchObject({ ok: true, value: { contactId: 42, who: null } });
  });
  it('takes a new name typed into the picker when no name is typed below', () => {
    expect(validateCheckIn({ ...good, who: '', who_contact: 'n:Dana Lee' }, ctx)).toMatchObject({ ok: true, value: { contactId: null, who: 'Dana Lee' } });
    expect(validateCheckIn({ ...good, who: 'Typed', who_contact: 'n:Dana Lee' }, ctx)).toMatchObject({ ok: true, value: { who: 'Typed' } });
  });
});

describe('validateCheckIn: errors', () => {
  it.each<[string, RawCheckIn, CheckInField, RegExp]>([
    ['missing who', { ...good, who: undefined }, 'who', /type their name/],
    ['blank who', { ...good, who: '   ' }, 'who', /type their name/],
    ['a malformed pick from your people', { ...good, who: '', who_contact: 'x:1' }, 'who_contact', /Pick someone from the list/],
    ['a contact id that is not a number', { ...good, who: '', who_contact: 'c:abc' }, 'who_contact', /Pick someone from the list/],
    ['81-character who', { ...good, who: 'a'.repeat(81) }, 'who', /80 characters/],
    ['control character in who', { ...good, who: 'Ada\u0007' }, 'who', /ordinary characters/],
    ['newline in who', { ...good, who: 'Ada\nLovelace' }, 'who', /ordinary characters/],
    ['bad user id (error on the picker)', { ...good, who: '', who_user_id: 'not-a-user' }, 'who_user', /Pick a person/],
    ['neither a name nor a person (error on the name)', { ...good, who: '', who_user_id: null }, 'who', /^Pick someone from your people, type their name, or pick them in Slack\.$/],
    ['missing category', { ...good, category: null }, 'category', /kind of call/],
    ['category from another playbook', { ...good, category: 'birthday' }, 'category', /from the list/],
    ['missing outcome', { ...good, outcome: '' }, 'outcome', /how the call went/],
    ['unknown outcome', { ...good, outcome: 'great' }, 'outcome', /conversation, left a voicemail, or no answer/],
    ['negative minutes', { ...good, minutes: '-5' }, 'minutes', /^Minutes must be a whole number from 0 to 600\.$/],
    ['fractional minutes', { ...good, minutes: '12.5' }, 'minutes', /whole number/],
    ['too many minutes', { ...good, minutes: '601' }, 'minutes', /0 to 600/],
    ['word minutes', { ...good, minutes: 'ten' }, 'minutes', /whole number/],
    ['numeric NaN minutes', { ...good, minutes: Number.NaN }, 'minutes', /whole number/],
    ['exponent minutes', { ...good, minutes: '1e2' }, 'minutes', /whole number/],
    ['odd callback', { ...good, callback: 'maybe' }, 'callback', /yes or no/],
    ['odd opportunity', { ...good, opportunity: 'sure' }, 'opportunity', /yes or no/],
    ['follow-up yesterday', { ...good, follow_up: '2026-11-24' }, 'follow_up', /past/],
    ['follow-up beyond a year', { ...good, follow_up: '2027-11-26' }, 'follow_up', /within the next year/],
    ['follow-up not a date', { ...good, follow_up: '2026-02-30' }, 'follow_up', /real date/],
    ['2,001-character notes', { ...good, notes: 'n'.repeat(2001) }, 'notes', /2,000 characters/],
    ['NUL in notes', { ...good, notes: 'a\u0000b' }, 'notes', /cannot be saved/],
    ['call tomorrow', { ...good, call_date: '2026-11-26' }, 'call_date', /future/],
    ['call 15 days back', { ...good, call_date: '2026-11-10' }, 'call_date', /last 14 days/],
    ['call date garbage', { ...good, call_date: '25/11/2026' }, 'call_date', /real date/],
  ])('rejects %s', (_name, raw, field, message) => {
    const result = validateCheckIn(raw, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors)).toEqual([field]);
      expect(result.errors[field]).toMatch(message);
    }
  });

  it('reports every bad field at once', () => {
    const result = validateCheckIn({ minutes: '700', call_date: '2030-01-01' }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['call_date', 'category', 'minutes', 'outcome', 'who']);
  });

  it('throws on a bad context date (a programming error)', () => {
    expect(() => validateCheckIn(good, { ...ctx, today: 'today' })).toThrow(RangeError);
  });
});

describe('OUTCOMES', () => {
  it('lists the three outcomes with labels', () => {
    expect(OUTCOMES.map((o) => o.value)).toEqual(['conversation', 'voicemail', 'no_answer']);
    for (const o of OUTCOMES) expect(OUTCOME_LABELS[o.value]).toBe(o.label);
  });
});
