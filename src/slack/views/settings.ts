/**
 * The member Settings modal and the circle admin modal, and reading their submissions into the
 * domain's raw settings (validate with `validateMemberSettings` / `validateCircleSettings`; field
 * errors are keyed by block id, so they go straight into `response_action: 'errors'`).
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  SETTINGS_LIMITS,
  type CircleSettings,
  type CircleSettingsField,
  type MemberSettingsField,
  type RawCircleSettings,
  type RawMemberSettings,
} from '../../domain/settings.js';
import { DEFAULT_WORK_HOURS } from '../../domain/briefs.js';
import { DAY_NAMES, LIMITS, context, esc, option, plain, section } from './blocks.js';
import { ADMIN_BLOCK, CALLBACK, CHECKED, SETTINGS_BLOCK } from './ids.js';
import { readChecked, readText, type ViewStateValues } from './state.js';

export interface SettingsModalMember {
  tzOverride: string | null;
  /** The zone from the member's Slack profile. */
  slackTz: string;
  nudgeEnabled: boolean;
  /** `HH:MM`. */
  nudgeTime: string;
  lane: string | null;
  boardVisible: boolean;
  /** Working hours, `HH:MM` local (absent: 09:00–18:00). */
  workStart?: string;
  workEnd?: string;
}

export interface SettingsModalInput {
  member: SettingsModalMember;
  /** A few zone names to suggest in the hint (e.g. the circle's zone, teammates' zones). */
  timeZones?: string[];
  privateMetadata?: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function input(blockId: string, label: string, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label, 2000), element, ...extra };
}

function modal(callbackId: string, title: string, blocks: KnownBlock[], privateMetadata?: string): ModalView {
  if (privateMetadata !== undefined && privateMetadata.length > LIMITS.privateMetadata) {
    throw new RangeError(`privateMetadata is longer than ${LIMITS.privateMetadata} characters`);
  }
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, LIMITS.viewTitle),
    submit: plain('Save', LIMITS.viewTitle),
    close: plain('Cancel', LIMITS.viewTitle),
    ...(privateMetadata !== undefined ? { private_metadata: privateMetadata } : {}),
    blocks,
  } satisfies ModalView;
}

function zoneExamples(zones: readonly string[] | undefined, exclude: string): string {
  const picked = [...new Set(zones ?? [])].filter((z) => z !== exclude && z.length <= 40).slice(0, 3);
  return (picked.length > 0 ? picked : ['Europe/Berlin', 'America/New_York']).join(', ');
}

