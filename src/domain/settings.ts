/**
 * Settings validation: a member's own settings (the Settings modal) and a circle's settings (the
 * admin modal). Raw values arrive as strings, booleans, `null` or `undefined` (as read from a
 * modal); the result is either clean values or per-field messages written for people, keyed by the
 * modal's block ids (`MemberSettingsField`, `CircleSettingsField`).
 *
 * Member rules:
 * - tz_override: empty (use the Slack profile's zone) or an IANA zone name such as `Europe/Berlin`.
 * - nudge_enabled: yes/no, default no.
 * - nudge_time: `HH:MM` (24-hour); required when the nudge is on, default 09:00 otherwise.
 * - lane: optional, at most 80 characters, no control characters.
 * - board_visible: 'show' / 'hide' (or a boolean), default show.
 * - work_start, work_end: working hours `HH:MM` (empty: 09:00 and 18:00), the end an hour or more after
 *   the start; the soundboard call is proposed inside them.
 *
 * Circle rules:
 * - name: optional, at most 80 characters, no control characters.
 * - playbook: a known playbook key.
 * - goal: whole number 1–20.
 * - plan_day: ISO weekday 1 (Monday) to 3 (Wednesday): a plan later in the week leaves no room for
 *   the week's calls, and the Thursday mid-week check would come before or with the pair intro.
 * - recap_day: ISO weekday 1 (Monday) to 7 (Sunday).
 * - plan_time, recap_time: `HH:MM`.
 * - tz: an IANA zone name.
 * - pairing_enabled: yes/no.
 * - team_threshold: whole number 1–100 (percent).
 */
import { getPlaybook } from './playbooks.js';
import { DEFAULT_WORK_HOURS, validateWorkHours } from './briefs.js';
import { isHHMM, isValidTimeZone } from './weeks.js';

export type MemberSettingsField = 'tz_override' | 'nudge_enabled' | 'nudge_time' | 'lane' | 'board_visible' | 'work_start' | 'work_end';

export type CircleSettingsField =
  | 'name'
  | 'playbook'
  | 'goal'
  | 'plan_day'
  | 'plan_time'
  | 'recap_day'
  | 'recap_time'
  | 'tz'
  | 'pairing_enabled'
  | 'team_threshold';

export const SETTINGS_LIMITS = {
  laneMaxChars: 80,
  circleNameMaxChars: 80,
  goalMin: 1,
  goalMax: 20,
  thresholdMin: 1,
  thresholdMax: 100,
  /** The last ISO weekday plans and pairings may go out on (Wednesday). */
  planDayMax: 3,
  defaultNudgeTime: '09:00',
} as const;

const PLAN_DAY_MESSAGE = 'Plans go out Monday to Wednesday, so the week has room for five calls.';

type RawText = string | null | undefined;
type RawFlag = boolean | string | null | undefined;
type RawNumber = number | string | null | undefined;

export interface RawMemberSettings {
  tz_override?: RawText;
  nudge_enabled?: RawFlag;
  nudge_time?: RawText;
  lane?: RawText;
  /** 'show' or 'hide' (as the radio buttons send), or a boolean. */
  board_visible?: RawFlag;
  work_start?: RawText;
  work_end?: RawText;
}

export interface MemberSettings {
  /** `null`: use the zone from the member's Slack profile. */
  tzOverride: string | null;
  nudgeEnabled: boolean;
  nudgeTime: string;
  lane: string | null;
  boardVisible: boolean;
  workStart: string;
  workEnd: string;
}

export interface RawCircleSettings {
  name?: RawText;
  playbook?: RawText;
  goal?: RawNumber;
  plan_day?: RawNumber;
  plan_time?: RawText;
  recap_day?: RawNumber;
  recap_time?: RawText;
  tz?: RawText;
  pairing_enabled?: RawFlag;
  team_threshold?: RawNumber;
}

export interface CircleSettings {
  name: string | null;
  playbook: string;
  goal: number;
  planDay: number;
  planTime: string;
  recapDay: number;
  recapTime: string;
  tz: string;
  pairingEnabled: boolean;
  teamThreshold: number;
}

export type SettingsResult<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const WHOLE_NUMBER = /^\d+$/;

const chars = (s: string): number => [...s].length;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function flag(value: RawFlag, yes: readonly string[], no: readonly string[], fallback: boolean): boolean | undefined {
  if (value === true || value === false) return value;
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === '') return fallback;
  if (yes.includes(v)) return true;
  if (no.includes(v)) return false;
  return undefined;
}

/** A whole number within [min, max], `null` when empty, `undefined` when invalid. */
function wholeNumber(value: RawNumber, min: number, max: number): number | null | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else {
    const t = text(value);
    if (t === '') return null;
    n = WHOLE_NUMBER.test(t) ? Number(t) : NaN;
  }
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

function freeText(value: RawText, max: number, what: string): { value: string | null } | { error: string } {
  const t = text(value);
  if (t === '') return { value: null };
  if (CONTROL.test(t)) return { error: `${what} can only contain ordinary characters.` };
  if (chars(t) > max) return { error: `Keep ${what.toLowerCase()} to ${max} characters or fewer.` };
  return { value: t };
}

const ZONE_MESSAGE = 'Use a time zone name like Europe/Berlin or America/New_York.';

