/** GET /healthz (process alive) and GET /readyz (database answers and migrations are applied). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { migrationsApplied } from '../db/migrate.js';

export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export interface Readiness {
  ok: boolean;
  database: boolean;
  migrations: boolean;
  /** The outbox worker's loop is running (reported when the composition root registered it). */
  outbox?: boolean;
  /** The scheduler ticks (reported when registered). */
  scheduler?: boolean;
  /** Set when the database did not answer within the deadline. */
  timedOut?: boolean;
}

/** How long /readyz waits for the database before answering 503. */
export const READINESS_DEADLINE_MS = 800;

export async function readiness(db: Db): Promise<Readiness> {
  let database = false;
  try {
    await sql`select 1`.execute(db);
    database = true;
  } catch {
    database = false;
  }
  const migrations = database && (await migrationsApplied(db));
  return { ok: database && migrations, database, migrations };
}

/**
 * readiness() within `deadlineMs`: a stalled database is "not ready" at once, not a hung probe. Probes
 * that arrive while one check is still waiting on the database share it, so a stall never piles up
 * queries on the pool.
 */
export function boundedReadiness(db: Db, deadlineMs = READINESS_DEADLINE_MS): () => Promise<Readiness> {
  let pending: Promise<Readiness> | undefined;
  return () => {
    const check = (pending ??= readiness(db)
      .catch((): Readiness => ({ ok: false, database: false, migrations: false }))
      .finally(() => {
        pending = undefined;
      }));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Readiness>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, database: false, migrations: false, timedOut: true }), deadlineMs);
      timer.unref?.();
    });
    return Promise.race([check, late]).finally(() => clearTimeout(timer));
  };
}

/** The background parts /readyz reports beside the database: each answers whether it is alive. */
export interface Liveness {
  outbox?: () => boolean;
  scheduler?: () => boolean;
}

/** The database's readiness with the background parts' liveness added: ready only when all are. */
export function withLiveness(r: Readiness, liveness: Liveness | undefined): Readiness {
  if (!liveness) return r;
  const out: Readiness = { ...r };
  if (liveness.outbox) out.outbox = liveness.outbox();
  if (liveness.scheduler) out.scheduler = liveness.scheduler();
  out.ok = r.ok && out.outbox !== false && out.scheduler !== false;
  return out;
}

/** Routes in the shape of Bolt's `customRoutes`, usable by a plain node:http server too. */
export function healthRoutes(db: Db, liveness?: Liveness): HealthRoute[] {
  const check = boundedReadiness(db);
  const ready = async () => withLiveness(await check(), liveness);
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        ready().then(
          (r) => json(res, r.ok ? 200 : 503, r),
          () => json(res, 503, { ok: false }),
        );
      },
    },
  ];
}

/** Dispatches a request to a matching route; returns false when none matches. */
export function routeRequest(routes: HealthRoute[], req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = routes.find((r) => r.path === url.pathname && r.method.includes(req.method ?? 'GET'));
  if (!route) return false;
  route.handler(req, res);
  return true;
}
