/**
 * createDb(config): Kysely on PostgreSQL (pg Pool) when DATABASE_URL is set, otherwise on an embedded
 * PGlite in DATA_DIR (or in memory). The same SQL runs on both; what differs is normalised here:
 * int8 (bigint ids, count(*)) comes back as a number and `date` as a 'YYYY-MM-DD' string on both.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, type Compilable, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The embedded database, when kind is 'pglite' (tests dump it to clone a migrated template). */
  pglite?: PGlite;
  /** Closes the pool or PGlite and releases the data-directory lock. Safe to call twice. */
  close(): Promise<void>;
  /** PostgreSQL: the pool's connections now (for the metrics); absent on PGlite (one connection, no pool). */
  poolStats?: () => { total: number; idle: number; waiting: number };
}

export interface DbOptions {
  databaseUrl?: string;
  /** DATA_DIR: PGlite keeps its files in `<dataDir>/pglite`; 'memory://' (or memory: true) for an in-memory database. */
  dataDir?: string;
  memory?: boolean;
  /** A PGlite data-dir dump (from dumpDataDir) to start from: used to clone a migrated template in tests. */
  loadDataDir?: Blob | File;
  poolMax?: number;
  /** Errors of idle pooled connections (server restart, dropped database): logged, never a crash. */
  onPoolError?: (err: Error) => void;
  /**
   * PostgreSQL only. `connectMs`: the longest wait for a pooled connection (a new one, or a free slot);
   * `queryMs`: the longest one statement may take, enforced by the server (statement_timeout) and by
   * the client (query_timeout, which also covers a connection that stalls without closing). A client
   * whose query timed out is discarded, never reused. Unset: no limits.
   */
  timeouts?: { connectMs?: number; queryMs?: number };
}

const INT8_OID = 20;
const DATE_OID = 1082;
const NUMERIC_OID = 1700;

const toNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) && Number.isInteger(n)) throw new Error(`int8 value ${v} is beyond JavaScript's safe integers`);
  return n;
};

export class DataDirLockedError extends Error {}

