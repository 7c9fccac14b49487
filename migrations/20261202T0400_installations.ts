/**
 * Distribution (issue 16): installations hold the bot token encrypted (AES-256-GCM, with the id of the
 * key that sealed it) and never in plain text, so the plain `bot_token` column goes; workspace and
 * org-wide (Enterprise Grid) installs; a workspace remembers its org and when it was uninstalled (its
 * data is deleted after the retention period); an outbox row of an uninstalled workspace is `cancelled`.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('installations').dropColumn('bot_token').execute();
  await db.schema
    .alterTable('installations')
    .addColumn('bot_token_enc', 'text')
    .addColumn('bot_token_key_id', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('is_enterprise_install', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('team_name', 'text')
    .addColumn('enterprise_name', 'text')
    .addColumn('updated_at', 'timestamptz')
    .execute();
  // A token is stored sealed or not at all (revoked), never half.
  await sql`alter table installations add constraint installations_token_sealed check ((bot_token_enc is null) = (bot_token_key_id is null))`.execute(db);
  await db.schema.createIndex('installations_enterprise_idx').on('installations').columns(['enterprise_id']).where(sql.ref('is_enterprise_install'), '=', true).execute();

  await db.schema.alterTable('workspaces').addColumn('enterprise_id', 'text').addColumn('uninstalled_at', 'timestamptz').execute();

  await sql`alter table outbox drop constraint outbox_status_check`.execute(db);
  await sql`alter table outbox add constraint outbox_status_check check (status in ('pending', 'sent', 'failed', 'cancelled'))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from outbox where status = 'cancelled'`.execute(db);
  await sql`alter table outbox drop constraint outbox_status_check`.execute(db);
  await sql`alter table outbox add constraint outbox_status_check check (status in ('pending', 'sent', 'failed'))`.execute(db);
  await db.schema.alterTable('workspaces').dropColumn('enterprise_id').dropColumn('uninstalled_at').execute();
  await db.schema.dropIndex('installations_enterprise_idx').ifExists().execute();
  await sql`alter table installations drop constraint installations_token_sealed`.execute(db);
  await db.schema
    .alterTable('installations')
    .dropColumn('bot_token_enc').dropColumn('bot_token_key_id').dropColumn('bot_id').dropColumn('is_enterprise_install')
    .dropColumn('team_name').dropColumn('enterprise_name').dropColumn('updated_at')
    .execute();
  await db.schema.alterTable('installations').addColumn('bot_token', 'text').execute();
}
