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
        uninstalled_at: null,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getWorkspace(db: Db, workspaceId: string): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst();
}

/** The app was uninstalled or its tokens revoked: jobs skip the workspace; its data is kept for the retention period from `at`. */
export async function markWorkspaceUninstalled(db: Db, workspaceId: string, at: Date): Promise<void> {
  await db
    .updateTable('workspaces')
    .set((eb) => ({ status: 'uninstalled', uninstalled_at: eb.fn.coalesce(eb.ref('uninstalled_at'), eb.val(at)) }))
    .where('id', '=', workspaceId)
    .execute();
}

/**
 * Operator (cross-workspace, for the retention job): workspaces uninstalled at or before `before` whose
 * data is due for deletion.
 */
export async function listWorkspacesUninstalledBefore(db: Db, before: Date): Promise<string[]> {
  const rows = await db.selectFrom('workspaces').select('id').where('status', '=', 'uninstalled').where('uninstalled_at', '<=', before).orderBy('id').execute();
  return rows.map((r) => r.id);
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
export async function deleteWorkspace(db: Db, workspaceId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('slack_events').where('workspace_id', '=', workspaceId).execute();
    await trx.deleteFrom('job_marks').where('workspace_id', '=', workspaceId).execute();
    await trx.deleteFrom('members').where('workspace_id', '=', workspaceId).execute();
    await trx.deleteFrom('workspaces').where('id', '=', workspaceId).execute();
  });
}
