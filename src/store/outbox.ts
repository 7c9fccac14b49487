/**
 * The outbox: every message the bot sends is a row written in the same transaction as the state that
 * caused it. The dedupe key makes enqueueing idempotent; a delivery worker (src/jobs) sends the rows.
 */
import type { Db } from '../db/index.js';

export type OutboxMethod = 'chat.postMessage' | 'chat.update' | 'views.publish' | 'conversations.open+chat.postMessage';

export interface OutboxMessage {
  workspaceId: string;
  /** Unique per workspace: e.g. `plan:<member>:<week>`, `recap:<circle>:<week>`. */
  dedupeKey: string;
  /** What the message is, for logs and listings: plan, pairing, pair-intro, nudge, recap, confirmation … */
  kind: string;
  method: OutboxMethod;
  /** The channel or user the message goes to (per-channel rate limits); for group DMs the sorted user ids. */
  channelKey: string;
  /** Web API arguments (channel, text, blocks …; for conversations.open+chat.postMessage also `users`). */
  payload: Record<string, unknown>;
  memberId?: number | null;
  circleId?: number | null;
  notBefore?: Date;
}

/** Inserts the message unless its dedupe key exists. Returns true when this call inserted it. */
export async function enqueueMessage(db: Db, msg: OutboxMessage): Promise<boolean> {
  const r = await db
    .insertInto('outbox')
    .values({
      workspace_id: msg.workspaceId,
      dedupe_key: msg.dedupeKey,
      kind: msg.kind,
      method: msg.method,
      channel_key: msg.channelKey,
      payload: JSON.stringify(msg.payload),
      member_id: msg.memberId ?? null,
      circle_id: msg.circleId ?? null,
      not_before: msg.notBefore,
      locked_until: null,
      last_error: null,
      result: null,
      sent_at: null,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}
