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

export async function readiness(db: Db): Promise<{ ok: boolean; database: boolean; migrations: boolean }> {
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

/** Routes in the shape of Bolt's `customRoutes`, usable by a plain node:http server too. */
export function healthRoutes(db: Db): HealthRoute[] {
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        readiness(db).then(
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
