/**
 * A workspace that uninstalled the app or revoked its tokens: the tokens go at once, jobs skip it from
 * then on, its pending messages are cancelled, and its data is deleted after the retention period
 * (unless it re-installs first, which keeps the history).
 */
import type { Db } from '../db/index.js';
import { listWorkspacesServedByOrg, revokeInstallation } from '../store/installations.js';
import { cancelPendingMessages } from '../store/outbox.js';
import { deleteWorkspace, listWorkspacesUninstalledBefore, markWorkspaceUninstalled } from '../store/workspaces.js';
import { forgetWorkspace } from './members.js';

export interface Uninstalled {
  /** Pending outbox rows cancelled. */
  cancelled: number;
  /** Whether an installation's token was cleared. */
  tokensRevoked: boolean;
}

/** In one transaction: the token cleared, the workspace marked uninstalled (`at`), its pending messages cancelled. */
export async function workspaceUninstalled(db: Db, workspaceId: string, at: Date): Promise<Uninstalled> {
  const result = await db.transaction().execute(async (trx) => {
    const tokensRevoked = await revokeInstallation(trx, workspaceId, at);
    // An org-wide install's token also served the org's workspaces without an install of their own.
    const served = await listWorkspacesServedByOrg(trx, workspaceId);
    let cancelled = 0;
    for (const id of [workspaceId, ...served]) {
      await markWorkspaceUninstalled(trx, id, at);
      cancelled += await cancelPendingMessages(trx, id, at);
    }
    return { cancelled, tokensRevoked, served };
  });
  for (const id of [workspaceId, ...result.served]) forgetWorkspace(db, id);
  return { cancelled: result.cancelled, tokensRevoked: result.tokensRevoked };
}

/** One day in milliseconds (retention is counted in whole days from the uninstall). */
const DAY_MS = 86_400_000;

/**
 * The retention job: deletes every workspace uninstalled `retentionDays` or more before `at`, with
 * every row that belongs to it. Returns the ids deleted.
 */
export async function purgeUninstalledWorkspaces(db: Db, at: Date, retentionDays: number): Promise<string[]> {
  const due = await listWorkspacesUninstalledBefore(db, new Date(at.getTime() - retentionDays * DAY_MS));
  for (const id of due) {
    await deleteWorkspace(db, id);
    forgetWorkspace(db, id);
  }
  return due;
}

/** "Start fresh" on a re-install: the workspace's previous data is deleted now. */
export async function deleteWorkspaceData(db: Db, workspaceId: string): Promise<void> {
  await deleteWorkspace(db, workspaceId);
  forgetWorkspace(db, workspaceId);
}
