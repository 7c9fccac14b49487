/**
 * The "Log a call" modal, reading its submission, and turning domain errors into inline errors.
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { cutUtf16 } from './blocks.js';
import { CHECK_IN_LIMITS, OUTCOMES, type CheckInField, type RawCheckIn } from '../../domain/checkin.js';
import type { Playbook } from '../../domain/playbooks.js';
import { LIMITS, context, option, plain, section } from './blocks.js';
import { CALLBACK, CHECK_IN_BLOCK, CHECKED } from './ids.js';
import { readChecked, readText, type ViewStateValues } from './state.js';

export interface CheckInModalInput {
  playbook: Playbook;
  /** The member's local date, `YYYY-MM-DD`: the call date's initial value. */
  today: string;
  /** A name to prefill (from `/calls log <name>`). */
  who?: string;
  /** A Slack user id to preselect in the person picker (from `/calls log @someone`). */
  whoUser?: string;
  /** One of the member's people to preselect in "Your people" (from a suggestion's or the list's "Log it"). */
  contact?: { id: number; name: string };
  /** A category key to preselect (from a category button). */
  category?: string;
  /** Passed through untouched (e.g. the channel to confirm in); at most 3,000 characters. */
  privateMetadata?: string;
}

const WHO_QUESTION = 'Who did you call?';
const WHO_NEEDS = 'Pick them from your people, type their name, or pick them in Slack: one is needed.';

/** The person picker's option value for one of the member's people / for a new name typed into it. */
export const contactOptionValue = (id: number): string => `c:${id}`;
export const newNameOptionValue = (name: string): string => `n:${name}`;
/** The longest new name the picker can carry (an option value is at most 75 characters). */
export const NEW_NAME_IN_PICKER_MAX = LIMITS.optionValue - 2;
/** The section that asks "Who did you call?" above the name and the person picker. */
export const WHO_SECTION_BLOCK = 'who_question';

function input(blockId: string, label: string, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label, 2000), element, ...extra };
}

export function checkInModal(args: CheckInModalInput): ModalView {
  const { playbook, today } = args;
  if (args.privateMetadata !== undefined && args.privateMetadata.length > LIMITS.privateMetadata) {
    throw new RangeError(`privateMetadata is longer than ${LIMITS.privateMetadata} characters`);
  }
  const categoryOptions: PlainTextOption[] = playbook.categories.slice(0, 100).map((c) => option(c.title, c.key));
  const initialCategory = categoryOptions.find((o) => o.value === args.category);
  const who = args.who?.trim();

  // Either of the two "who" inputs will do, so Slack marks each optional; the section above them and
  // their hints say that one of the two is needed (a submit with neither gets an inline error on the name).
  const blocks: KnownBlock[] = [
    section(`*${WHO_QUESTION}*\n${WHO_NEEDS}`, { block_id: WHO_SECTION_BLOCK }),
    input(
      CHECK_IN_BLOCK.whoContact,
      'Your people',
      {
        type: 'external_select',
        action_id: CHECK_IN_BLOCK.whoContact,
        placeholder: plain('Search your people, or type a new name'),
        min_query_length: 0,
        ...(args.contact ? { initial_option: option(args.contact.name, contactOptionValue(args.contact.id)) } : {}),
      },
      { optional: true, hint: plain('Only you see your list. A new name is added to it.') },
    ),
    input(
      CHECK_IN_BLOCK.who,
      'Or type their name',
      {
        type: 'plain_text_input',
        action_id: CHECK_IN_BLOCK.who,
        max_length: CHECK_IN_LIMITS.whoMaxChars,
        placeholder: plain('Type their name'),
        ...(who ? { initial_value: [...who].slice(0, CHECK_IN_LIMITS.whoMaxChars).join('') } : {}),
      },
      { optional: true, hint: plain('Needed unless you pick them above or in Slack below.') },
    ),
    input(
      CHECK_IN_BLOCK.whoUser,
      'Or pick them in Slack',
      {
        type: 'users_select',
        action_id: CHECK_IN_BLOCK.whoUser,
        placeholder: plain('Choose a person'),
        ...(args.whoUser ? { initial_user: args.whoUser } : {}),
      },
      { optional: true, hint: plain('Needed unless you pick them from your people or type their name above.') },
    ),
    input(CHECK_IN_BLOCK.category, 'Which call was it?', {
      type: 'static_select',
      action_id: CHECK_IN_BLOCK.category,
      placeholder: plain('Choose a call type'),
      options: categoryOptions,
      ...(initialCategory ? { initial_option: initialCategory } : {}),
    }),
    input(CHECK_IN_BLOCK.outcome, 'How did it go?', {
      type: 'radio_buttons',
      action_id: CHECK_IN_BLOCK.outcome,
      options: OUTCOMES.map((o) => option(o.label, o.value)),
    }),
    input(
      CHECK_IN_BLOCK.minutes,
      'Minutes',
      { type: 'plain_text_input', action_id: CHECK_IN_BLOCK.minutes, placeholder: plain('e.g. 15') },
      { optional: true },
    ),
    input(
      CHECK_IN_BLOCK.callback,
      'Callback',
      {
        type: 'checkboxes',
        action_id: CHECK_IN_BLOCK.callback,
        options: [option('This was a callback (they called me back)', CHECKED)],
      },
      { optional: true },
    ),
    input(
      CHECK_IN_BLOCK.opportunity,
      'Opportunity',
      {
        type: 'checkboxes',
        action_id: CHECK_IN_BLOCK.opportunity,
        options: [option('It opened an opportunity', CHECKED)],
      },
      { optional: true },
    ),
    input(
      CHECK_IN_BLOCK.followUp,
      'Follow up on',
      { type: 'datepicker', action_id: CHECK_IN_BLOCK.followUp, placeholder: plain('Pick a date') },
      { optional: true, hint: plain("I will DM you that day at your plan time, naming them and your note's first line (only to you).") },
    ),
    input(
      CHECK_IN_BLOCK.callDate,
      'Call date',
      { type: 'datepicker', action_id: CHECK_IN_BLOCK.callDate, initial_date: today },
      { optional: true, hint: plain(`Today unless you pick another day (up to ${CHECK_IN_LIMITS.callDateMaxDaysBack} days back).`) },
    ),
    input(
      CHECK_IN_BLOCK.notes,
      'Notes',
      {
        type: 'plain_text_input',
        action_id: CHECK_IN_BLOCK.notes,
        multiline: true,
        max_length: CHECK_IN_LIMITS.notesMaxChars,
        placeholder: plain('What you talked about, what to remember'),
      },
      { optional: true, hint: plain('Private: only you see this') },
    ),
    context(':lock: Names and notes stay with you. Your circle only sees counts.'),
  ];

  return {
    type: 'modal',
    callback_id: CALLBACK.checkIn,
    title: plain('Log a call', LIMITS.viewTitle),
    submit: plain('Save', LIMITS.viewTitle),
    close: plain('Cancel', LIMITS.viewTitle),
    ...(args.privateMetadata !== undefined ? { private_metadata: args.privateMetadata } : {}),
    blocks,
  } satisfies ModalView;
}

