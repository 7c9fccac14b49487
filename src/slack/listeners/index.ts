/** Every listener, grouped by kind (Slack's bolt-ts-starter-template layout). */
import type { App } from '@slack/bolt';
import { tracked, type SlackDeps } from '../deps.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as options from './options/index.js';
import { ackUnhandled } from './unhandled.js';
import * as views from './views/index.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  // Every request's whole handling (including work after its ack) is tracked, so stop() can wait for it.
  app.use(async ({ next }) => {
    await tracked(deps.inflight, next());
  });
  app.use(ackUnhandled(deps, { actions: actions.HANDLED_ACTIONS, views: views.HANDLED_VIEWS, commands: ['/calls'], options: options.HANDLED_OPTIONS }));
  events.register(app, deps); // first: its middleware drops repeated event deliveries
  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  options.register(app, deps);
}
