import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ACTION, OPEN_CHECK_IN_PATTERN, PAIR_CHECK_PATTERN } from '../../views/ids.js';
import { moveCircleClicked, stayInCircleClicked } from './move-circle.js';
import { openCheckInClicked } from './open-checkin.js';
import { openSettingsClicked } from './open-settings.js';
import { pairCheckClicked } from './pair-check.js';
import { pauseNextWeekClicked } from './pause-next-week.js';

/** Every action id a listener below handles; any other is acked at once (see ../unhandled.ts). */
export const HANDLED_ACTIONS: readonly (string | RegExp)[] = [OPEN_CHECK_IN_PATTERN, PAIR_CHECK_PATTERN, ACTION.pauseNextWeek, ACTION.openSettings];

export function register(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(OPEN_CHECK_IN_PATTERN, openCheckInClicked(deps));
  app.action<BlockAction<ButtonAction>>(PAIR_CHECK_PATTERN, pairCheckClicked(deps));
  app.action<BlockAction>(ACTION.pauseNextWeek, pauseNextWeekClicked(deps));
  app.action<BlockAction>(ACTION.openSettings, openSettingsClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.moveCircle, moveCircleClicked(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.stayInCircle, stayInCircleClicked(deps));
}
