/** A workspace that uninstalled the app or revoked its tokens: jobs skip it from then on. */
import type { Db } from '../db/index.js';
import { markWorkspaceUninstalled } from '../store/workspaces.js';
import { forgetWorkspace } from './members.js';

/** Marks the workspace uninstalled; the next sight of it (a reinstall) upserts it again. */
export async function workspaceUninstalled(db: Db, workspaceId: string): Promise<void> {
  await markWorkspaceUninstalled(db, workspaceId);
  forgetWorkspace(db, workspaceId);
}
