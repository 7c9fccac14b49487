/**
 * Builds migrated database templates once per run so each test file gets a fresh database quickly:
 * - PGlite: a migrated in-memory database dumped to a tarball (cached by the migrations' content hash);
 *   files clone it with `loadDataDir` (~0.4 s instead of ~3 s for create + migrate).
 * - PostgreSQL (TEST_DATABASE_URL): a migrated template database; files run `CREATE DATABASE … TEMPLATE`.
 * With REQUIRE_POSTGRES=1 (CI) a missing or unreachable TEST_DATABASE_URL fails the run instead of skipping.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string | null;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

function migrationsHash(): string {
  const dir = path.join(root, 'migrations');
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

async function pgliteTemplate(hash: string): Promise<string> {
  const dir = path.join(root, 'node_modules', '.cache', 'call-buddy');
  const file = path.join(dir, `pglite-template-${hash}.tar`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const handle = await createDb({ memory: true });
  await migrateToLatest(handle.db);
  const dump = await handle.pglite!.dumpDataDir('none');
  await handle.close();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return file;
}

async function pgTemplate(url: string, hash: string): Promise<string> {
  const name = `cb_template_${hash}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(727274)');
    // Drop databases left behind by killed runs: per-file databases are named cb_t_<pid>_…, so only
    // those whose process is gone are dropped (another run in progress keeps its databases).
    const stale = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'cb\\_t\\_%'",
    );
    for (const { datname } of stale.rows) {
      const pid = Number(/^cb_t_(\d+)_/.exec(datname)?.[1]);
      if (pid && processAlive(pid)) continue;
      await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {});
    }
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database "${name}"`);
      const u = new URL(url);
      u.pathname = `/${name}`;
      const handle = await createDb({ databaseUrl: u.toString(), poolMax: 1 });
      try {
        await migrateToLatest(handle.db);
      } catch (err) {
        await handle.close();
        await admin.query(`drop database if exists "${name}"`);
        throw err;
      }
      await handle.close();
    }
  } finally {
    await admin.query('select pg_advisory_unlock(727274)').catch(() => {});
    await admin.end();
  }
  return name;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const hash = migrationsHash();
  project.provide('pgliteTemplate', await pgliteTemplate(hash));
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL tests would be skipped.');
    console.warn('\n[call-buddy] TEST_DATABASE_URL is not set: database tests run on PGlite only; the PostgreSQL runs are skipped.\n');
    project.provide('pgTemplate', null);
    return;
  }
  try {
    project.provide('pgTemplate', await pgTemplate(url, hash));
  } catch (err) {
    throw new Error(`TEST_DATABASE_URL is set but PostgreSQL could not be prepared: ${(err as Error).message}`, { cause: err });
  }
}