/** The modal's submitted values as the domain's raw check-in (validate with `validateCheckIn`). */
export function parseCheckInValues(values: ViewStateValues): RawCheckIn {
  return {
    who: readText(values, CHECK_IN_BLOCK.who),
    who_user_id: readText(values, CHECK_IN_BLOCK.whoUser),
    who_contact: readText(values, CHECK_IN_BLOCK.whoContact),
    category: readText(values, CHECK_IN_BLOCK.category),
    outcome: readText(values, CHECK_IN_BLOCK.outcome),
    minutes: readText(values, CHECK_IN_BLOCK.minutes),
    callback: readChecked(values, CHECK_IN_BLOCK.callback, CHECKED),
    opportunity: readChecked(values, CHECK_IN_BLOCK.opportunity, CHECKED),
    follow_up: readText(values, CHECK_IN_BLOCK.followUp),
    notes: readText(values, CHECK_IN_BLOCK.notes),
    call_date: readText(values, CHECK_IN_BLOCK.callDate),
  };
}

/** Domain field errors as `response_action: 'errors'` errors, keyed by block id. */
export function checkInErrors(errors: Partial<Record<CheckInField, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (typeof message === 'string' && message !== '') out[field] = message;
  }
  return out;
}

/** What the options endpoint answers: `option_groups` ("Your people", "Someone new"), or `options: []`. */
export function whoContactOptionsAnswer(
  people: readonly { id: number; name: string }[],
  query: string,
): { options: PlainTextOption[] } | { option_groups: { label: { type: 'plain_text'; text: string }; options: PlainTextOption[] }[] } {
  const q = query.replace(/\s+/g, ' ').trim();
  const mine = people.slice(0, LIMITS.suggestionOptions - 1).map((p) => option(p.name, contactOptionValue(p.id)));
  const exact = people.some((p) => p.name.toLowerCase() === q.toLowerCase());
  const fresh = q !== '' && !exact && [...q].length <= CHECK_IN_LIMITS.whoMaxChars && q.length <= NEW_NAME_IN_PICKER_MAX ? [option(`Add "${q}"`, newNameOptionValue(cutUtf16(q, NEW_NAME_IN_PICKER_MAX)))] : [];
  const groups = [
    ...(mine.length > 0 ? [{ label: plain('Your people', LIMITS.optionGroupLabel) as { type: 'plain_text'; text: string }, options: mine }] : []),
    ...(fresh.length > 0 ? [{ label: plain('Someone new', LIMITS.optionGroupLabel) as { type: 'plain_text'; text: string }, options: fresh }] : []),
  ];
  return groups.length > 0 ? { option_groups: groups } : { options: [] };
}
