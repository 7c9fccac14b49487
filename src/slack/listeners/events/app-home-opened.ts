/** app_home_opened (Home tab): first contact, then publish the member's Home; an apology Home when that keeps failing. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { homeUnavailableView } from '../../views/home.js';
import { publishHome } from '../home.js';
import { deliverNow, memberFor } from '../support.js';
import { handleWithRetries } from './retry.js';

export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const who = { teamId: body.team_id, userId: event.user };
    try {
      await handleWithRetries(deps, 'app_home_opened', who, async () => {
        const { member, greeted } = await memberFor(deps, client, who);
        await publishHome(deps, client, member);
        if (greeted) await deliverNow(deps);
      });
    } catch (err) {
      await client.views.publish({ user_id: event.user, view: homeUnavailableView() }).catch(() => {});
      throw err; // the dedupe middleware forgets the event_id, so a retry from Slack is handled
    }
  };
}
