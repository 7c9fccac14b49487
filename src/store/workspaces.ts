import type { Db } from '../db/index.js';
import type { Workspace } from '../db/types.js';

export async function upsertWorkspace(db: Db, ws: { id: string; name?: string | null; domain?: string | null; botUserId?: string | null; at: Date }): Promise<Workspace> {
  return db
    .insertInto('workspaces')
    .values({ id: ws.id, name: ws.name ?? null, domain: ws.domain ?? null, bot_user_id: ws.botUserId ?? null, created_at: ws.at })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('workspaces.name')),
        domain: eb.fn.coalesce(eb.ref('excluded.domain'), eb.ref('workspaces.domain')),
        bot_user_id: eb.fn.coalesce(eb.ref('excluded.bot_user_id'), eb.ref('workspaces.bot_user_id')),
        status: 'active',
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markWorkspaceUninstalled(db: Db, id: string): Promise<void> {
  await db.updateTable('workspaces').set({ status: 'uninstalled' }).where('id', '=', id).execute();
}

export async function listActiveWorkspaces(db: Db): Promise<Workspace[]> {
  return db.selectFrom('workspaces').selectAll().where('status', '=', 'active').orderBy('id').execute();
}

/**
 * Deletes a workspace and every row that belongs to it (and nothing else: a shared PostgreSQL keeps
 * everyone else's). Members go first because circles refuse to be deleted while members point at
 * them; the workspace's delete cascades to the rest. Tables without a foreign key to the workspace
 * (processed events, job marks) are cleaned by hand.
 */
export async function deleteWorkspace(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('slack_events').where('workspace_id', '=', id).execute();
    await trx.deleteFrom('job_marks').where('workspace_id', '=', id).execute();
    await trx.deleteFrom('members').where('workspace_id', '=', id).execute();
    await trx.deleteFrom('workspaces').where('id', '=', id).execute();
  });
}
