/**
 * Global middleware: an Events API delivery whose `event_id` was seen before (a Slack retry, or the
 * same event reaching a second process) stops here. Bolt has already acknowledged it. When handling
 * fails, the id is forgotten again so that Slack's retry is handled rather than dropped.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { firstDelivery, forgetDelivery } from '../../../services/events.js';
import type { SlackDeps } from '../../deps.js';
import { errorInfo } from '../support.js';

export function dedupeEvents(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const b = body as { type?: string; event_id?: string; team_id?: string; event?: { type?: string } };
    if (b.type !== 'event_callback' || typeof b.event_id !== 'string') return next();
    let first: boolean;
    try {
      first = await firstDelivery(deps.db, {
        eventId: b.event_id,
        workspaceId: b.team_id ?? 'unknown',
        type: b.event?.type ?? 'unknown',
        at: deps.clock.now(),
      });
    } catch (err) {
      // Better to handle an event twice (every handler is idempotent) than to drop it.
      deps.logger.warn({ eventId: b.event_id, err: errorInfo(err) }, 'event dedupe failed; handling anyway');
      first = true;
    }
    if (!first) {
      deps.logger.debug({ eventId: b.event_id }, 'duplicate event ignored');
      return;
    }
    try {
      await next();
    } catch (err) {
      await forgetDelivery(deps.db, b.event_id).catch(() => {});
      throw err;
    }
  };
}
