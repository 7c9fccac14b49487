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

export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const bytes = fs.readFileSync(inject('pgliteTemplate'));
    return createDb({ memory: true, loadDataDir: new Blob([bytes]) });
  }
  const template = inject('pgTemplate');
  const base = process.env.TEST_DATABASE_URL;
  if (!template || !base) throw new Error('PostgreSQL is not configured for tests');
  const name = `cb_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: u.toString(), poolMax: 5 });
  return {
    ...handle,
    url: u.toString(),
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      try {
        await a.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
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