export function settingsModal(args: SettingsModalInput): ModalView {
  const m = args.member;
  const show = option('Show my name', 'show');
  const hide = option('Hide me (shown as "anonymous")', 'hide');
  const nudgeOption = option('Nudge me on weekdays with the call that fits today', CHECKED);
  const lane = m.lane?.trim();
  const tz = m.tzOverride?.trim();
  const blocks: KnownBlock[] = [
    section(`:gear: Your Call Buddy settings. Your Slack time zone is *${esc(m.slackTz)}*.`),
    input(
      SETTINGS_BLOCK.tzOverride,
      'Time zone override',
      {
        type: 'plain_text_input',
        action_id: SETTINGS_BLOCK.tzOverride,
        placeholder: plain(m.slackTz, 150),
        ...(tz ? { initial_value: tz } : {}),
      },
      {
        optional: true,
        hint: plain(`A zone name such as ${zoneExamples(args.timeZones, m.slackTz)}. Leave empty to use your Slack time zone.`),
      },
    ),
    input(
      SETTINGS_BLOCK.nudgeEnabled,
      'Weekday nudge',
      {
        type: 'checkboxes',
        action_id: SETTINGS_BLOCK.nudgeEnabled,
        options: [nudgeOption],
        ...(m.nudgeEnabled ? { initial_options: [nudgeOption] } : {}),
      },
      { optional: true },
    ),
    input(
      SETTINGS_BLOCK.nudgeTime,
      'Nudge time',
      {
        type: 'timepicker',
        action_id: SETTINGS_BLOCK.nudgeTime,
        initial_time: HHMM.test(m.nudgeTime) ? m.nudgeTime : SETTINGS_LIMITS.defaultNudgeTime,
      },
      { optional: true, hint: plain('Your local time, Monday to Friday.') },
    ),
    input(
      SETTINGS_BLOCK.lane,
      'Your lane',
      {
        type: 'plain_text_input',
        action_id: SETTINGS_BLOCK.lane,
        max_length: SETTINGS_LIMITS.laneMaxChars,
        placeholder: plain('e.g. Product design, Sales, Backend'),
        ...(lane ? { initial_value: [...lane].slice(0, SETTINGS_LIMITS.laneMaxChars).join('') } : {}),
      },
      { optional: true, hint: plain('Your team or field. Pairing prefers partners from a different lane.') },
    ),
    input(SETTINGS_BLOCK.boardVisible, 'Leaderboards', {
      type: 'radio_buttons',
      action_id: SETTINGS_BLOCK.boardVisible,
      options: [show, hide],
      initial_option: m.boardVisible ? show : hide,
    }),
    input(
      SETTINGS_BLOCK.workStart,
      'Working day starts',
      { type: 'timepicker', action_id: SETTINGS_BLOCK.workStart, initial_time: m.workStart && HHMM.test(m.workStart) ? m.workStart : DEFAULT_WORK_HOURS.start },
      { optional: true, hint: plain(`Your local time. Empty: ${DEFAULT_WORK_HOURS.start}.`) },
    ),
    input(
      SETTINGS_BLOCK.workEnd,
      'Working day ends',
      { type: 'timepicker', action_id: SETTINGS_BLOCK.workEnd, initial_time: m.workEnd && HHMM.test(m.workEnd) ? m.workEnd : DEFAULT_WORK_HOURS.end },
      { optional: true, hint: plain(`Empty: ${DEFAULT_WORK_HOURS.end}. Your soundboard call is proposed inside your partners' and your working hours (Monday to Friday).`) },
    ),
  ];
  return modal(CALLBACK.settings, 'Settings', blocks, args.privateMetadata);
}

/** The Settings modal's values as the domain's raw member settings. */
export function parseSettingsValues(values: ViewStateValues): RawMemberSettings {
  return {
    tz_override: readText(values, SETTINGS_BLOCK.tzOverride),
    nudge_enabled: readChecked(values, SETTINGS_BLOCK.nudgeEnabled, CHECKED),
    nudge_time: readText(values, SETTINGS_BLOCK.nudgeTime),
    lane: readText(values, SETTINGS_BLOCK.lane),
    board_visible: readText(values, SETTINGS_BLOCK.boardVisible),
    work_start: readText(values, SETTINGS_BLOCK.workStart),
    work_end: readText(values, SETTINGS_BLOCK.workEnd),
  };
}

/** The circle as the admin modal shows it: the domain's validated circle settings. */
export type AdminModalCircle = CircleSettings;

export interface AdminModalInput {
  circle: AdminModalCircle;
  playbooks: { key: string; title: string }[];
  privateMetadata?: string;
}

/** Monday (1) to `last` (7 = Sunday) as select options. */
function dayOptions(last = 7): PlainTextOption[] {
  return DAY_NAMES.slice(0, last).map((name, i) => option(name, String(i + 1)));
}

