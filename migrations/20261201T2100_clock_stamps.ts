/**
 * Every timestamp the app writes comes from the injected Clock (DESIGN.md "Data rules"), so no column
 * may fall back to the database's `now()`: an insert that forgets its stamp now fails instead of
 * silently taking the host's time (which broke replays, the sandbox clock and tests dated in the past).
 */
import { sql, type Kysely } from 'kysely';

/** [table, column] of every timestamp that defaulted to now() in the initial schema. */
const STAMPS: ReadonlyArray<readonly [string, string]> = [
  ['workspaces', 'created_at'],
  ['installations', 'installed_at'],
  ['circles', 'created_at'],
  ['members', 'created_at'],
  ['pauses', 'created_at'],
  ['plans', 'created_at'],
  ['contacts', 'created_at'],
  ['calls', 'created_at'],
  ['pairings', 'created_at'],
  ['recaps', 'created_at'],
  ['outbox', 'not_before'],
  ['outbox', 'created_at'],
  ['slack_events', 'received_at'],
  ['job_marks', 'done_at'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of STAMPS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop default`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of STAMPS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set default now()`.execute(db);
  }
}
