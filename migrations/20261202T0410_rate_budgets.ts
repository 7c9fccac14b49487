/**
 * Rate budgets shared by every replica (issue 16.5): one row per workspace and Web API method holding
 * the budget's "theoretical arrival time" (GCRA) and a 429's pause, in epoch milliseconds of the
 * replicas' wall clocks. Reserving a slot is one upsert under the row's lock, so replicas together
 * stay within the workspace's limit. Deleted with the workspace.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_budgets')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('tat_ms', 'bigint', (c) => c.notNull())
    .addColumn('last_slot_ms', 'bigint', (c) => c.notNull())
    .addColumn('paused_until_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('rate_budgets_pkey', ['workspace_id', 'method'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_budgets').ifExists().execute();
}
