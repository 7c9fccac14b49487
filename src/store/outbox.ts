/**
 * The outbox: every message the bot sends is a row written in the same transaction as the state that
 * caused it. The dedupe key makes enqueueing idempotent; a delivery worker (src/jobs) sends the rows.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { OutboxRow } from '../db/types.js';

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
  /** When the message was enqueued (the Clock's now); also the earliest send time unless `notBefore` says later. */
  at: Date;
  notBefore?: Date;
  /**
   * 1 = a direct answer to a person's click or command (a confirmation, a greeting): claimed before
   * scheduled rows, and delivered by the listener's priority-only drain. 0 (default) = scheduled work.
   */
  priority?: 0 | 1;
}

/**
 * The addressing of a DM to a member: chat.postMessage to their user id (Slack posts it in the bot's
 * DM), with the user id as the channel key so the per-channel rate limit applies to that DM.
 */
export function memberDm(
  member: { id: number; workspace_id: string; slack_user_id: string },
  message: { text: string; blocks?: unknown[] },
): Pick<OutboxMessage, 'workspaceId' | 'method' | 'channelKey' | 'payload' | 'memberId'> {
  return { workspaceId: member.workspace_id, method: 'chat.postMessage', channelKey: member.slack_user_id, payload: { channel: member.slack_user_id, ...message }, memberId: member.id };
}

/** The outbox row of a new message. */
function outboxRow(msg: OutboxMessage) {
  return {
    workspace_id: msg.workspaceId,
    dedupe_key: msg.dedupeKey,
    kind: msg.kind,
    method: msg.method,
    channel_key: msg.channelKey,
    payload: JSON.stringify(msg.payload),
    member_id: msg.memberId ?? null,
    circle_id: msg.circleId ?? null,
    priority: msg.priority ?? 0,
    not_before: msg.notBefore ?? msg.at,
    created_at: msg.at,
    locked_until: null,
    last_error: null,
    result: null,
    sent_at: null,
  };
}

/** Each column of outboxRow with its SQL type (a value in a select list has no column to take it from). */
const OUTBOX_COLUMN_TYPES: Record<keyof ReturnType<typeof outboxRow>, string> = {
  workspace_id: 'text',
  dedupe_key: 'text',
  kind: 'text',
  method: 'text',
  channel_key: 'text',
  payload: 'jsonb',
  member_id: 'bigint',
  circle_id: 'bigint',
  priority: 'integer',
  not_before: 'timestamptz',
  created_at: 'timestamptz',
  locked_until: 'timestamptz',
  last_error: 'text',
  result: 'jsonb',
  sent_at: 'timestamptz',
};

/** Inserts the message unless its dedupe key exists. Returns true when this call inserted it. */
export async function enqueueMessage(db: Db, msg: OutboxMessage): Promise<boolean> {
  const r = await db
    .insertInto('outbox')
    .values(outboxRow(msg))
    .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * enqueueMessage as the second half of one statement: the message is inserted (unless its dedupe key
 * exists) only when the common table expression `after` of the same statement returned a row, so the
 * state and its message are written together or not at all, in one round trip.
 */
export function enqueueMessageAfter(db: Db, msg: OutboxMessage, after: string) {
  const row = outboxRow(msg);
  const columns = Object.keys(OUTBOX_COLUMN_TYPES) as (keyof typeof row)[];
  return db
    .insertInto('outbox')
    .columns(columns)
    .expression(sql`select ${sql.join(columns.map((c) => sql`${row[c]}::${sql.raw(OUTBOX_COLUMN_TYPES[c])}`))} where exists (select 1 from ${sql.table(after)})`)
    .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing());
}

// ---------------------------------------------------------------------------------------------
// Delivery (used by the outbox worker in src/jobs)


/** A claimed row, with the lease the previous claimant left behind (non-null: it died mid-send). */
export interface ClaimedOutboxRow extends OutboxRow {
  prev_locked_until: Date | null;
}

/**
 * Claims up to `limit` due rows for `leaseMs`: pending, not_before passed, not leased by a live worker.
 * Answers to a person (priority 1) come first, then workspaces and, within each, channels take turns
 * (first queued first within a channel); `minPriority` claims only rows
 * of at least that priority (a listener's drain never takes on a scheduled fan-out).
 * `FOR UPDATE SKIP LOCKED` lets several workers claim concurrently on PostgreSQL without taking the
 * same row twice; on PGlite (one connection, one process) the same statement is simply a claim.
 * Each claim counts as an attempt. A claimed row's `locked_until` is the lease this claim holds (the
 * worker's later writes are conditional on it). A row whose lease expired (its claimant crashed or
 * stalled) comes back with `prev_locked_until` set, so the worker can check Slack before sending it again.
 */
