/**
 * Check-in validation: turns the raw values of the "Log a call" modal into a `CheckIn`, or into
 * per-field error messages written for people (shown inline under the modal's blocks).
 *
 * The field names (`CheckInField`) are the modal's block ids. Raw values arrive as strings,
 * `undefined` or `null`; the two yes/no fields may also arrive as booleans or 'true' / 'false'.
 * Nothing is read from the clock: `ctx.today` is the member's local date.
 *
 * Rules:
 * - who: required, 1–80 characters after trimming, no control characters — unless `who_contact`
 *   (one of the member's people, or a new name typed into that picker) or `who_user_id` (a Slack user
 *   id picked from the workspace) is given, in which case typed text is optional. When all are missing
 *   the error is on `who` (type a name); a malformed user id's is on `who_user`, a malformed pick's on
 *   `who_contact`. A person picked from the list wins over a typed name.
 * - category: a key of the circle's playbook.
 * - outcome: conversation, voicemail or no_answer.
 * - minutes: optional whole number 0–600.
 * - callback, opportunity: yes/no, default no.
 * - follow_up: optional date, from today up to one year ahead.
 * - notes: optional, at most 2,000 characters, no control characters other than line breaks and tabs.
 * - call_date: defaults to today; not in the future and at most 14 days back.
 */
import type { Playbook } from './playbooks.js';
import { addDays, addYears, daysBetween, isLocalDate } from './weeks.js';

export type Outcome = 'conversation' | 'voicemail' | 'no_answer';

/** The outcomes in display order, with the labels the modal shows. */
export const OUTCOMES: readonly { readonly value: Outcome; readonly label: string }[] = Object.freeze([
  Object.freeze({ value: 'conversation', label: 'Conversation' }),
  Object.freeze({ value: 'voicemail', label: 'Left a voicemail' }),
  Object.freeze({ value: 'no_answer', label: 'No answer' }),
] as const);

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = Object.freeze({
  conversation: 'Conversation',
  voicemail: 'Left a voicemail',
  no_answer: 'No answer',
});

export function isOutcome(value: unknown): value is Outcome {
  return value === 'conversation' || value === 'voicemail' || value === 'no_answer';
}

/** The modal's block ids. */
export type CheckInField =
  | 'who'
  | 'who_contact'
  | 'who_user'
  | 'category'
  | 'outcome'
  | 'minutes'
  | 'callback'
  | 'opportunity'
  | 'follow_up'
  | 'notes'
  | 'call_date';

export const CHECK_IN_LIMITS = {
  whoMaxChars: 80,
  minutesMax: 600,
  notesMaxChars: 2000,
  callDateMaxDaysBack: 14,
  followUpMaxYearsAhead: 1,
} as const;

type RawText = string | null | undefined;
type RawFlag = boolean | string | null | undefined;

/** Values as they come out of the modal (or a command's text). */
export interface RawCheckIn {
  who?: RawText;
  /** A Slack user id chosen instead of typing a name. */
  who_user_id?: RawText;
  /** The person picker's value: `c:<contact id>` (one of the member's people) or `n:<new name>`. */
  who_contact?: RawText;
  category?: RawText;
  outcome?: RawText;
  minutes?: RawText | number;
  callback?: RawFlag;
  opportunity?: RawFlag;
  follow_up?: RawText;
  notes?: RawText;
  call_date?: RawText;
}

/** A valid check-in. Dates are member-local `YYYY-MM-DD`. */
export interface CheckIn {
  /** The typed name of the person called (trimmed), or `null` when only `whoUserId` was given. */
  who: string | null;
  /** Slack user id of the person called, when picked from the workspace. */
  whoUserId: string | null;
  /** The member's person picked from their list (the service checks it is theirs). */
  contactId: number | null;
  category: string;
  outcome: Outcome;
  minutes: number | null;
  callback: boolean;
  opportunity: boolean;
  followUp: string | null;
  notes: string | null;
  callDate: string;
}

export interface CheckInContext {
  playbook: Playbook;
  /** The member's local date, `YYYY-MM-DD`. */
  today: string;
}

export type CheckInResult =
  | { ok: true; value: CheckIn }
  | { ok: false; errors: Partial<Record<CheckInField, string>> };

// C0 and C1 control characters.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Control characters other than tab, line feed and carriage return.
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const WHOLE_NUMBER = /^\d+$/;

const chars = (s: string): number => [...s].length;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function flag(value: RawFlag): boolean | undefined {
  if (value === true || value === false) return value;
  if (value === null || value === undefined) return false;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return undefined;
}

