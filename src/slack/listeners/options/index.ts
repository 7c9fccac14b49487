import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { CHECK_IN_BLOCK } from '../../views/ids.js';
import { whoContactOptions } from './who-contact.js';

/** Action ids of the external selects whose options a listener below serves (block_suggestion). */
export const HANDLED_OPTIONS: readonly string[] = [CHECK_IN_BLOCK.whoContact];

export function register(app: App, deps: SlackDeps): void {
  app.options({ type: 'block_suggestion', action_id: CHECK_IN_BLOCK.whoContact }, whoContactOptions(deps));
}
