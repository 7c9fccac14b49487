/**
 * OAuth installations: one row per workspace install (keyed by the team id) or org-wide install (keyed
 * by the Enterprise Grid org id), the bot token sealed by a TokenCipher (store/token-cipher.ts). The plain
 * token exists only in memory, on its way to a WebClient; no column holds it.
 */
import type { Db } from '../db/index.js';
import type { TokenCipher } from './token-cipher.js';

export interface InstallationRecord {
  /** The team id of a workspace install, the org id of an org-wide install. */
  workspaceId: string;
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  isEnterpriseInstall: boolean;
  appId: string | null;
  botUserId: string | null;
  botId: string | null;
  botToken: string;
  scopes: string[];
  installedBy: string | null;
}

/**
 * Creates or updates the installation (a re-install or a scope upgrade updates the row), and makes its
 * workspace active again. Returns whether the workspace had been uninstalled (its history kept) before.
 */
export async function saveInstallation(db: Db, cipher: TokenCipher, rec: InstallationRecord, at: Date): Promise<{ returning: boolean }> {
  const before = await db.selectFrom('workspaces').select(['status']).where('id', '=', rec.workspaceId).executeTakeFirst();
  await db
    .insertInto('workspaces')
    .values({ id: rec.workspaceId, name: rec.isEnterpriseInstall ? rec.enterpriseName : rec.teamName, bot_user_id: rec.botUserId, enterprise_id: rec.enterpriseId, created_at: at })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('workspaces.name')),
        bot_user_id: eb.ref('excluded.bot_user_id'),
        enterprise_id: eb.ref('excluded.enterprise_id'),
        status: 'active',
        uninstalled_at: null,
      })),
    )
    .execute();
  const sealed = cipher.seal(rec.botToken, rec.workspaceId);
  const row = {
    enterprise_id: rec.enterpriseId,
    app_id: rec.appId,
    bot_user_id: rec.botUserId,
    bot_id: rec.botId,
    bot_token_enc: sealed.enc,
    bot_token_key_id: sealed.keyId,
    is_enterprise_install: rec.isEnterpriseInstall,
    team_name: rec.teamName,
    enterprise_name: rec.enterpriseName,
    scopes: rec.scopes.join(','),
    installed_by: rec.installedBy,
    updated_at: at,
    revoked_at: null,
  };
  await db
    .insertInto('installations')
    .values({ workspace_id: rec.workspaceId, installed_at: at, ...row })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
    .execute();
  return { returning: before?.status === 'uninstalled' };
}

type InstallationRow = { workspace_id: string; enterprise_id: string | null; team_name: string | null; enterprise_name: string | null; is_enterprise_install: boolean; app_id: string | null; bot_user_id: string | null; bot_id: string | null; bot_token_enc: string | null; bot_token_key_id: string | null; scopes: string | null; installed_by: string | null };

function recordOf(cipher: TokenCipher, r: InstallationRow): InstallationRecord | undefined {
  if (!r.bot_token_enc || !r.bot_token_key_id) return undefined;
  return {
    workspaceId: r.workspace_id,
    teamId: r.is_enterprise_install ? null : r.workspace_id,
    teamName: r.team_name,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    isEnterpriseInstall: r.is_enterprise_install,
    appId: r.app_id,
    botUserId: r.bot_user_id,
    botId: r.bot_id,
    botToken: cipher.open({ enc: r.bot_token_enc, keyId: r.bot_token_key_id }, r.workspace_id),
    scopes: (r.scopes ?? '').split(',').filter(Boolean),
    installedBy: r.installed_by,
  };
}

const COLUMNS = ['workspace_id', 'enterprise_id', 'team_name', 'enterprise_name', 'is_enterprise_install', 'app_id', 'bot_user_id', 'bot_id', 'bot_token_enc', 'bot_token_key_id', 'scopes', 'installed_by'] as const;