/** Validates a raw check-in against the circle's playbook and the member's local date. */
export function validateCheckIn(raw: RawCheckIn, ctx: CheckInContext): CheckInResult {
  if (!isLocalDate(ctx.today)) throw new RangeError(`ctx.today must be YYYY-MM-DD, got ${JSON.stringify(ctx.today)}`);
  const errors: Partial<Record<CheckInField, string>> = {};
  const { today, playbook } = ctx;

  // who / who_user_id
  const whoUserIdText = text(raw.who_user_id);
  let whoUserId: string | null = null;
  if (whoUserIdText !== '') {
    if (SLACK_USER_ID.test(whoUserIdText)) whoUserId = whoUserIdText;
    else errors.who_user = 'Pick a person from the list, or type their name above.';
  }
  // who_contact: one of the member's people, or a new name typed into the picker
  const pick = text(raw.who_contact);
  let contactId: number | null = null;
  let pickedName = '';
  if (pick !== '') {
    const c = /^c:(\d{1,15})$/.exec(pick);
    const n = /^n:(.+)$/s.exec(pick);
    if (c && Number(c[1]) > 0) contactId = Number(c[1]);
    else if (n) pickedName = n[1]!.trim();
    else errors.who_contact = 'Pick someone from the list, or type their name below.';
  }
  const whoText = contactId !== null ? '' : text(raw.who) || pickedName;
  let who: string | null = null;
  if (whoText === '') {
    if (contactId === null && whoUserId === null && errors.who_user === undefined && errors.who_contact === undefined) errors.who = 'Pick someone from your people, type their name, or pick them in Slack.';
  } else if (CONTROL.test(whoText)) {
    errors.who = 'The name can only contain ordinary characters.';
  } else if (chars(whoText) > CHECK_IN_LIMITS.whoMaxChars) {
    errors.who = `Keep the name to ${CHECK_IN_LIMITS.whoMaxChars} characters or fewer.`;
  } else {
    who = whoText;
  }

  // category
  const category = text(raw.category);
  if (category === '') errors.category = 'Choose which kind of call this was.';
  else if (!playbook.categories.some((c) => c.key === category)) {
    errors.category = 'Choose one of the call types from the list.';
  }

  // outcome
  const outcomeText = text(raw.outcome);
  let outcome: Outcome = 'conversation';
  if (outcomeText === '') errors.outcome = 'Say how the call went.';
  else if (!isOutcome(outcomeText)) errors.outcome = 'Choose conversation, left a voicemail, or no answer.';
  else outcome = outcomeText;

  // minutes
  let minutes: number | null = null;
  const minutesMessage = `Minutes must be a whole number from 0 to ${CHECK_IN_LIMITS.minutesMax}.`;
  if (typeof raw.minutes === 'number') {
    if (Number.isInteger(raw.minutes) && raw.minutes >= 0 && raw.minutes <= CHECK_IN_LIMITS.minutesMax) minutes = raw.minutes;
    else errors.minutes = minutesMessage;
  } else {
    const m = text(raw.minutes);
    if (m !== '') {
      const n = WHOLE_NUMBER.test(m) ? Number(m) : NaN;
      if (Number.isInteger(n) && n <= CHECK_IN_LIMITS.minutesMax) minutes = n;
      else errors.minutes = minutesMessage;
    }
  }

  // yes / no
  const callback = flag(raw.callback);
  if (callback === undefined) errors.callback = 'Say yes or no: was this a callback?';
  const opportunity = flag(raw.opportunity);
  if (opportunity === undefined) errors.opportunity = 'Say yes or no: did this call open an opportunity?';

  // follow-up date
  let followUp: string | null = null;
  const f = text(raw.follow_up);
  if (f !== '') {
    if (!isLocalDate(f)) errors.follow_up = 'Pick a real date for the follow-up.';
    else if (daysBetween(today, f) < 0) errors.follow_up = 'The follow-up date cannot be in the past.';
    else if (f > addYears(today, CHECK_IN_LIMITS.followUpMaxYearsAhead)) {
      errors.follow_up = 'Pick a follow-up date within the next year.';
    } else followUp = f;
  }

  // notes
  let notes: string | null = null;
  const rawNotes = typeof raw.notes === 'string' ? raw.notes : '';
  if (rawNotes.trim() !== '') {
    if (chars(rawNotes.trim()) > CHECK_IN_LIMITS.notesMaxChars) {
      errors.notes = `Keep notes to ${CHECK_IN_LIMITS.notesMaxChars.toLocaleString('en-US')} characters or fewer.`;
    } else if (CONTROL_EXCEPT_WHITESPACE.test(rawNotes)) {
      errors.notes = 'Notes contain a character that cannot be saved. Try retyping them.';
    } else notes = rawNotes.trim();
  }

  // call date
  let callDate = today;
  const d = text(raw.call_date);
  if (d !== '') {
    if (!isLocalDate(d)) errors.call_date = 'Pick a real date for the call.';
    else if (daysBetween(today, d) > 0) errors.call_date = 'The call date cannot be in the future.';
    else if (d < addDays(today, -CHECK_IN_LIMITS.callDateMaxDaysBack)) {
      errors.call_date = `You can log calls from the last ${CHECK_IN_LIMITS.callDateMaxDaysBack} days only.`;
    } else callDate = d;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      who,
      whoUserId,
      contactId,
      category,
      outcome,
      minutes,
      callback: callback === true,
      opportunity: opportunity === true,
      followUp,
      notes,
      callDate,
    },
  };
}