/** Only one process may open a PGlite directory: a lock file holds the owner's pid. */
function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'call-buddy.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(
          `The embedded database in ${path.resolve(dir)} is in use by another Call Buddy process (pid ${owner}). ` +
            'Stop that process, choose another DATA_DIR, or set DATABASE_URL to share a PostgreSQL database between processes.',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale lock from a process that died
    }
  }
  throw new DataDirLockedError(`Could not take the lock on ${path.resolve(dir)}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where PGlite keeps its files inside DATA_DIR (the lock file and the sandbox state sit beside it). */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** Deletes the embedded database in DATA_DIR (for `npm start -- --reset`); refuses while another process uses it. */
export function resetEmbeddedDb(dataDir: string): void {
  const release = lockDataDir(dataDir);
  try {
    fs.rmSync(pgliteDir(dataDir), { recursive: true, force: true });
  } finally {
    release();
  }
}

/**
 * PostgreSQL settings for PGlite, on top of its defaults and of the postgresql.conf initdb wrote
 * (shared_buffers 128MB, max_connections 100). What an open PGlite adds to a process's RSS, measured
 * on the sandbox's database (bench/results/memory-variants.json): about 62 MB with these settings
 * (77 MB with 16MB of buffers), not counting the initdb of a fresh directory (a child process, below):
 * - its WebAssembly memory: 128 MB reserved (the build's minimum; `initialMemory` cannot go lower),
 *   of which only touched pages count. PostgreSQL touches all of its shared memory at start, so
 *   shared_buffers counts in full (16MB cost 16 MB), plus about 12 MB of its own heap, caches and
 *   stack, and about 2 MB of per-backend slots that max_connections sizes;
 * - the module's bytes, which V8 keeps for lazy compilation (9 MB), its compiled code (4-7 MB with
 *   --liftoff-only), the file-system bundle (share/, 6 MB), PGlite's JavaScript (about 7 MB), and
 *   malloc and the node binary's pages it touches (about 10 MB).
 * 4MB of buffers hold the whole sandbox database (under 2 MB of tables and indexes; 10 MB with the
 * catalogs) at no measured cost in speed (1MB made bulk writes take 1.8 times as long). One process
 * opens PGlite through one connection, so five connection slots are plenty.
 */
const PGLITE_SETTINGS = [
  ...['shared_buffers=4MB', 'max_connections=5', 'wal_buffers=1MB', 'temp_buffers=1MB', 'work_mem=2MB', 'maintenance_work_mem=16MB'].flatMap((s) => ['-c', s]),
];

/** Runs PGlite's initdb for `dataDir` in a child process (plain JavaScript, so it runs from the sources and from dist). */
async function initPgliteDir(dataDir: string): Promise<void> {
  const entry = path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'index.js');
  const code = `const { PGlite } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const db = await PGlite.create({ dataDir: process.argv[1] });
await db.close();`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Creating the embedded database in ${dataDir} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID) return toNumber;
        if (oid === NUMERIC_OID) return Number;
        if (oid === DATE_OID) return (v: string) => v;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    };
    const { connectMs, queryMs } = options.timeouts ?? {};
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      types,
      keepAlive: true,
      ...(connectMs ? { connectionTimeoutMillis: connectMs } : {}),
      ...(queryMs ? { statement_timeout: queryMs, query_timeout: queryMs, idle_in_transaction_session_timeout: 2 * queryMs } : {}),
    });
    // Without a listener, an error on an idle client (e.g. the server restarting) would crash the process.
    pool.on('error', (err) => options.onPoolError?.(err));
    // The pool listens only while a client is idle. A connection reset during a query (a failover) emits
    // 'error' on the client in use: that query rejects with it, and this listener keeps it from being
    // an unhandled 'error' event that ends the process. The pool discards the broken client on release.
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: discardingTimedOut(pool) }) });
    let closed = false;
    return {
      db,
      kind: 'postgres',
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: async () => {
        if (closed) return;
        closed = true;
        await db.destroy();
      },
    };
  }

  const memory = options.memory || !options.dataDir || options.dataDir.startsWith('memory://');
  const release = memory ? () => {} : lockDataDir(options.dataDir!);
  let pglite: PGlite;
  try {
    // Loaded only when used: a PostgreSQL deployment never pays for the WebAssembly build.
    const { PGlite } = await import('@electric-sql/pglite');
    const dataDir = memory ? undefined : pgliteDir(options.dataDir!);
    // A fresh directory needs initdb, which PGlite runs in a second PostgreSQL instance beside this one;
    // WebAssembly memory is never handed back, so that would stay in this process for good (about
    // 500 MB). A short-lived child process creates the directory instead.
    if (dataDir && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initPgliteDir(dataDir);
    pglite = await PGlite.create({
      dataDir,
      loadDataDir: options.loadDataDir,
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
      parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: Number, [DATE_OID]: (v: string) => v },
    });
  } catch (err) {
    release();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/** SQL texts run as named (prepared) statements on PostgreSQL, by their statement name. */
const preparedNames = new Map<string, string>();

/**
 * Runs a query as a named prepared statement on PostgreSQL and returns its rows. Each pooled connection
 * parses and plans it once, and after a few runs PostgreSQL may keep one generic plan: for the boards'
 * one-statement reads, planning costs more than running (1.5 of 3 ms). The query is compiled once here
 * (Kysely's own execute would compile it again). Only queries run here are prepared, so the statements
 * a connection keeps stay a short, fixed list (their text depends on the query's shape, never on its
 * values). PGlite runs them as it runs any query.
 */
export async function executePrepared<R>(db: Db, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  if (!preparedNames.has(compiled.sql)) preparedNames.set(compiled.sql, `cb_${crypto.createHash('sha1').update(compiled.sql).digest('hex').slice(0, 20)}`);
  return (await db.executeQuery(compiled)).rows;
}

/**
 * The pool as Kysely sees it, except that a client whose query hit query_timeout goes back to the pool
 * as broken (and is closed): its timed-out statement may still be running, and a ROLLBACK queued behind
 * it is dropped by pg, so reusing it could run the next user's queries inside an abandoned transaction.
 * Queries run by `executePrepared` run as named statements.
 */
function discardingTimedOut(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let broken: Error | undefined;
      const query = ((...args: Parameters<pg.PoolClient['query']>) => {
        const name = typeof args[0] === 'string' ? preparedNames.get(args[0]) : undefined;
        const result = name
          ? client.query({ name, text: args[0] as string, values: args[1] as unknown[] })
          : (client.query as (...a: unknown[]) => unknown)(...args);
        if (result instanceof Promise) {
          result.catch((err: unknown) => {
            if (err instanceof Error && /Query read timeout|Connection terminated/.test(err.message)) broken = err;
          });
        }
        return result;
      }) as PostgresPoolClient['query'];
      return {
        query,
        get processID() {
          return (client as { processID?: number }).processID;
        },
        release: (discard?: boolean) => client.release(broken ?? discard ?? false),
      } as PostgresPoolClient;
    },
    end: () => pool.end(),
    Client: pg.Client,
    options: pool.options,
  };
}

/** Normalise a count that may arrive as string (pg without our parser) or number. */
export function toCount(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  return 0;
}
