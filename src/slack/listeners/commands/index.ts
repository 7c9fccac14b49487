import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { callsCommand } from './calls.js';

export function register(app: App, deps: SlackDeps): void {
  app.command('/calls', callsCommand(deps));
}
