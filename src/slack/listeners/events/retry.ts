/**
 * Bolt acknowledges an event before its listener runs, so Slack never retries one that failed here
 * (the dedupe middleware forgets a failed event_id for the rare retry that does come). Event work is
 * idempotent, so a failure is retried in-process a few times before it is logged and given up.
 */
import type { SlackDeps } from '../../deps.js';
import { errorInfo, logFailure, type Who } from '../support.js';

export const EVENT_RETRY_DELAYS_MS = [500, 2_000] as const;

export async function handleWithRetries(
  deps: SlackDeps,
  where: string,
  who: Partial<Who>,
  work: () => Promise<void>,
  delaysMs: readonly number[] = EVENT_RETRY_DELAYS_MS,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= delaysMs.length) {
        logFailure(deps, where, who, err);
        throw err;
      }
      deps.logger.warn({ where, teamId: who.teamId, userId: who.userId, attempt: attempt + 1, err: errorInfo(err) }, 'event handling failed; trying again');
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    }
  }
}
