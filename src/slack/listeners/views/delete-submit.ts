/**
 * The delete-my-data modal submitted: anything but DELETE is an inline error (nothing deleted); DELETE
 * deletes in one transaction within the ack budget, then the modal says it is done and the App Home
 * no longer shows the old figures.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { deleteMemberData } from '../../../services/deletion.js';
import type { SlackDeps } from '../../deps.js';
import { confirmsDeletion, deleteConfirmError, deletedHome, deletedModal, deleteFailedError } from '../../views/delete.js';
import { DELETE_BLOCK } from '../../views/ids.js';
import { readText, type ViewStateValues } from '../../views/state.js';
import { ackBudget, errorInfo, logFailure } from '../support.js';

export function deleteMyDataSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    if (!confirmsDeletion(readText(view.state.values as ViewStateValues, DELETE_BLOCK.confirm))) {
      await ack({ response_action: 'errors', errors: deleteConfirmError() });
      return;
    }
    try {
      const r = await ackBudget().within(deleteMemberData(deps.db, { workspaceId: who.teamId, slackUserId: who.userId }));
      deps.logger.info({ teamId: who.teamId, userId: who.userId, deleted: r.deleted, touched: r.touched }, 'member data deleted');
    } catch (err) {
      logFailure(deps, 'delete my data', who, err);
      await ack({ response_action: 'errors', errors: deleteFailedError() });
      return;
    }
    await ack({ response_action: 'update', view: deletedModal() });
    try {
      await client.views.publish({ user_id: who.userId, view: deletedHome() });
    } catch (err) {
      deps.logger.warn({ teamId: who.teamId, userId: who.userId, err: errorInfo(err) }, 'could not replace the App Home after a deletion');
    }
  };
}