/** Validates a member's settings (the Settings modal). */
export function validateMemberSettings(raw: RawMemberSettings): SettingsResult<MemberSettings, MemberSettingsField> {
  const errors: Partial<Record<MemberSettingsField, string>> = {};

  let tzOverride: string | null = null;
  const tz = text(raw.tz_override);
  if (tz !== '') {
    if (isValidTimeZone(tz)) tzOverride = tz;
    else errors.tz_override = `${ZONE_MESSAGE} Leave it empty to use your Slack time zone.`;
  }

  const nudgeEnabled = flag(raw.nudge_enabled, ['true', 'yes', 'on'], ['false', 'no', 'off'], false);
  if (nudgeEnabled === undefined) errors.nudge_enabled = 'Say yes or no: do you want a weekday nudge?';

  let nudgeTime: string = SETTINGS_LIMITS.defaultNudgeTime;
  const time = text(raw.nudge_time);
  if (time === '') {
    if (nudgeEnabled === true) errors.nudge_time = 'Pick a time for your nudge.';
  } else if (!isHHMM(time)) errors.nudge_time = 'Pick a time like 09:30 (24-hour clock).';
  else nudgeTime = time;

  let lane: string | null = null;
  const laneResult = freeText(raw.lane, SETTINGS_LIMITS.laneMaxChars, 'Your lane');
  if ('error' in laneResult) errors.lane = laneResult.error;
  else lane = laneResult.value;

  const boardVisible = flag(raw.board_visible, ['show', 'true', 'yes'], ['hide', 'false', 'no'], true);
  if (boardVisible === undefined) errors.board_visible = 'Choose whether to show or hide your name on boards.';

  const workStart = text(raw.work_start) || DEFAULT_WORK_HOURS.start;
  const workEnd = text(raw.work_end) || DEFAULT_WORK_HOURS.end;
  Object.assign(errors, validateWorkHours(workStart, workEnd));

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { tzOverride, nudgeEnabled: nudgeEnabled === true, nudgeTime, lane, boardVisible: boardVisible !== false, workStart, workEnd },
  };
}

/** Validates a circle's settings (the admin modal). */
export function validateCircleSettings(raw: RawCircleSettings): SettingsResult<CircleSettings, CircleSettingsField> {
  const errors: Partial<Record<CircleSettingsField, string>> = {};

  let name: string | null = null;
  const nameResult = freeText(raw.name, SETTINGS_LIMITS.circleNameMaxChars, 'The circle name');
  if ('error' in nameResult) errors.name = nameResult.error;
  else name = nameResult.value;

  const playbook = text(raw.playbook);
  if (playbook === '') errors.playbook = 'Choose a playbook.';
  else if (getPlaybook(playbook) === undefined) errors.playbook = 'Choose one of the playbooks from the list.';

  const goal = wholeNumber(raw.goal, SETTINGS_LIMITS.goalMin, SETTINGS_LIMITS.goalMax);
  if (goal === null) errors.goal = 'Set a weekly goal: how many calls each member aims for.';
  else if (goal === undefined) {
    errors.goal = `The weekly goal must be a whole number from ${SETTINGS_LIMITS.goalMin} to ${SETTINGS_LIMITS.goalMax}.`;
  }

  const day = (value: RawNumber, field: 'plan_day' | 'recap_day', what: string, max: number, outOfRange: string): number => {
    const d = wholeNumber(value, 1, max);
    if (d === null) errors[field] = `Choose the day for ${what}.`;
    else if (d === undefined) errors[field] = outOfRange;
    return d ?? 1;
  };
  const clock = (value: RawText, field: 'plan_time' | 'recap_time', what: string): string => {
    const t = text(value);
    if (t === '') errors[field] = `Pick a time for ${what}.`;
    else if (!isHHMM(t)) errors[field] = 'Pick a time like 09:00 (24-hour clock).';
    return t;
  };
  const planDay = day(raw.plan_day, 'plan_day', 'the weekly plan', SETTINGS_LIMITS.planDayMax, PLAN_DAY_MESSAGE);
  const planTime = clock(raw.plan_time, 'plan_time', 'the weekly plan');
  const recapDay = day(raw.recap_day, 'recap_day', 'the recap', 7, 'Choose a day from Monday to Sunday.');
  const recapTime = clock(raw.recap_time, 'recap_time', 'the recap');

  const tz = text(raw.tz);
  if (tz === '') errors.tz = `Set the circle's time zone. ${ZONE_MESSAGE}`;
  else if (!isValidTimeZone(tz)) errors.tz = ZONE_MESSAGE;

  const pairingEnabled = flag(raw.pairing_enabled, ['true', 'yes', 'on'], ['false', 'no', 'off'], false);
  if (pairingEnabled === undefined) errors.pairing_enabled = 'Say yes or no: pair members each week?';

  const threshold = wholeNumber(raw.team_threshold, SETTINGS_LIMITS.thresholdMin, SETTINGS_LIMITS.thresholdMax);
  if (threshold === null) errors.team_threshold = 'Set the share of members who must finish for the team streak.';
  else if (threshold === undefined) {
    errors.team_threshold = `The team threshold must be a whole percentage from ${SETTINGS_LIMITS.thresholdMin} to ${SETTINGS_LIMITS.thresholdMax}.`;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      playbook,
      goal: goal as number,
      planDay,
      planTime,
      recapDay,
      recapTime,
      tz,
      pairingEnabled: pairingEnabled === true,
      teamThreshold: threshold as number,
    },
  };
}
