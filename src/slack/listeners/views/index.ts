import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { CALLBACK } from '../../views/ids.js';
import { adminSubmitted } from './admin-submit.js';
import { checkInSubmitted } from './checkin-submit.js';
import { settingsSubmitted } from './settings-submit.js';

/** Every callback id whose submission a listener below handles; any other is acked at once (see ../unhandled.ts). */
export const HANDLED_VIEWS: readonly string[] = [CALLBACK.checkIn, CALLBACK.settings, CALLBACK.admin];

export function register(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.checkIn, checkInSubmitted(deps));
  app.view(CALLBACK.settings, settingsSubmitted(deps));
  app.view(CALLBACK.admin, adminSubmitted(deps));
}
