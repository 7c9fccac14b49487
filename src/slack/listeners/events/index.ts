import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { memberJoinedChannel, memberLeftChannel } from './channel-membership.js';
import { dedupeEvents } from './dedupe.js';
import { appUninstalled } from './uninstalled.js';

export function register(app: App, deps: SlackDeps): void {
  app.use(dedupeEvents(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('member_joined_channel', memberJoinedChannel(deps));
  app.event('member_left_channel', memberLeftChannel(deps));
  app.event('app_uninstalled', appUninstalled(deps));
  app.event('tokens_revoked', appUninstalled(deps));
}
