/**
 * Database tests run on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL too. Each file gets
 * its own fresh database (a PGlite clone, or a PostgreSQL database copied from the migrated template),
 * so files run in parallel.
 *
 *   describeDb('calls store', (ctx) => { it('…', async () => { await ctx().db.selectFrom(…) }) })
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/index.js';

export type DbKind = 'pglite' | 'postgres';

export interface TestDb extends DbHandle {
  /** Connection URL (PostgreSQL only), e.g. to start a second process on the same database. */
  url?: string;
}

export function postgresAvailable(): boolean {
  return inject('pgTemplate') !== null;
}

/**
 * A fresh PostgreSQL database copied from the migrated template: its URL and a `drop()`. The prefix
 * matters: the global setup drops stale `cb_t_…` databases of dead processes.
 */
export async function createPgDatabaseFromTemplate(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject('pgTemplate');
  const base = process.env.TEST_DATABASE_URL;
  if (!template || !base) throw new Error('PostgreSQL is not configured for tests');
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}" template "${template}"`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const bytes = fs.readFileSync(inject('pgliteTemplate'));
    return createDb({ memory: true, loadDataDir: new Blob([bytes]) });
  }
  const database = await createPgDatabaseFromTemplate('cb_t');
  const handle = await createDb({ databaseUrl: database.url, poolMax: 5 });
  return {
    ...handle,
    url: database.url,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

/** Runs `fn` once per database kind, each with a fresh database for the whole block. */
export function describeDb(name: string, fn: (ctx: () => TestDb, kind: DbKind) => void): void {
  const kinds: DbKind[] = ['pglite', 'postgres'];
  for (const kind of kinds) {
    if (kind === 'postgres' && !postgresAvailable()) {
      describe.skip(`${name} [postgres: skipped, TEST_DATABASE_URL not set]`, () => {});
      continue;
    }
    describe(`${name} [${kind}]`, () => {
      let handle: TestDb | undefined;
      beforeAll(async () => {
        handle = await openTestDb(kind);
      });
      afterAll(async () => {
        await handle?.close();
      });
      fn(() => {
        if (!handle) throw new Error('test database not ready');
        return handle;
      }, kind);
    });
  }
}

/**
 * A fresh PostgreSQL database copied from the migrated template, named `cbjobs_…` rather than
 * `cb_t_…`: the global setup of a concurrent test run drops every `cb_t_…` database it finds, which
 * would pull the database from under a long multi-process test.
 */
export async function openJobsPgDb(): Promise<{ url: string; close: () => Promise<void> }> {
  const database = await createPgDatabaseFromTemplate('cbjobs');
  return { url: database.url, close: database.drop };
}
