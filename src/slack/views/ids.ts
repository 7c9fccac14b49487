/**
 * The contract between the Block Kit builders and the Slack listeners: callback ids of our modals,
 * action ids of our buttons, and block ids of our modal inputs. In every input block the element's
 * action id equals the block id, so `view.state.values[id][id]` reads a field.
 */
import type { CheckInField } from '../../domain/checkin.js';
import type { CircleSettingsField, MemberSettingsField } from '../../domain/settings.js';

/** `callback_id` of each modal. */
export const CALLBACK = {
  checkIn: 'checkin',
  addPeople: 'people_add',
  editPerson: 'person_edit',
  askForTime: 'ask_for_time',
  settings: 'settings',
  admin: 'admin',
  /** "Schedule": a day this week and a time for a call (private_metadata: contact id, name, category). */
  schedule: 'reminder_schedule',
  /** "Share my week": the soundboard brief (private_metadata: the pairing group id). */
  brief: 'brief',
  deleteMyData: 'delete_my_data',
} as const;

/** The delete-my-data modal's one input. */
export const DELETE_BLOCK = { confirm: 'confirm' } as const;

/**
 * Action ids of buttons.
 * - `openCheckIn`: opens the "Log a call" modal; the button's value is a category key, or '' for a
 *   plain "Log a call". When several such buttons share one actions block, each action id is
 *   `open_checkin:<category key>` (see {@link openCheckInActionId}); match with {@link OPEN_CHECK_IN_PATTERN}
 *   and read the value.
 * - `pairCheck.*`: the mid-week "Did you talk?" buttons; value = pairing group id as a string; match
 *   with {@link PAIR_CHECK_PATTERN}.
 */
export const ACTION = {
  openCheckIn: 'open_checkin',
  pauseNextWeek: 'pause_next_week',
  openSettings: 'open_settings',
  /** `/calls join` in another circle's channel: "Move to #x" (value: that channel's id) / "Stay in #y". */
  moveCircle: 'circle_move',
  stayInCircle: 'circle_stay',
  /**
   * "Schedule" on a suggestion, a call-list row or a reminder: value JSON
   * `{"contactId":number,"category":string}` (also `{"name":string,…}` from `/calls schedule <name>`).
   */
  reminderScheduleOpen: 'reminder_schedule_open',
  /** On a reminder DM: "Log it" / "Snooze a week" (value: the reminder id). */
  reminderLog: 'reminder_log',
  reminderSnooze: 'reminder_snooze',
  /** "Remind me in 2 days" on an unanswered call's confirmation (value: the call id). */
  remindAgain: 'reminder_retry',
  /** "Share my week" on the pair intro and the brief nudge (value: the pairing group id). */
  briefOpen: 'brief_open',
  /** People list: "Add people" (opens the modal), a page of the list (value: `<page>` or `a:<page>` for the archive). */
  peopleAdd: 'people_add',
  peoplePage: 'people_page',
  /** A person's overflow menu in the list; option values `<verb>:<contact id>` (log, edit, archive, restore, delete). */
  personMenu: 'person_menu',
  /** "Log it" on a suggestion or a person: opens the check-in with them; value JSON `{"contactId":n,"category":s}`. */
  logPerson: 'person_log',
  /** "Ask for a time" on a cold suggestion; value JSON `{"contactId":n,"category":s}`. */
  askForTime: 'ask_for_time_open',
  /** Delete, confirmed: value = contact id. */
  personDelete: 'person_delete',
  pairCheck: {
    yes: 'pair_check_yes',
    notYet: 'pair_check_not_yet',
    cant: 'pair_check_cant',
  },
} as const;

export const OPEN_CHECK_IN_PATTERN = /^open_checkin/;
export const PAIR_CHECK_PATTERN = /^pair_check_/;
export const PEOPLE_PAGE_PATTERN = /^people_page/;

/** Action id of a category's "log" button: `open_checkin:<key>` (or `open_checkin` without a key). */
export function openCheckInActionId(categoryKey?: string): string {
  return categoryKey ? `${ACTION.openCheckIn}:${categoryKey}` : ACTION.openCheckIn;
}

