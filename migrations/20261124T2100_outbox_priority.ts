/**
 * Outbox priority: answers to a person (a check-in confirmation, a greeting) are claimed before scheduled
 * messages, so a reply never waits behind a Monday fan-out. 1 = answer to a person, 0 = scheduled.
 * Claims order by (priority desc, not_before, id); the partial index serves that order, and a claim of
 * priority rows only. `outbox_due_idx` (not_before, id) stays: it serves the worker's next-due lookup.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('priority', 'smallint', (c) => c.notNull().defaultTo(0).check(sql`priority >= 0`))
    .execute();
  await sql`create index outbox_claim_idx on outbox (priority desc, not_before, id) where status = 'pending'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_claim_idx`.execute(db);
  await db.schema.alterTable('outbox').dropColumn('priority').execute();
}
