/**
 * OAuth installs: storing a completed installation (a re-install or a scope upgrade updates
 * the row; "start fresh" deletes the previous history first) with the installer's welcome DM in the
 * same transaction, and finding the installation whose token serves a workspace.
 */
import { enqueueMessage } from '../store/outbox.js';
import {
  findInstallation, installationServing, listTokensSealedWithOtherKeys, resealToken, saveInstallation, setWorkspaceEnterprise, type InstallationRecord,
} from '../store/installations.js';
import type { TokenCipher } from '../store/token-cipher.js';
import { getWorkspace } from '../store/workspaces.js';
import type { ServiceContext } from './messages.js';
import { deleteWorkspaceData } from './workspaces.js';

export type { InstallationRecord } from '../store/installations.js';
export type { TokenCipher } from '../store/token-cipher.js';

export interface InstallContext extends ServiceContext {
  cipher: TokenCipher;
}

export interface InstallOutcome {
  /** The workspace had been uninstalled and its history was kept. */
  returning: boolean;
  /** The previous history was deleted ("start fresh"). */
  fresh: boolean;
}

export async function installationCompleted(ctx: InstallContext, rec: InstallationRecord, options: { fresh?: boolean } = {}): Promise<InstallOutcome> {
  const at = ctx.clock.now();
  let fresh = false;
  if (options.fresh && (await getWorkspace(ctx.db, rec.workspaceId))) {
    await deleteWorkspaceData(ctx.db, rec.workspaceId);
    fresh = true;
  }
  return ctx.db.transaction().execute(async (trx) => {
    const { returning } = await saveInstallation(trx, ctx.cipher, rec, at);
    if (rec.installedBy) {
      const rendered = ctx.messages({ kind: 'installWelcome', workspaceName: rec.isEnterpriseInstall ? rec.enterpriseName : rec.teamName, returning, fresh });
      await enqueueMessage(trx, {
        workspaceId: rec.workspaceId,
        dedupeKey: `install-welcome:${rec.installedBy}:${at.getTime()}`,
        kind: 'install-welcome',
        method: 'chat.postMessage',
        channelKey: rec.installedBy,
        payload: { channel: rec.installedBy, ...rendered },
        at,
        priority: 1,
      });
    }
    return { returning, fresh };
  });
}

const orgMembers = new WeakMap<object, Set<string>>();

/**
 * What Bolt's authorize asks for: the org install (`isEnterpriseInstall`) or the team's own. A team seen
 * under an org install is remembered as the org's, so the outbox finds the org's token for it.
 */
export async function installationFor(ctx: InstallContext, query: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): Promise<InstallationRecord | undefined> {
  if (query.isEnterpriseInstall && query.enterpriseId) {
    const org = await findInstallation(ctx.db, ctx.cipher, query.enterpriseId);
    if (org && query.teamId) {
      // Written once per process and workspace, not on every request.
      const seen = orgMembers.get(ctx.db) ?? new Set<string>();
      orgMembers.set(ctx.db, seen);
      const key = `${query.teamId}\u0000${query.enterpriseId}`;
      if (!seen.has(key)) {
        await setWorkspaceEnterprise(ctx.db, query.teamId, query.enterpriseId, ctx.clock.now());
        seen.add(key);
      }
    }
    return org;
  }
  return query.teamId ? findInstallation(ctx.db, ctx.cipher, query.teamId) : undefined;
}

/** The token that serves a workspace (its own install, or its org's), for the outbox. */
export async function tokenServing(ctx: Pick<InstallContext, 'db' | 'cipher'>, workspaceId: string): Promise<string | undefined> {
  return (await installationServing(ctx.db, ctx.cipher, workspaceId))?.botToken;
}

export interface RotationReport {
  /** Tokens re-sealed with the current key. */
  resealed: number;
  /** Installations whose token no configured key opens (their workspace ids; never a token). */
  unreadable: string[];
  keyId: string;
}

/**
 * `npm run rotate-key`: re-seals every token sealed with another key than the current one (opened with
 * the old keys of TOKEN_ENCRYPTION_OLD_KEYS). Safe to run while the app serves: a row re-installed in
 * the meantime is left as the install wrote it, and running it again is a no-op.
 */
export async function resealTokens(db: InstallContext['db'], cipher: TokenCipher): Promise<RotationReport> {
  const report: RotationReport = { resealed: 0, unreadable: [], keyId: cipher.currentKeyId };
  const skip = new Set<string>();
  for (;;) {
    const page = (await listTokensSealedWithOtherKeys(db, cipher.currentKeyId)).filter((r) => !skip.has(r.workspaceId));
    if (page.length === 0) return report;
    for (const row of page) {
      let token: string;
      try {
        token = cipher.open({ enc: row.enc, keyId: row.keyId }, row.workspaceId);
      } catch {
        skip.add(row.workspaceId);
        report.unreadable.push(row.workspaceId);
        continue;
      }
      if (await resealToken(db, row.workspaceId, row, cipher.seal(token, row.workspaceId))) report.resealed++;
      else skip.add(row.workspaceId);
    }
  }
}
