/**
 * Reminder buttons: "Schedule" (action `reminder_schedule_open`, value JSON `{"contactId":n,"category":s}`
 * or `{"name":s,"category":s}`) opens the Schedule modal; on a reminder DM "Log it" opens the check-in
 * prefilled and "Snooze a week" moves it; "Remind me in 2 days" on an unanswered call's confirmation.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { remindAgain, reminderToLog, snoozeReminder, type ScheduleTarget } from '../../../services/reminders.js';
import type { SlackDeps } from '../../deps.js';
import { errorMessage } from '../../views/commands.js';
import { reminderSetMessage, reminderUpdated } from '../../views/reminders.js';
import { openCheckIn, openSchedule } from '../modals.js';
import { apologize, deliverNow, logFailure, memberFor } from '../support.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const whoOf = (body: Args['body']) => ({ teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id });

/**
 * A short answer to the click: ephemeral where the button was in a message (response_url), else (a
 * button on the App Home, where Slack gives none) a DM, as the apology does.
 */
async function tell(args: Pick<Args, 'respond' | 'client' | 'body'>, message: { text: string; blocks: unknown[] }): Promise<void> {
  if (args.body.response_url) await args.respond({ response_type: 'ephemeral', replace_original: false, ...(message as { text: string }) });
  else await args.client.chat.postMessage({ channel: args.body.user.id, ...(message as { text: string }) });
}

/** The Schedule button's value: a contact id or a name, and a category; null when malformed. */
export function parseScheduleValue(value: string | undefined): { target: ScheduleTarget; category: string | null } | null {
  try {
    const v = JSON.parse(value ?? '') as { contactId?: unknown; name?: unknown; category?: unknown };
    const category = typeof v.category === 'string' && v.category !== '' ? v.category : null;
    if (typeof v.contactId === 'number' && Number.isInteger(v.contactId)) return { target: { contactId: v.contactId }, category };
    if (typeof v.name === 'string' && v.name.trim() !== '') return { target: { name: v.name.trim().slice(0, 80) }, category };
    return null;
  } catch {
    return null;
  }
}

export function scheduleOpenClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const who = whoOf(body);
    try {
      const { member, greeted } = await memberFor(deps, client, who);
      const parsed = parseScheduleValue(action.value);
      const opened = parsed ? await openSchedule(deps, client, body.trigger_id, member, parsed.target, parsed.category) : false;
      if (!opened) await tell({ respond, client, body }, errorMessage("I couldn't find that person on your list. Try `/calls schedule <name>`."));
      if (greeted) await deliverNow(deps);
    } catch (err) {
      logFailure(deps, 'open schedule', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}

export function reminderLogClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const who = whoOf(body);
    try {
      const { member } = await memberFor(deps, client, who);
      const target = await reminderToLog(deps.db, member, Number(action.value));
      if (!target) {
        await tell({ respond, client, body }, errorMessage('That reminder is not yours, or it is gone.'));
        return;
      }
      await openCheckIn(deps, client, body.trigger_id, member, { who: target.name, category: target.category });
    } catch (err) {
      logFailure(deps, 'reminder log it', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}

export function reminderSnoozeClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const who = whoOf(body);
    try {
      const moved = await snoozeReminder(deps, { workspaceId: who.teamId, slackUserId: who.userId, reminderId: Number(action.value) });
      if (!moved) {
        await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage('That reminder is not yours, or it is gone.') });
        return;
      }
      await respond({ replace_original: true, ...reminderUpdated({ contactName: moved.contact_name, snoozedTo: { date: moved.due_on, time: moved.due_time } }) });
    } catch (err) {
      logFailure(deps, 'reminder snooze', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}

export function remindAgainClicked(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const who = whoOf(body);
    try {
      const r = await remindAgain(deps, { workspaceId: who.teamId, slackUserId: who.userId, callId: Number(action.value) });
      if (!r.ok) {
        const why = r.reason === 'answered' ? 'That call was a conversation: no need to try again.' : 'That call is not yours, or it is gone.';
        await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage(why) });
        return;
      }
      await respond({ response_type: 'ephemeral', replace_original: false, ...reminderSetMessage({ contactName: r.reminder.contact_name, date: r.reminder.due_on, time: r.reminder.due_time, kind: 'retry' }) });
    } catch (err) {
      logFailure(deps, 'remind again', who, err);
      await apologize(deps, client, who, respond);
    }
  };
}
