/** app_home_opened (Home tab): first contact, then publish the member's Home. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../home.js';
import { deliverNow, logFailure, memberFor } from '../support.js';

export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const who = { teamId: body.team_id, userId: event.user };
    try {
      const { member, greeted } = await memberFor(deps, client, who);
      await publishHome(deps, client, member);
      if (greeted) await deliverNow(deps);
    } catch (err) {
      logFailure(deps, 'app_home_opened', who, err);
      throw err; // the dedupe middleware forgets the event_id, so Slack's retry is handled
    }
  };
}
