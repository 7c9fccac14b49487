/**
 * Slack event deliveries, seen once: Slack repeats an `event_id` on its retries (and a second process
 * may receive the same event), so only the first delivery is handled.
 */
import type { Db } from '../db/index.js';
import { forgetEvent, recordEventOnce } from '../store/events.js';

/** Records the event id; true only for its first delivery. */
export async function firstDelivery(db: Db, e: { eventId: string; workspaceId: string; type: string; at: Date }): Promise<boolean> {
  return recordEventOnce(db, e);
}

/** Forgets an event id whose handling failed, so Slack's retry of it is handled again. */
export async function forgetDelivery(db: Db, eventId: string): Promise<void> {
  await forgetEvent(db, eventId);
}
