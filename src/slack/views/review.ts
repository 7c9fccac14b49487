/**
 * The 30-day review DM: the last 30 days against the 30 before, the calls most often skipped, who
 * called back and who has waited longest. Private: it goes to the member alone (names included).
 */
import type { KnownBlock } from '@slack/types';
import type { ReviewTotals } from '../../domain/review.js';
import type { ReviewInput } from '../../services/messages.js';
import { context, dateSpan, esc, fallback, header, listJoin, plural, section, type SlackMessage } from './blocks.js';

const ROWS: [keyof ReviewTotals, string][] = [
  ['calls', 'Calls'],
  ['conversations', 'Conversations'],
  ['voicemails', 'Voicemails'],
  ['callbacks', 'Callbacks'],
  ['opportunities', 'Opportunities'],
];

/** "19 (30 days before: 12 :arrow_up:)". */
function figure(now: number, before: number): string {
  const arrow = now > before ? ' :arrow_up:' : now < before ? ' :arrow_down:' : '';
  return `${now} (30 days before: ${before}${arrow})`;
}

export function reviewMessage(r: ReviewInput): SlackMessage {
  const f = r.figures;
  const blocks: KnownBlock[] = [
    header(':bar_chart: Your 30-day review'),
    section(`${dateSpan(f.period.start, f.period.end)}, against the 30 days before (${dateSpan(f.previous.start, f.previous.end)}).`),
    {
      type: 'section',
      fields: ROWS.map(([key, label]) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${figure(f.current[key], f.before[key])}` })),
    },
  ];
  if (f.current.calls > 0) {
    const rate = Math.round((100 * f.current.conversations) / f.current.calls);
    blocks.push(context(`${rate}% of your calls became conversations.`));
  }
  blocks.push(
    section(
      f.skipped.length > 0
        ? `*Most often skipped*\n${f.skipped.map((s) => `• ${esc(r.categoryTitles[s.category] ?? s.category)}: ${plural(s.weeks, 'week')} without one`).join('\n')}`
        : '*Most often skipped*\nNothing: every planned call got made. :clap:',
    ),
    section(f.calledBack.length > 0 ? `*Called you back*\n${esc(listJoin(f.calledBack))}` : '*Called you back*\nNo callbacks logged in these 30 days.'),
    section(
      f.overdue.length > 0
        ? `*Waiting longest for a call*\n${f.overdue.map((o) => `• ${esc(o.name)}: ${o.daysSince === null ? 'never called' : `last call ${plural(o.daysSince, 'day')} ago`}`).join('\n')}`
        : '*Waiting longest for a call*\nNo people on your list yet.',
    ),
    context(r.scheduled ? 'Every four weeks, only to you. `/calls review` shows it any time.' : 'Only you see this. It also comes every four weeks.'),
  );
  return { text: fallback(`Your 30-day review: ${plural(f.current.calls, 'call')} (${f.before.calls} the 30 days before).`), blocks };
}
