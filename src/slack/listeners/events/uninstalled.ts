/**
 * app_uninstalled / tokens_revoked: the tokens are deleted at once, the workspace (or, for an org-wide
 * install, the org) is marked uninstalled so jobs skip it, and its pending messages are cancelled. Bolt
 * runs these two events without authorizing them (the token is already gone).
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { workspaceUninstalled } from '../../../services/workspaces.js';
import type { SlackDeps } from '../../deps.js';
import { handleWithRetries } from './retry.js';

type Body = { team_id: string; enterprise_id?: string | null; authorizations?: { is_enterprise_install?: boolean }[]; event: { type: string } };

/** The installation the event is about: the org for an org-wide install, else the team. */
export function installationKeyOf(body: Body): string {
  const org = body.authorizations?.[0]?.is_enterprise_install === true && body.enterprise_id;
  return org ? body.enterprise_id! : body.team_id;
}

export function appUninstalled(deps: SlackDeps) {
  return async ({ body }: (SlackEventMiddlewareArgs<'app_uninstalled'> | SlackEventMiddlewareArgs<'tokens_revoked'>) & AllMiddlewareArgs): Promise<void> => {
    const key = installationKeyOf(body as unknown as Body);
    await handleWithRetries(deps, body.event.type, { teamId: body.team_id }, async () => {
      const r = await workspaceUninstalled(deps.db, key, deps.clock.now());
      deps.logger.warn({ teamId: key, event: body.event.type, cancelled: r.cancelled, tokensRevoked: r.tokensRevoked }, 'workspace uninstalled the app or revoked its tokens');
    });
  };
}
