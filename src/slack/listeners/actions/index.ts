import type { App, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ACTION, OPEN_CHECK_IN_PATTERN, PAIR_CHECK_PATTERN, PEOPLE_PAGE_PATTERN } from '../../views/ids.js';
import { moveCircleClicked, stayInCircleClicked } from './move-circle.js';
import { openCheckInClicked } from './open-checkin.js';
import { openSettingsClicked } from './open-settings.js';
import { pairCheckClicked } from './pair-check.js';
import { pauseNextWeekClicked } from './pause-next-week.js';
import { briefOpenClicked } from './brief.js';
import { remindAgainClicked, reminderLogClicked, reminderSnoozeClicked, scheduleOpenClicked } from './reminders.js';
import { addPeopleClicked, askForTimeClicked, logPersonClicked, peoplePageClicked, personDeleteClicked, personMenuClicked } from './people.js';

type ActionListener = (deps: SlackDeps) => Middleware<SlackActionMiddlewareArgs>;

/** One table: each action id (or pattern) and its listener. Registration and the unhandled list both read it. */
const LISTENERS: ReadonlyArray<readonly [string | RegExp, ActionListener]> = [
  [OPEN_CHECK_IN_PATTERN, openCheckInClicked as ActionListener],
  [PAIR_CHECK_PATTERN, pairCheckClicked as ActionListener],
  [ACTION.pauseNextWeek, pauseNextWeekClicked as ActionListener],
  [ACTION.openSettings, openSettingsClicked as ActionListener],
  [ACTION.moveCircle, moveCircleClicked as ActionListener],
  [ACTION.stayInCircle, stayInCircleClicked as ActionListener],
  [ACTION.reminderScheduleOpen, scheduleOpenClicked as ActionListener],
  [ACTION.reminderLog, reminderLogClicked as ActionListener],
  [ACTION.reminderSnooze, reminderSnoozeClicked as ActionListener],
  [ACTION.remindAgain, remindAgainClicked as ActionListener],
  [ACTION.briefOpen, briefOpenClicked as ActionListener],
  [ACTION.logPerson, logPersonClicked as ActionListener],
  [ACTION.peopleAdd, addPeopleClicked as ActionListener],
  [PEOPLE_PAGE_PATTERN, peoplePageClicked as ActionListener],
  [ACTION.personMenu, personMenuClicked as ActionListener],
  [ACTION.personDelete, personDeleteClicked as ActionListener],
  [ACTION.askForTime, askForTimeClicked as ActionListener],
];

/** Every action id a listener below handles; any other is acked at once (see ../unhandled.ts). */
export const HANDLED_ACTIONS: readonly (string | RegExp)[] = LISTENERS.map(([id]) => id);

export function register(app: App, deps: SlackDeps): void {
  for (const [id, listener] of LISTENERS) app.action(id, listener(deps));
}
