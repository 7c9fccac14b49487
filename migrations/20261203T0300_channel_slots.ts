/**
 * chat.postMessage's "about one message per second per channel", shared by every replica: one row per
 * workspace and channel holding the instant (epoch ms of the replicas' wall clocks) of the last message
 * booked for it. A send books its channel in the same statement as its workspace+method budget
 * (rate_budgets), so two replicas never send to one channel within the spacing. The channel is kept as
 * a hash (a DM's channel is a member's user id). Rows older than a minute are pruned, so the table
 * holds only the channels of the last minute or so. No index beside the key: updates stay HOT.
 * Deleted with the workspace.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_slots')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel_hash', 'text', (c) => c.notNull())
    .addColumn('slot_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_slots_pkey', ['workspace_id', 'channel_hash'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_slots').ifExists().execute();
}
