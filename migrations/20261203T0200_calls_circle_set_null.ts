/**
 * Deleting a circle kept its members' calls but failed: `calls_circle_fkey` is on
 * (workspace_id, circle_id), and `on delete set null` nulled both columns, and workspace_id is not
 * nullable. The constraint now nulls circle_id alone (PostgreSQL 15's column list).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table calls drop constraint calls_circle_fkey`.execute(db);
  await sql`alter table calls add constraint calls_circle_fkey foreign key (workspace_id, circle_id)
            references circles (workspace_id, id) on delete set null (circle_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table calls drop constraint calls_circle_fkey`.execute(db);
  await sql`alter table calls add constraint calls_circle_fkey foreign key (workspace_id, circle_id)
            references circles (workspace_id, id) on delete set null`.execute(db);
}
