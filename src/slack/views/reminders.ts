/**
 * Reminder DMs (a follow-up, a retry, a call scheduled ahead), the Schedule modal and the short replies
 * to "Remind me in 2 days", "Snooze a week" and a saved schedule. A reminder names the person and (for a
 * follow-up) the note's first line: it goes to the note's author alone. The notification text names
 * no one (it shows on lock screens).
 */
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import type { ScheduleField } from '../../domain/reminders.js';
import type { ReminderInput } from '../../services/messages.js';
import { LIMITS, actions, button, context, dayDate, esc, fallback, option, plain, section, type SlackMessage } from './blocks.js';
import { ACTION, CALLBACK, SCHEDULE_BLOCK } from './ids.js';
import { readText, type ViewStateValues } from './state.js';

const OUTCOME_PAST: Record<string, string> = { voicemail: 'you left a voicemail', no_answer: 'there was no answer', conversation: 'you talked' };

/** The value of a "Schedule" button (the contract with the call list and the suggestions). */
export function scheduleButtonValue(target: { contactId: number; category?: string | null } | { name: string; category?: string | null }): string {
  return JSON.stringify({ ...target, category: target.category ?? '' });
}

export function reminderMessage(r: ReminderInput): SlackMessage {
  const who = `*${esc(r.contactName)}*`;
  const what = r.categoryTitle ? ` (${esc(r.categoryTitle)})` : '';
  let head: string;
  let text: string;
  switch (r.reminderKind) {
    case 'follow_up':
      head = `:memo: Time to follow up with ${who}${what}.`;
      text = 'A follow-up you set is due today.';
      break;
    case 'retry':
      head = `:repeat: Try ${who} again${what}${r.earlierCall ? `: ${OUTCOME_PAST[r.earlierCall.outcome] ?? 'you called'} on ${dayDate(r.earlierCall.date)}` : ''}.`;
      text = 'Time to try that call again.';
      break;
    case 'scheduled':
      head = `:alarm_clock: Your call with ${who}${what} is now (${r.dueTime}).`;
      text = 'A call you scheduled is due.';
      break;
  }
  const blocks: KnownBlock[] = [section(head)];
  if (r.noteLine) blocks.push(section(`>${esc(r.noteLine)}`));
  if (r.reminderKind === 'follow_up' && r.earlierCall) blocks.push(context(`From your call on ${dayDate(r.earlierCall.date)}. Only you see this.`));
  else blocks.push(context('Only you see this.'));
  const value = String(r.reminderId);
  const target = r.contactId !== null ? { contactId: r.contactId, category: r.category } : { name: r.contactName, category: r.category };
  blocks.push(
    actions(
      [
        button('Log it', ACTION.reminderLog, value, 'primary'),
        button('Snooze a week', ACTION.reminderSnooze, value),
        button('Schedule', ACTION.reminderScheduleOpen, scheduleButtonValue(target)),
      ],
      'reminder_actions',
    ),
  );
  return { text: fallback(text), blocks };
}

/** What a reminder DM becomes once snoozed (or logged). */
export function reminderUpdated(args: { contactName: string; snoozedTo?: { date: string; time: string }; logged?: boolean }): SlackMessage {
  if (args.snoozedTo) {
    return { text: 'Snoozed a week.', blocks: [section(`:zzz: Snoozed: I'll remind you about *${esc(args.contactName)}* on ${dayDate(args.snoozedTo.date)} at ${args.snoozedTo.time}.`)] };
  }
  return { text: 'Logged.', blocks: [section(`:white_check_mark: Logging your call with *${esc(args.contactName)}*…`)] };
}

/** The reply to "Remind me in 2 days" and to a saved schedule. */
export function reminderSetMessage(args: { contactName: string; date: string; time: string; kind: 'retry' | 'scheduled' }): SlackMessage {
  const when = `${dayDate(args.date)} at ${args.time}`;
  const body = args.kind === 'retry' ? `:repeat: I'll remind you to try *${esc(args.contactName)}* again on ${when}.` : `:alarm_clock: Scheduled: your call with *${esc(args.contactName)}* on ${when}. I'll DM you then.`;
  return { text: fallback(args.kind === 'retry' ? 'Reminder set.' : 'Call scheduled.'), blocks: [section(body), context('Your time zone. Only you see this.')] };
}

export interface ScheduleModalInput {
  name: string;
  days: string[];
  today: string;
  /** Suggested time: the next full hour, `HH:MM`. */
  suggestedTime: string;
  categories: { key: string; title: string }[];
  category: string | null;
  privateMetadata: string;
}

function input(blockId: string, label: string, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label, 2000), element, ...extra };
}

export function scheduleModal(m: ScheduleModalInput): ModalView {
  if (m.privateMetadata.length > LIMITS.privateMetadata) throw new RangeError('privateMetadata too long');
  const dayOptions = m.days.slice(0, 7).map((d) => option(d === m.today ? `Today, ${dayDate(d)}` : dayDate(d), d));
  const categoryOptions = m.categories.slice(0, 100).map((c) => option(c.title, c.key));
  const initialCategory = categoryOptions.find((o) => o.value === m.category);
  return {
    type: 'modal',
    callback_id: CALLBACK.schedule,
    title: plain('Schedule a call', LIMITS.viewTitle),
    submit: plain('Schedule', LIMITS.viewTitle),
    close: plain('Cancel', LIMITS.viewTitle),
    private_metadata: m.privateMetadata,
    blocks: [
      section(`:alarm_clock: When will you call *${esc(m.name)}*? I'll DM you then, in your time zone.`),
      input(SCHEDULE_BLOCK.day, 'Day (this week)', { type: 'static_select', action_id: SCHEDULE_BLOCK.day, placeholder: plain('Pick a day'), options: dayOptions, ...(dayOptions[0] && m.days.length === 1 ? { initial_option: dayOptions[0] } : {}) }),
      input(SCHEDULE_BLOCK.time, 'Time', { type: 'timepicker', action_id: SCHEDULE_BLOCK.time, initial_time: m.suggestedTime }, { hint: plain('Your local time.') }),
      input(SCHEDULE_BLOCK.category, 'Which call is it?', { type: 'static_select', action_id: SCHEDULE_BLOCK.category, placeholder: plain('Choose a call type'), options: categoryOptions, ...(initialCategory ? { initial_option: initialCategory } : {}) }, { optional: true, hint: plain('Optional: "Log it" on the reminder fills it in.') }),
    ],
  } satisfies ModalView;
}

export function parseScheduleValues(values: ViewStateValues): { day: string | null; time: string | null; category: string | null } {
  return { day: readText(values, SCHEDULE_BLOCK.day), time: readText(values, SCHEDULE_BLOCK.time), category: readText(values, SCHEDULE_BLOCK.category) };
}

export function scheduleErrors(errors: Partial<Record<ScheduleField, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  if (errors.day) out[SCHEDULE_BLOCK.day] = errors.day;
  if (errors.time) out[SCHEDULE_BLOCK.time] = errors.time;
  return out;
}
