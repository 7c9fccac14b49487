/**
 * "Log a call" submitted: invalid input comes back as inline errors; a valid check-in is saved once
 * (view id = idempotency key) with its confirmation DM in the outbox (rendered from the service's
 * model), then delivered and the Home republished from the same progress after the commit.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { CHECK_IN_BLOCK } from '../../views/ids.js';
import { logCall } from '../../../services/checkin.js';
import type { SlackDeps } from '../../deps.js';
import { checkInErrors, parseCheckInValues } from '../../views/checkin.js';
import type { ViewStateValues } from '../../views/state.js';
import { publishHome } from '../home.js';
import { ackBudget, deliverNow, logFailure, slackProfile } from '../support.js';

export function checkInSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    let saved: Awaited<ReturnType<typeof logCall>> | undefined;
    // Slack waits 3 s for this ack: a stalled database or users.info gets "try again", not silence.
    const budget = ackBudget();
    try {
      const raw = parseCheckInValues(view.state.values as ViewStateValues);
      // A person picked from Slack without a typed name: use their Slack name as the contact's name.
      const whoUserName = !raw.who?.trim() && raw.who_user_id ? ((await budget.within(slackProfile(client, raw.who_user_id)).catch(() => null))?.displayName ?? null) : null;
      saved = await budget.within(logCall(deps, { workspaceId: who.teamId, slackUserId: who.userId, viewId: view.id, raw, whoUserName }));
    } catch (err) {
      logFailure(deps, 'check-in submit', who, err);
      // Keep the modal (and what they typed) open with a short apology rather than losing the call.
      await ack({ response_action: 'errors', errors: { [CHECK_IN_BLOCK.who]: "Sorry, we couldn't save this just now. Please try Save again in a moment." } });
      return;
    }
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: checkInErrors(saved.errors) });
      return;
    }
    await ack();
    if (!saved.created) return;
    // One path after the commit: the confirmation the service enqueued, then the Home from the same progress.
    await deliverNow(deps);
    try {
      await publishHome(deps, client, saved.member, saved.progress);
    } catch (err) {
      logFailure(deps, 'home after check-in', who, err);
    }
  };
}