/** The installation keyed by `workspaceId` (a team's own install, or an org install by its org id), with a live token. */
export async function findInstallation(db: Db, cipher: TokenCipher, workspaceId: string): Promise<InstallationRecord | undefined> {
  const r = await db.selectFrom('installations').select(COLUMNS).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r ? recordOf(cipher, r) : undefined;
}

/**
 * The installation whose token serves a workspace: its own install, else the org-wide install of the
 * org it belongs to (workspaces.enterprise_id).
 */
export async function installationServing(db: Db, cipher: TokenCipher, workspaceId: string): Promise<InstallationRecord | undefined> {
  const own = await findInstallation(db, cipher, workspaceId);
  if (own) return own;
  const ws = await db.selectFrom('workspaces').select('enterprise_id').where('id', '=', workspaceId).executeTakeFirst();
  if (!ws?.enterprise_id || ws.enterprise_id === workspaceId) return undefined;
  const org = await db.selectFrom('installations').select(COLUMNS).where('workspace_id', '=', ws.enterprise_id).where('is_enterprise_install', '=', true).executeTakeFirst();
  return org ? recordOf(cipher, org) : undefined;
}

/** Remembers the org a workspace belongs to (seen on its requests), so an org install's token serves it. */
export async function setWorkspaceEnterprise(db: Db, workspaceId: string, enterpriseId: string, at: Date): Promise<void> {
  await db
    .insertInto('workspaces')
    .values({ id: workspaceId, enterprise_id: enterpriseId, created_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ enterprise_id: enterpriseId }).where('workspaces.enterprise_id', 'is distinct from', enterpriseId))
    .execute();
}

/**
 * Org-wide (cross-workspace within one Enterprise Grid org): the workspaces an org install's token
 * serves, i.e. those of the org with no live install of their own.
 */
export async function listWorkspacesServedByOrg(db: Db, enterpriseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('workspaces')
    .leftJoin('installations', (j) => j.onRef('installations.workspace_id', '=', 'workspaces.id').on('installations.bot_token_enc', 'is not', null))
    .select('workspaces.id')
    .where('workspaces.enterprise_id', '=', enterpriseId)
    .where('workspaces.id', '!=', enterpriseId)
    .where('installations.workspace_id', 'is', null)
    .orderBy('workspaces.id')
    .execute();
  return rows.map((r) => r.id);
}

/** The tokens are gone at once (uninstall, revocation): the row stays, sealed token and key id cleared. */
export async function revokeInstallation(db: Db, workspaceId: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('installations')
    .set({ bot_token_enc: null, bot_token_key_id: null, revoked_at: at, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('bot_token_enc', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Removes the installation row (Bolt's deleteInstallation). */
export async function deleteInstallation(db: Db, workspaceId: string): Promise<void> {
  await db.deleteFrom('installations').where('workspace_id', '=', workspaceId).execute();
}

/**
 * Operator (cross-workspace, for `npm run rotate-key`): the installations whose token was sealed with
 * another key than `keyId`, a page at a time.
 */
export async function listTokensSealedWithOtherKeys(db: Db, keyId: string, limit = 500): Promise<{ workspaceId: string; enc: string; keyId: string }[]> {
  const rows = await db
    .selectFrom('installations')
    .select(['workspace_id', 'bot_token_enc', 'bot_token_key_id'])
    .where('bot_token_enc', 'is not', null)
    .where('bot_token_key_id', '!=', keyId)
    .orderBy('workspace_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, enc: r.bot_token_enc!, keyId: r.bot_token_key_id! }));
}

/** Replaces a sealed token if it is still the one read (a concurrent re-install wins). */
export async function resealToken(db: Db, workspaceId: string, from: { enc: string }, to: { enc: string; keyId: string }): Promise<boolean> {
  const r = await db
    .updateTable('installations')
    .set({ bot_token_enc: to.enc, bot_token_key_id: to.keyId })
    .where('workspace_id', '=', workspaceId)
    .where('bot_token_enc', '=', from.enc)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
