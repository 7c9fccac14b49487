/**
 * A scratch PostgreSQL database for a benchmark, on the server of `base` (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL): created fresh (a leftover of the same name from a killed run is dropped first) and
 * removed by `drop()`. The benchmarks' one way to make one; tests have theirs in test/helpers/db.ts.
 */
import crypto from 'node:crypto';
import pg from 'pg';

/** One statement on the server's admin connection (the database of `base`). */
export async function adminQuery(base: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function scratchDatabase(base: string, name = `cbbench_${crypto.randomBytes(4).toString('hex')}`): Promise<{ url: string; drop: () => Promise<void> }> {
  await adminQuery(base, `drop database if exists "${name}" with (force)`);
  await adminQuery(base, `create database "${name}"`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => adminQuery(base, `drop database if exists "${name}" with (force)`) };
}