export function adminModal(args: AdminModalInput): ModalView {
  const c = args.circle;
  const playbookOptions = args.playbooks.slice(0, 100).map((p) => option(p.title, p.key));
  const initialPlaybook = playbookOptions.find((o) => o.value === c.playbook);
  const pairingOption = option('Pair members each week as soundboard partners', CHECKED);
  const time = (t: string, fallbackTime: string): string => (HHMM.test(t) ? t : fallbackTime);
  const name = c.name?.trim();

  const blocks: KnownBlock[] = [
    section(':wrench: Circle settings. Changes apply from the next plan, pairing or recap.'),
    input(
      ADMIN_BLOCK.name,
      'Circle name',
      {
        type: 'plain_text_input',
        action_id: ADMIN_BLOCK.name,
        max_length: SETTINGS_LIMITS.circleNameMaxChars,
        ...(name ? { initial_value: [...name].slice(0, SETTINGS_LIMITS.circleNameMaxChars).join('') } : {}),
      },
      { optional: true },
    ),
    input(ADMIN_BLOCK.playbook, 'Playbook', {
      type: 'static_select',
      action_id: ADMIN_BLOCK.playbook,
      placeholder: plain('Choose a playbook'),
      options: playbookOptions,
      ...(initialPlaybook ? { initial_option: initialPlaybook } : {}),
    }),
    input(
      ADMIN_BLOCK.goal,
      'Weekly goal (calls)',
      { type: 'plain_text_input', action_id: ADMIN_BLOCK.goal, initial_value: String(c.goal) },
      { hint: plain(`A whole number from ${SETTINGS_LIMITS.goalMin} to ${SETTINGS_LIMITS.goalMax}. Every attempt counts.`) },
    ),
  ];
  const daySelect = (blockId: string, label: string, day: number, days: PlainTextOption[], hint?: string): InputBlock => {
    // A day no longer offered (a plan day set late in the week before) has no initial option: choose again.
    const initial = days.find((o) => o.value === String(day));
    return input(
      blockId,
      label,
      {
        type: 'static_select',
        action_id: blockId,
        placeholder: plain('Choose a day'),
        options: days,
        ...(initial ? { initial_option: initial } : {}),
      },
      hint ? { hint: plain(hint) } : {},
    );
  };
  blocks.push(
    daySelect(ADMIN_BLOCK.planDay, 'Weekly plan day', c.planDay, dayOptions(SETTINGS_LIMITS.planDayMax), 'Plans and pairings go out Monday to Wednesday, so the week has room for its calls.'),
    input(ADMIN_BLOCK.planTime, 'Weekly plan time', {
      type: 'timepicker',
      action_id: ADMIN_BLOCK.planTime,
      initial_time: time(c.planTime, '09:00'),
    }, { hint: plain("Each member's own local time.") }),
    daySelect(ADMIN_BLOCK.recapDay, 'Recap day', c.recapDay, dayOptions()),
    input(ADMIN_BLOCK.recapTime, 'Recap time', {
      type: 'timepicker',
      action_id: ADMIN_BLOCK.recapTime,
      initial_time: time(c.recapTime, '16:00'),
    }, { hint: plain("The circle's time zone.") }),
    input(
      ADMIN_BLOCK.tz,
      "Circle's time zone",
      { type: 'plain_text_input', action_id: ADMIN_BLOCK.tz, initial_value: c.tz },
      { hint: plain('A zone name such as Europe/Berlin or America/New_York. Used for pairing and the recap.') },
    ),
    input(
      ADMIN_BLOCK.pairingEnabled,
      'Soundboard pairing',
      {
        type: 'checkboxes',
        action_id: ADMIN_BLOCK.pairingEnabled,
        options: [pairingOption],
        ...(c.pairingEnabled ? { initial_options: [pairingOption] } : {}),
      },
      { optional: true },
    ),
    input(
      ADMIN_BLOCK.teamThreshold,
      'Team streak threshold (%)',
      { type: 'plain_text_input', action_id: ADMIN_BLOCK.teamThreshold, initial_value: String(c.teamThreshold) },
      { hint: plain('The share of active members who must reach the goal for the week to count. 80 is a good start.') },
    ),
    context(':information_source: Paused members count as neither active nor complete.'),
  );
  return modal(CALLBACK.admin, 'Circle settings', blocks, args.privateMetadata);
}

/** The admin modal's values as the domain's raw circle settings. */
export function parseAdminValues(values: ViewStateValues): RawCircleSettings {
  return {
    name: readText(values, ADMIN_BLOCK.name),
    playbook: readText(values, ADMIN_BLOCK.playbook),
    goal: readText(values, ADMIN_BLOCK.goal),
    plan_day: readText(values, ADMIN_BLOCK.planDay),
    plan_time: readText(values, ADMIN_BLOCK.planTime),
    recap_day: readText(values, ADMIN_BLOCK.recapDay),
    recap_time: readText(values, ADMIN_BLOCK.recapTime),
    tz: readText(values, ADMIN_BLOCK.tz),
    pairing_enabled: readChecked(values, ADMIN_BLOCK.pairingEnabled, CHECKED),
    team_threshold: readText(values, ADMIN_BLOCK.teamThreshold),
  };
}

/** Domain field errors (member or circle settings) as `response_action: 'errors'` errors. */
export function settingsErrors(
  errors: Partial<Record<MemberSettingsField, string>> | Partial<Record<CircleSettingsField, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (typeof message === 'string' && message !== '') out[field] = message;
  }
  return out;
}