/** The answer a pair-check action id stands for, or `null` for another action id. */
export function pairCheckAnswer(actionId: string): 'yes' | 'not_yet' | 'cant' | null {
  switch (actionId) {
    case ACTION.pairCheck.yes:
      return 'yes';
    case ACTION.pairCheck.notYet:
      return 'not_yet';
    case ACTION.pairCheck.cant:
      return 'cant';
    default:
      return null;
  }
}

/** Block ids (= action ids) of the "Log a call" modal: the domain's check-in fields plus `who_user`. */
export const CHECK_IN_BLOCK = {
  who: 'who',
  /** external_select over the member's own people (options from the app's options endpoint): `c:<id>` or `n:<new name>`. */
  whoContact: 'who_contact',
  /** users_select: a workspace member, the alternative to typing `who`. */
  whoUser: 'who_user',
  category: 'category',
  outcome: 'outcome',
  minutes: 'minutes',
  callback: 'callback',
  opportunity: 'opportunity',
  followUp: 'follow_up',
  notes: 'notes',
  callDate: 'call_date',
} as const satisfies Record<string, CheckInField>;

/**
 * Block ids (= action ids) of the Settings modal, the domain's member settings fields:
 * tz_override (plain_text_input), nudge_enabled (checkboxes, option value 'yes'),
 * nudge_time (timepicker), lane (plain_text_input), board_visible (radio_buttons 'show' / 'hide').
 */
export const SETTINGS_BLOCK = {
  tzOverride: 'tz_override',
  nudgeEnabled: 'nudge_enabled',
  nudgeTime: 'nudge_time',
  lane: 'lane',
  boardVisible: 'board_visible',
  workStart: 'work_start',
  workEnd: 'work_end',
} as const satisfies Record<string, MemberSettingsField>;

/** Block ids (= action ids) of the Schedule modal: day (static_select of dates), time (timepicker), category (static_select, optional). */
export const SCHEDULE_BLOCK = {
  day: 'day',
  time: 'time',
  category: 'category',
} as const;

/** Block ids (= action ids) of the brief modal (multiline plain_text_input each). */
export const BRIEF_BLOCK = {
  workingOn: 'working_on',
  ideas: 'ideas',
  unsure: 'unsure',
} as const;

/**
 * Block ids (= action ids) of the circle admin modal, the domain's circle settings fields:
 * name (plain_text_input), playbook (static_select of keys), goal (plain_text_input),
 * plan_day / recap_day (static_select '1'..'7', Monday first), plan_time / recap_time (timepicker),
 * tz (plain_text_input), pairing_enabled (checkboxes, option value 'yes'),
 * team_threshold (plain_text_input, percent).
 */
export const ADMIN_BLOCK = {
  name: 'name',
  playbook: 'playbook',
  goal: 'goal',
  planDay: 'plan_day',
  planTime: 'plan_time',
  recapDay: 'recap_day',
  recapTime: 'recap_time',
  tz: 'tz',
  pairingEnabled: 'pairing_enabled',
  teamThreshold: 'team_threshold',
} as const satisfies Record<string, CircleSettingsField>;

/** Block ids (= action ids) of the "Add people" and "Edit person" modals (the domain's person fields). */
export const PERSON_BLOCK = {
  names: 'names',
  name: 'name',
  categories: 'categories',
  birthdayMonth: 'birthday_month',
  birthdayDay: 'birthday_day',
  howWeKnow: 'how_we_know',
  notes: 'notes',
} as const;

/** Block id (= action id) of the editable message in "Ask for a time". */
export const ASK_BLOCK = { message: 'ask_message' } as const;

/** What "Log it", "Ask for a time" and "Schedule" carry: the person and the category. */
export interface PersonRef {
  contactId: number;
  category: string;
}

export function personRefValue(ref: PersonRef): string {
  return JSON.stringify({ contactId: ref.contactId, category: ref.category });
}

/** A button value back as a person ref; null when it is not one. */
export function parsePersonRef(value: string | undefined | null): PersonRef | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const { contactId, category } = v as Record<string, unknown>;
    if (typeof contactId !== 'number' || !Number.isSafeInteger(contactId) || contactId <= 0) return null;
    return { contactId, category: typeof category === 'string' ? category : '' };
  } catch {
    return null;
  }
}

/** Value of the single option in our yes/no checkboxes. */
export const CHECKED = 'yes';
