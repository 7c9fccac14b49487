/**
 * The people modals submitted: "Add people" and "Edit person" save when valid (inline errors
 * otherwise), then refresh the list they were opened from (its response_url, kept in the modal's
 * private_metadata) and the Home; "Ask for a time" records that the member sent the message (not a call).
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Member } from '../../../services/models.js';
import { addPeople, askedForTime, editPerson } from '../../../services/people.js';
import type { SlackDeps } from '../../deps.js';
import { esc, listJoin, plural } from '../../views/blocks.js';
import { ASK_BLOCK, PERSON_BLOCK } from '../../views/ids.js';
import { parseAddPeopleValues, parsePersonValues, personErrors } from '../../views/people.js';
import type { ViewStateValues } from '../../views/state.js';
import { listPage } from '../actions/people.js';
import { publishHome } from '../home.js';
import { readOrigin } from '../modals.js';
import { ackBudget, logFailure, memberFor, replaceViaResponseUrl } from '../support.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const SORRY = "Sorry, we couldn't save this just now. Please try again in a moment.";

async function afterSave(deps: SlackDeps, args: Args, member: Member, notice: string): Promise<void> {
  const who = { teamId: member.workspace_id, userId: member.slack_user_id };
  const origin = readOrigin(args.view.private_metadata);
  try {
    if (origin.responseUrl) await replaceViaResponseUrl(deps, origin.responseUrl, await listPage(deps, member, 0, false, notice));
    await publishHome(deps, args.client, member);
  } catch (err) {
    logFailure(deps, 'after a people modal', who, err);
  }
}

export function addPeopleSubmitted(deps: SlackDeps) {
  return async (args: Args): Promise<void> => {
    const { ack, body, view, client } = args;
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    const budget = ackBudget();
    let member: Member;
    let saved: Awaited<ReturnType<typeof addPeople>>;
    try {
      member = (await budget.within(memberFor(deps, client, who))).member;
      saved = await budget.within(addPeople(deps.db, deps.clock, member, parseAddPeopleValues(view.state.values as ViewStateValues)));
    } catch (err) {
      logFailure(deps, 'add people submit', who, err);
      await ack({ response_action: 'errors', errors: { [PERSON_BLOCK.names]: SORRY } });
      return;
    }
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: personErrors(saved.errors) });
      return;
    }
    await ack();
    const { added, existing } = saved.value;
    const notice = [
      added.length > 0 ? `:white_check_mark: Added ${plural(added.length, 'person', 'people')}: ${esc(listJoin(added))}.` : '',
      existing.length > 0 ? `Already on your list: ${esc(listJoin(existing))}.` : '',
    ].filter(Boolean).join(' ');
    await afterSave(deps, args, member, notice);
  };
}

export function editPersonSubmitted(deps: SlackDeps) {
  return async (args: Args): Promise<void> => {
    const { ack, body, view, client } = args;
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    const contactId = readOrigin(view.private_metadata).contactId;
    const budget = ackBudget();
    let member: Member;
    let saved: Awaited<ReturnType<typeof editPerson>>;
    try {
      if (contactId === undefined) throw new Error('edit person without a contact id');
      member = (await budget.within(memberFor(deps, client, who))).member;
      saved = await budget.within(editPerson(deps.db, deps.clock, member, contactId, parsePersonValues(view.state.values as ViewStateValues)));
    } catch (err) {
      logFailure(deps, 'edit person submit', who, err);
      await ack({ response_action: 'errors', errors: { [PERSON_BLOCK.name]: SORRY } });
      return;
    }
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: personErrors(saved.errors) });
      return;
    }
    await ack();
    await afterSave(deps, args, member, `:white_check_mark: Saved *${esc(saved.value.name)}*.`);
  };
}

export function askForTimeSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    const who = { teamId: body.team?.id ?? view.team_id, userId: body.user.id };
    const contactId = readOrigin(view.private_metadata).contactId;
    const message = (view.state.values as ViewStateValues)[ASK_BLOCK.message]?.[ASK_BLOCK.message]?.value;
    if (typeof message !== 'string' || message.trim() === '') {
      await ack({ response_action: 'errors', errors: { [ASK_BLOCK.message]: 'Write the message you sent (or will send), or press Cancel.' } });
      return;
    }
    await ack();
    try {
      if (contactId === undefined) return;
      const { member } = await memberFor(deps, client, who);
      await askedForTime(deps.db, deps.clock, member, contactId);
    } catch (err) {
      logFailure(deps, 'ask for a time submit', who, err);
    }
  };
}
