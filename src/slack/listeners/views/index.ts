import type { App, Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { CALLBACK } from '../../views/ids.js';
import { adminSubmitted } from './admin-submit.js';
import { checkInSubmitted } from './checkin-submit.js';
import { addPeopleSubmitted, askForTimeSubmitted, editPersonSubmitted } from './people-submit.js';
import { settingsSubmitted } from './settings-submit.js';
import { briefSubmitted } from './brief-submit.js';
import { scheduleSubmitted } from './schedule-submit.js';
import { deleteMyDataSubmitted } from './delete-submit.js';

type ViewListener = (deps: SlackDeps) => Middleware<SlackViewMiddlewareArgs>;

/** One table: each modal's callback id and its submit listener. Registration and the unhandled list both read it. */
const LISTENERS: ReadonlyArray<readonly [string, ViewListener]> = [
  [CALLBACK.checkIn, checkInSubmitted as ViewListener],
  [CALLBACK.settings, settingsSubmitted as ViewListener],
  [CALLBACK.admin, adminSubmitted as ViewListener],
  [CALLBACK.schedule, scheduleSubmitted as ViewListener],
  [CALLBACK.brief, briefSubmitted as ViewListener],
  [CALLBACK.deleteMyData, deleteMyDataSubmitted as ViewListener],
  [CALLBACK.addPeople, addPeopleSubmitted as ViewListener],
  [CALLBACK.editPerson, editPersonSubmitted as ViewListener],
  [CALLBACK.askForTime, askForTimeSubmitted as ViewListener],
];

/** Every callback id whose submission a listener below handles; any other is acked at once (see ../unhandled.ts). */
export const HANDLED_VIEWS: readonly string[] = LISTENERS.map(([id]) => id);

export function register(app: App, deps: SlackDeps): void {
  for (const [id, listener] of LISTENERS) app.view(id, listener(deps));
}
