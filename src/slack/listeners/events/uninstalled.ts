/** app_uninstalled / tokens_revoked: the workspace is marked uninstalled; jobs skip it from then on. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { workspaceUninstalled } from '../../../services/workspaces.js';
import type { SlackDeps } from '../../deps.js';
import { handleWithRetries } from './retry.js';

export function appUninstalled(deps: SlackDeps) {
  return async ({ body }: (SlackEventMiddlewareArgs<'app_uninstalled'> | SlackEventMiddlewareArgs<'tokens_revoked'>) & AllMiddlewareArgs): Promise<void> => {
    await handleWithRetries(deps, body.event.type, { teamId: body.team_id }, async () => {
      await workspaceUninstalled(deps.db, body.team_id);
      deps.logger.warn({ teamId: body.team_id, event: body.event.type }, 'workspace uninstalled the app or revoked its tokens');
    });
  };
}
