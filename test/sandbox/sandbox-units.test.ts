// Pure parts of the sandbox: the page's mrkdwn renderer, shorthand modal values, the known schedule and
// its date helpers. (That nothing in src/sandbox imports the app is the lint rule's: test/lint.test.ts.)
import { describe, expect, it } from 'vitest';
import * as weeks from '../../src/domain/weeks.js';
import * as dates from '../../src/sandbox/dates.js';
import { mrkdwn, textObj } from '../../src/sandbox/public/mrkdwn.js';
import { submissionValues, ValuesError } from '../../src/sandbox/values.js';

const ctx = { me: 'U1', tz: 'UTC', userName: (id: string) => ({ U1: 'Ava Thompson', U2: 'Jonas Becker' })[id], channelName: (id: string) => ({ C1: 'five-calls' })[id] };

describe('mrkdwn', () => {
  it('renders bold, italic, strike and code', () => {
    expect(mrkdwn('*bold* _italic_ ~gone~ `x < y`', ctx)).toBe('<b>bold</b> <i>italic</i> <s>gone</s> <code>x &lt; y</code>');
    expect(mrkdwn('2*3*4 and snake_case_name', ctx)).toBe('2*3*4 and snake_case_name');
  });
  it('renders links, mentions as names, channels and broadcasts', () => {
    expect(mrkdwn('<https://example.com|the site> <@U2> <@U1> <#C1> <!here>', ctx)).toBe(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">the site</a> ' +
        '<span class="mention" data-user="U2">@Jonas Becker</span> <span class="mention self" data-user="U1">@Ava Thompson</span> ' +
        '<a class="mention channel" href="#" data-channel="C1">#five-calls</a> <span class="mention broadcast">@here</span>',
    );
  });
  it('turns emoji shortcodes into emoji and keeps unknown ones', () => {
    expect(mrkdwn(':tada: done :not_an_emoji:', ctx)).toContain('🎉');
    expect(mrkdwn(':not_an_emoji:', ctx)).toBe(':not_an_emoji:');
  });
  it('escapes HTML and never makes javascript: links', () => {
    expect(mrkdwn('<script>alert(1)</script> &lt;b&gt;', ctx)).not.toContain('<script>');
    expect(mrkdwn('&lt;b&gt;hi&lt;/b&gt;', ctx)).toBe('&lt;b&gt;hi&lt;/b&gt;');
    expect(mrkdwn('<javascript:alert(1)|click>', ctx)).not.toContain('href');
    expect(mrkdwn('<https://x.test/"onmouseover="a|x>', ctx)).toContain('&quot;onmouseover=&quot;');
  });
  it('renders quotes, code blocks and line breaks', () => {
    expect(mrkdwn('&gt; quoted\nplain', ctx)).toBe('<blockquote>quoted</blockquote>plain');
    expect(mrkdwn('```a *b*```', ctx)).toBe('<pre class="code-block">a *b*</pre>');
    expect(mrkdwn('one\ntwo', ctx)).toBe('one<br>two');
  });
  it('plain_text objects are escaped, with emoji', () => {
    expect(textObj({ type: 'plain_text', text: '*not bold* :wave:', emoji: true }, ctx)).toBe('*not bold* <span class="emoji" title=":wave:">👋</span>');
  });
});

describe('submission values', () => {
  const view = {
    state: { values: {} },
    blocks: [
      { type: 'input', block_id: 'who', element: { type: 'plain_text_input', action_id: 'who', initial_value: 'Dana' } },
      { type: 'input', block_id: 'outcome', element: { type: 'radio_buttons', action_id: 'outcome', options: [{ text: { type: 'plain_text', text: 'Conversation' }, value: 'conversation' }] } },
      { type: 'input', block_id: 'flags', element: { type: 'checkboxes', action_id: 'flags', options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }] } },
      { type: 'input', block_id: 'when', element: { type: 'datepicker', action_id: 'when', initial_date: '2026-11-24' } },
    ],
  };
  it('keeps initial values and turns shorthand into Slack shapes', () => {
    expect(submissionValues(view, { outcome: { outcome: 'conversation' }, flags: { flags: ['yes'] } })).toEqual({
      who: { who: { type: 'plain_text_input', value: 'Dana' } },
      outcome: { outcome: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'Conversation' }, value: 'conversation' } } },
      flags: { flags: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }] } },
      when: { when: { type: 'datepicker', selected_date: '2026-11-24' } },
    });
  });
  it('refuses unknown inputs, options and dates', () => {
    expect(() => submissionValues(view, { nope: { nope: 1 } })).toThrow(ValuesError);
    expect(() => submissionValues(view, { outcome: { outcome: 'maybe' } })).toThrow(/not one of/);
    expect(() => submissionValues(view, { when: { when: '24/11' } })).toThrow(/YYYY-MM-DD/);
  });
});

describe('sandbox date helpers', () => {
  const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Chatham'];
  it('agree with the app\'s week arithmetic, across DST changes and year ends', () => {
    const instants = [
      '2026-03-08T06:30:00Z', '2026-03-29T00:30:00Z', '2026-04-05T15:59:00Z', '2026-10-04T16:00:00Z',
      '2026-11-01T05:30:00Z', '2026-12-31T23:30:00Z', '2027-01-01T00:15:00Z', '2028-02-29T12:00:00Z',
    ].map((s) => new Date(s));
    for (const tz of zones) {
      expect(dates.isValidTimeZone(tz)).toBe(true);
      for (const at of instants) {
        const day = weeks.localDateOf(at, tz);
        expect(dates.localDateOf(at, tz)).toBe(day);
        expect(dates.isoWeekdayOfDate(day)).toBe(weeks.isoWeekdayOfDate(day));
        for (const n of [-400, -7, -1, 0, 1, 6, 7, 60]) {
          expect(dates.addDays(day, n)).toBe(weeks.addDays(day, n));
          expect(dates.daysBetween(day, weeks.addDays(day, n))).toBe(n);
        }
        for (const time of ['00:30', '09:00', '10:00', '15:00', '16:00', '16:30']) {
          expect(dates.instantAtDate(day, time, tz).toISOString()).toBe(weeks.instantAtDate(day, time, tz).toISOString());
        }
      }
    }
    expect(dates.isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(dates.isValidTimeZone('')).toBe(false);
  });
});