export async function claimDueMessages(
  db: Db,
  opts: { now: Date; leaseMs: number; limit: number; workspaceId?: string; minPriority?: number },
): Promise<ClaimedOutboxRow[]> {
  const lease = new Date(opts.now.getTime() + opts.leaseMs);
  const wsFilter = opts.workspaceId === undefined ? sql`` : sql`and workspace_id = ${opts.workspaceId}`;
  const prioFilter = opts.minPriority === undefined || opts.minPriority <= 0 ? sql`` : sql`and priority >= ${opts.minPriority}`;
  // Workspaces take turns: the due rows are ranked within their workspace, and a claim takes every
  // workspace's first rows before anyone's second, so one workspace's fan-out (paced by its own rate
  // limits) never fills the worker while others wait. Within a workspace, channels take turns too: each
  // channel's first row before any channel's second, so rows held back by one channel's spacing (about
  // one message a second) never fill the worker while other channels could be sent to.
  const r = await sql<ClaimedOutboxRow>`
    with by_channel as (
      select id, workspace_id, priority, not_before,
        row_number() over (partition by workspace_id, channel_key order by priority desc, not_before, id) as channel_turn
      from outbox
      where status = 'pending' and not_before <= ${opts.now}
        and (locked_until is null or locked_until <= ${opts.now}) ${wsFilter} ${prioFilter}
    ),
    ranked as (
      select id, priority, not_before,
        row_number() over (partition by workspace_id order by priority desc, channel_turn, not_before, id) as turn
      from by_channel
    ),
    picked as (
      select id, priority, not_before, turn from ranked order by priority desc, turn, not_before, id limit ${opts.limit * 4}
    ),
    due as (
      select o.id, o.locked_until as prev_locked_until
      from outbox o join picked p on p.id = o.id
      where o.status = 'pending' and (o.locked_until is null or o.locked_until <= ${opts.now})
      order by p.priority desc, p.turn, p.not_before, p.id
      limit ${opts.limit}
      for update of o skip locked
    )
    update outbox o set locked_until = ${lease}, attempts = o.attempts + 1
    from due where o.id = due.id
    returning o.*, due.prev_locked_until`.execute(db);
  const rows = r.rows.map((row) => ({ ...row, payload: parseJson(row.payload), result: row.result === null ? null : parseJson(row.result) }));
  return rows.sort((a, b) => b.priority - a.priority || new Date(a.not_before).getTime() - new Date(b.not_before).getTime() || a.id - b.id);
}

function parseJson(v: unknown): Record<string, unknown> {
  return (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
}

/**
 * Keeps a claim alive while the worker sends (or waits on a rate limit): moves the lease from `held` (the
 * value this worker set) to `lockedUntil`. Returns false when the lease was lost: another worker claimed
 * the row (a new lease), or it is no longer pending.
 */
export async function extendLease(db: Db, id: number, held: Date, lockedUntil: Date): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ locked_until: lockedUntil })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', held)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Records a delivered message: status sent, when, and what Slack answered (ts, channel). Unconditional:
 * it records what happened, whoever holds the lease now.
 */
export async function markMessageSent(db: Db, id: number, sentAt: Date, result: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: sentAt, locked_until: null, last_error: null, result: JSON.stringify(result) })
    .where('id', '=', id)
    .execute();
}

/**
 * A permanent failure: never retried; listed by `npm run outbox -- --failed`. Only while this worker
 * still holds the lease `held`; returns false (nothing written) when another worker took the row.
 */
export async function markMessageFailed(db: Db, id: number, held: Date, error: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ status: 'failed', locked_until: null, last_error: error })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', held)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Puts a claimed row back for a later attempt. `maybeSent` records that the failed attempt may have
 * reached Slack (network error, timeout, 5xx): the next attempt checks the channel first.
 * `refundAttempt` (rate limits) does not count the attempt against the row. Only while this worker still
 * holds the lease `held`; returns false (nothing written) when another worker took the row.
 */
export async function rescheduleMessage(
  db: Db,
  id: number,
  held: Date,
  opts: { notBefore: Date; error: string; maybeSentSince?: Date | null; refundAttempt?: boolean },
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({
      locked_until: null,
      not_before: opts.notBefore,
      last_error: opts.error,
      attempts: opts.refundAttempt ? eb('attempts', '-', 1) : eb.ref('attempts'),
      ...(opts.maybeSentSince ? { result: JSON.stringify({ maybe_sent_since: opts.maybeSentSince.toISOString() }) } : {}),
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', held)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getOutboxMessage(db: Db, workspaceId: string, dedupeKey: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('workspace_id', '=', workspaceId).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

/**
 * The workspace was uninstalled: its messages not yet sent are cancelled (not failed: nothing went
 * wrong with them). Returns how many.
 */
export async function cancelPendingMessages(db: Db, workspaceId: string, at: Date): Promise<number> {
  const r = await db
    .updateTable('outbox')
    .set({ status: 'cancelled', locked_until: null, last_error: `cancelled: workspace uninstalled at ${at.toISOString()}` })
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Failed messages, newest first (optionally for one workspace). */
export async function listFailedMessages(db: Db, opts: { workspaceId?: string; limit?: number } = {}): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll().where('status', '=', 'failed');
  if (opts.workspaceId) q = q.where('workspace_id', '=', opts.workspaceId);
  return q.orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
}

/**
 * Row counts per status, every status present (0 when none): one workspace's, or without
 * `workspaceId` the whole deployment's, for the operator's /metrics (counts only, no ids or text: the
 * one deliberate read across workspaces).
 */
export async function countOutboxByStatus(db: Db, workspaceId?: string): Promise<Record<'pending' | 'sent' | 'failed' | 'cancelled', number>> {
  let q = db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]);
  if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
  const rows = await q.groupBy('status').execute();
  const out = { pending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** The earliest not_before among pending rows (the worker sleeps until then), or null. */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const r = await db.selectFrom('outbox').select((eb) => eb.fn.min('not_before').as('at')).where('status', '=', 'pending').executeTakeFirst();
  return r?.at ? new Date(r.at as unknown as string) : null;
}

/** Which of `keys` are already in the outbox (any status): jobs skip work that was enqueued before. */
export async function existingDedupeKeys(db: Db, workspaceId: string, keys: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom('outbox').select('dedupe_key').where('workspace_id', '=', workspaceId).where('dedupe_key', 'in', chunk).execute();
    for (const r of rows) out.add(r.dedupe_key);
  }
  return out;
}
