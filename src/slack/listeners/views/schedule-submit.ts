/** The Schedule modal submitted: inline errors, or the reminder saved (once per view) and its confirmation DM sent. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { scheduleCall } from '../../../services/reminders.js';
import type { SlackDeps } from '../../deps.js';
import { SCHEDULE_BLOCK } from '../../views/ids.js';
import { parseScheduleValues, scheduleErrors } from '../../views/reminders.js';
import type { ViewStateValues } from '../../views/state.js';
import { deliverNow, logFailure } from '../support.js';

function metadata(raw: string | undefined): { contactId: number | null; name: string; category: string | null } {
  try {
    const v = JSON.parse(raw ?? '{}') as { contactId?: unknown; name?: unknown; category?: unknown };
    return {
      contactId: typeof v.contactId === 'number' ? v.contactId : null,
      name: typeof v.name === 'string' ? v.name : '',
      category: typeof v.category === 'string' && v.category !== '' ? v.category : null,
    };
  } catch {
    return { contactId: null, name: '', category: null };
  }
}

export function scheduleSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    let saved: Awaited<ReturnType<typeof scheduleCall>>;
    try {
      const meta = metadata(view.private_metadata);
      const values = parseScheduleValues(view.state.values as ViewStateValues);
      saved = await scheduleCall(deps, { workspaceId: who.teamId, slackUserId: who.userId, viewId: view.id, contactId: meta.contactId, name: meta.name, category: values.category ?? meta.category, raw: values });
    } catch (err) {
      logFailure(deps, 'schedule submit', who, err);
      await ack({ response_action: 'errors', errors: { [SCHEDULE_BLOCK.time]: "Sorry, we couldn't save this just now. Please try again in a moment." } });
      return;
    }
    if (!saved.ok && 'errors' in saved) {
      await ack({ response_action: 'errors', errors: scheduleErrors(saved.errors) });
      return;
    }
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: { [SCHEDULE_BLOCK.day]: 'That person is not on your list any more.' } });
      return;
    }
    await ack();
    if (saved.created) await deliverNow(deps);
  };
}
