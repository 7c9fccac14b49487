/**
 * Issue 15 (follow-ups, the soundboard brief, the 30-day review):
 * - `reminders`: a DM to a member at a local date and time (a follow-up date, "remind me in 2 days",
 *   a call scheduled ahead). `due_at` is the instant, computed from the member's zone when the
 *   reminder is made or snoozed; `generation` moves on each snooze, so the outbox dedupe key
 *   `reminder:<id>:<generation>` sends each due time once.
 * - `briefs`: a member's shared week for their soundboard group (one per member and group).
 * - `pairing_groups.proposed_call_at`, `proposal_overlap`: the call time proposed once all have shared.
 * - `members.work_start`, `work_end`: working hours (local), 09:00–18:00 unless set.
 * - `calls.callback_of`: the earlier unanswered call a callback answers.
 * Every new table has workspace_id and member_id (a member's data can be found and deleted by them).
 */
import { sql, type Kysely } from 'kysely';

const HHMM = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reminders')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'bigint', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('contact_name', 'text', (c) => c.notNull().check(sql`length(contact_name) between 1 and 80`))
    .addColumn('call_id', 'bigint', (c) => c.references('calls.id').onDelete('set null'))
    .addColumn('category', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('follow_up', 'retry', 'scheduled')`))
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('due_time', 'text', (c) => c.notNull().check(sql.raw(`due_time ~ ${HHMM}`)))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'done')`))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('reminders_dedupe_key', ['workspace_id', 'dedupe_key'])
    .addForeignKeyConstraint('reminders_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('reminders_due_idx').on('reminders').columns(['workspace_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('reminders_member_idx').on('reminders').columns(['workspace_id', 'member_id', 'status']).execute();

  await db.schema
    .createTable('briefs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('pairing_groups.id').onDelete('cascade'))
    .addColumn('working_on', 'text', (c) => c.notNull().check(sql`length(working_on) <= 1000`))
    .addColumn('ideas', 'text', (c) => c.notNull().check(sql`length(ideas) <= 1000`))
    .addColumn('unsure', 'text', (c) => c.check(sql`length(unsure) <= 1000`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('briefs_group_member_key', ['workspace_id', 'group_id', 'member_id'])
    .addForeignKeyConstraint('briefs_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await db.schema.alterTable('pairing_groups').addColumn('proposed_call_at', 'timestamptz').execute();
  await db.schema.alterTable('pairing_groups').addColumn('proposal_overlap', 'boolean').execute();
  await db.schema.alterTable('members').addColumn('work_start', 'text', (c) => c.notNull().defaultTo('09:00').check(sql.raw(`work_start ~ ${HHMM}`))).execute();
  await db.schema.alterTable('members').addColumn('work_end', 'text', (c) => c.notNull().defaultTo('18:00').check(sql.raw(`work_end ~ ${HHMM}`))).execute();
  await db.schema.alterTable('calls').addColumn('callback_of', 'bigint', (c) => c.references('calls.id').onDelete('set null')).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calls').dropColumn('callback_of').execute();
  await db.schema.alterTable('members').dropColumn('work_end').execute();
  await db.schema.alterTable('members').dropColumn('work_start').execute();
  await db.schema.alterTable('pairing_groups').dropColumn('proposal_overlap').execute();
  await db.schema.alterTable('pairing_groups').dropColumn('proposed_call_at').execute();
  await db.schema.dropTable('briefs').execute();
  await db.schema.dropTable('reminders').execute();
}
