/**
 * The whole schema for the mission. Frozen once landed: later changes go into new migrations.
 * Every row carries its workspace; unique keys make jobs idempotent (see DESIGN.md "Data rules").
 */
import { sql, type Kysely } from 'kysely';

const WEEK = `'^[0-9]{4}-W[0-9]{2}$'`;
const HHMM = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey()) // Slack team_id
    .addColumn('name', 'text')
    .addColumn('domain', 'text')
    .addColumn('bot_user_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'uninstalled')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('installations')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'text')
    .addColumn('app_id', 'text')
    .addColumn('bot_user_id', 'text')
    .addColumn('bot_token', 'text')
    .addColumn('scopes', 'text')
    .addColumn('installed_by', 'text')
    .addColumn('installed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('circles')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull()) // Slack user id of the creator
    .addColumn('tz', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('playbook', 'text', (c) => c.notNull().defaultTo('five-calls').check(sql`length(playbook) between 1 and 64`))
    .addColumn('goal', 'integer', (c) => c.notNull().defaultTo(5).check(sql`goal between 1 and 20`))
    .addColumn('plan_day', 'integer', (c) => c.notNull().defaultTo(1).check(sql`plan_day between 1 and 7`))
    .addColumn('plan_time', 'text', (c) => c.notNull().defaultTo('09:00').check(sql.raw(`plan_time ~ ${HHMM}`)))
    .addColumn('recap_day', 'integer', (c) => c.notNull().defaultTo(5).check(sql`recap_day between 1 and 7`))
    .addColumn('recap_time', 'text', (c) => c.notNull().defaultTo('16:00').check(sql.raw(`recap_time ~ ${HHMM}`)))
    .addColumn('pairing_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('team_threshold', 'integer', (c) => c.notNull().defaultTo(80).check(sql`team_threshold between 1 and 100`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'inactive')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('circles_channel_key', ['workspace_id', 'channel_id'])
    .addUniqueConstraint('circles_workspace_id_key', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('slack_user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('circle_id', 'bigint')
    .addColumn('joined_circle_at', 'timestamptz')
    .addColumn('slack_tz', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('tz_override', 'text')
    .addColumn('lane', 'text', (c) => c.check(sql`length(lane) <= 80`))
    .addColumn('nudge_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('nudge_time', 'text', (c) => c.notNull().defaultTo('10:00').check(sql.raw(`nudge_time ~ ${HHMM}`)))
    .addColumn('board_visible', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('pairing_opt_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'inactive')`))
    .addColumn('greeted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('members_slack_user_key', ['workspace_id', 'slack_user_id'])
    .addUniqueConstraint('members_workspace_id_key', ['workspace_id', 'id'])
    .addForeignKeyConstraint('members_circle_fkey', ['workspace_id', 'circle_id'], 'circles', ['workspace_id', 'id'], (c) => c.onDelete('restrict'))
    .execute();
  await db.schema.createIndex('members_circle_idx').on('members').columns(['workspace_id', 'circle_id']).execute();

  // Paused weeks, inclusive. resumed_at ends a pause early (weeks from the resume week on are not paused).
  await db.schema
    .createTable('pauses')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('first_week', 'text', (c) => c.notNull().check(sql.raw(`first_week ~ ${WEEK}`)))
    .addColumn('last_week', 'text', (c) => c.notNull().check(sql.raw(`last_week ~ ${WEEK}`)))
    .addColumn('until_date', 'date')
    .addColumn('resumed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('pauses_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('pauses_order', sql`first_week <= last_week`)
    .execute();
  await db.schema.createIndex('pauses_member_idx').on('pauses').columns(['workspace_id', 'member_id', 'last_week']).execute();

  // One weekly plan per member and week (the Monday DM is keyed on it).
  await db.schema
    .createTable('plans')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull().check(sql.raw(`week ~ ${WEEK}`)))
    .addColumn('circle_id', 'bigint')
    .addColumn('playbook', 'text', (c) => c.notNull())
    .addColumn('goal', 'integer', (c) => c.notNull().check(sql`goal between 1 and 20`))
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('plans_member_week_key', ['workspace_id', 'member_id', 'week'])
    .addForeignKeyConstraint('plans_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 80`))
    .addColumn('slack_user_id', 'text')
    .addColumn('last_called_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('contacts_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await sql`create unique index contacts_member_name_key on contacts (workspace_id, member_id, lower(name))`.execute(db);

  // Check-ins. idempotency_key is "view:<view id>" for the modal, "pair:<group>:<member>" for the mid-week Yes.
  await db.schema
    .createTable('calls')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('circle_id', 'bigint')
    .addColumn('week', 'text', (c) => c.notNull().check(sql.raw(`week ~ ${WEEK}`)))
    .addColumn('call_date', 'date', (c) => c.notNull())
    .addColumn('contact_id', 'bigint', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('contact_name', 'text', (c) => c.notNull().check(sql`length(contact_name) between 1 and 80`))
    .addColumn('contact_user_id', 'text')
    .addColumn('category', 'text', (c) => c.notNull().check(sql`length(category) between 1 and 64`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('conversation', 'voicemail', 'no_answer')`))
    .addColumn('minutes', 'integer', (c) => c.check(sql`minutes between 0 and 600`))
    .addColumn('is_callback', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('opportunity', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('follow_up_on', 'date')
    .addColumn('notes', 'text', (c) => c.check(sql`length(notes) <= 2000`))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('modal').check(sql`source in ('modal', 'pair_check', 'import')`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('calls_idempotency_key', ['workspace_id', 'idempotency_key'])
    .addForeignKeyConstraint('calls_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('calls_circle_fkey', ['workspace_id', 'circle_id'], 'circles', ['workspace_id', 'id'], (c) => c.onDelete('set null'))
    .execute();
  await db.schema.createIndex('calls_member_week_idx').on('calls').columns(['workspace_id', 'member_id', 'week']).execute();
  await db.schema.createIndex('calls_circle_week_idx').on('calls').columns(['workspace_id', 'circle_id', 'week']).execute();

  await db.schema
    .createTable('pairings')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('circle_id', 'bigint', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull().check(sql.raw(`week ~ ${WEEK}`)))
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('pairings_circle_week_key', ['workspace_id', 'circle_id', 'week'])
    .addForeignKeyConstraint('pairings_circle_fkey', ['workspace_id', 'circle_id'], 'circles', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('pairing_groups')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('pairing_id', 'bigint', (c) => c.notNull().references('pairings.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('dm_channel_id', 'text')
    .addUniqueConstraint('pairing_groups_position_key', ['pairing_id', 'position'])
    .execute();

  await db.schema
    .createTable('pairing_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('pairing_groups.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('talked', 'text', (c) => c.check(sql`talked in ('yes', 'not_yet', 'cant')`))
    .addColumn('answered_at', 'timestamptz')
    .addPrimaryKeyConstraint('pairing_members_pkey', ['group_id', 'member_id'])
    .addForeignKeyConstraint('pairing_members_member_fkey', ['workspace_id', 'member_id'], 'members', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('pairing_members_member_idx').on('pairing_members').columns(['workspace_id', 'member_id']).execute();

  await db.schema
    .createTable('recaps')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('circle_id', 'bigint', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull().check(sql.raw(`week ~ ${WEEK}`)))
    .addColumn('figures', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('recaps_circle_week_key', ['workspace_id', 'circle_id', 'week'])
    .addForeignKeyConstraint('recaps_circle_fkey', ['workspace_id', 'circle_id'], 'circles', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  // Outbound Slack messages, written in the same transaction as the state that caused them.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('channel_key', 'text', (c) => c.notNull()) // the channel or user the message goes to (per-channel limits)
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('member_id', 'bigint')
    .addColumn('circle_id', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_before', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('result', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('outbox_dedupe_key', ['workspace_id', 'dedupe_key'])
    .execute();
  await sql`create index outbox_due_idx on outbox (not_before, id) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('slack_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Marks for scheduled work that has no natural row of its own (nudges, mid-week checks, pause expiry).
  await db.schema
    .createTable('job_marks')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('job_marks_pkey', ['workspace_id', 'key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['job_marks', 'slack_events', 'outbox', 'recaps', 'pairing_members', 'pairing_groups', 'pairings', 'calls', 'contacts', 'plans', 'pauses', 'members', 'circles', 'installations', 'workspaces']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
