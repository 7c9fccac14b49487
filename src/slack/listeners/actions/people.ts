/**
 * The buttons of the people list and of suggestions: "Log it" with a person, "Add people", the list's
 * pages, a person's menu (edit, archive, restore, delete), the delete confirmation and "Ask for a time".
 * Each acks at once, reads only the clicking member's own people, and answers in place.
 */
import type { AllMiddlewareArgs, BlockAction, BlockElementAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Member } from '../../../services/models.js';
import { archivePerson, deletePerson, peoplePage, personOf } from '../../../services/people.js';
import type { SlackDeps } from '../../deps.js';
import { errorMessage } from '../../views/commands.js';
import { parsePersonRef } from '../../views/ids.js';
import { deletePersonQuestion, peopleListMessage, personDeletedModal } from '../../views/people.js';
import { esc, type SlackMessage } from '../../views/blocks.js';
import { publishHome } from '../home.js';
import { openAddPeople, openAskForTime, openCheckIn, openEditPerson } from '../modals.js';
import { apologize, deliverNow, logFailure, memberFor } from '../support.js';

type Args = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

function whoOf(body: BlockAction): { teamId: string; userId: string } {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
}

const valueOf = (action: BlockElementAction): string => {
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option && typeof action.selected_option.value === 'string') return action.selected_option.value;
  return '';
};

/** The list page a click should show, as a message. */
export async function listPage(deps: SlackDeps, member: Member, page: number, archived: boolean, notice?: string): Promise<SlackMessage> {
  const p = await peoplePage(deps.db, deps.clock, member, page, archived);
  return peopleListMessage({ ...p, ...(notice ? { notice } : {}) });
}

/** Where the click came from: a message (answer through respond) or a view (the Home, a modal). */
const inMessage = (body: BlockAction): boolean => body.container?.type === 'message' || body.message !== undefined;

function listener(where: string, work: (args: Args, member: Member) => Promise<void>) {
  return (deps: SlackDeps) =>
    async (args: Args): Promise<void> => {
      await args.ack();
      const who = whoOf(args.body);
      try {
        const { member, greeted } = await memberFor(deps, args.client, who);
        await work(args, member);
        if (greeted) await deliverNow(deps);
      } catch (err) {
        logFailure(deps, where, who, err);
        await apologize(deps, args.client, who, inMessage(args.body) ? args.respond : undefined);
      }
    };
}

/** "Log it" / "Log a call" with a person: the check-in modal with them (and the category) picked. */
export const logPersonClicked = (deps: SlackDeps) =>
  listener('log a person', async ({ action, body, client }, member) => {
    const ref = parsePersonRef(valueOf(action));
    await openCheckIn(deps, client, body.trigger_id, member, { contactId: ref?.contactId ?? null, category: ref?.category || null });
  })(deps);

/** "Add people" (the list or the Home). */
export const addPeopleClicked = (deps: SlackDeps) =>
  listener('add people', async ({ body, client }, member) => {
    const responseUrl = inMessage(body) ? ((body as BlockAction & { response_url?: string }).response_url ?? null) : null;
    await openAddPeople(deps, client, body.trigger_id, member, { responseUrl });
  })(deps);

/** ‹ Previous / Next › / Archived / Back to the list: value `<page>` or `a:<page>`. */
export const peoplePageClicked = (deps: SlackDeps) =>
  listener('people page', async ({ action, respond }, member) => {
    const v = valueOf(action);
    const archived = v.startsWith('a:');
    const page = Number(archived ? v.slice(2) : v);
    await respond({ replace_original: true, ...(await listPage(deps, member, Number.isSafeInteger(page) ? page : 0, archived)) });
  })(deps);

/** A person's menu in the list: edit (a modal), archive / restore (the list again), delete (a question). */
export const personMenuClicked = (deps: SlackDeps) =>
  listener('person menu', async ({ action, body, client, respond }, member) => {
    const m = /^(edit|archive|restore|delete):(\d+)$/.exec(valueOf(action));
    if (!m) return;
    const verb = m[1]!;
    const id = Number(m[2]);
    const person = await personOf(deps.db, member, id);
    if (!person) {
      await respond({ replace_original: true, ...(await listPage(deps, member, 0, false, 'That person is no longer on your list.')) });
      return;
    }
    if (verb === 'edit') {
      const responseUrl = (body as BlockAction & { response_url?: string }).response_url ?? null;
      await openEditPerson(deps, client, body.trigger_id, member, id, responseUrl);
    } else if (verb === 'delete') {
      await respond({ replace_original: true, ...deletePersonQuestion(person) });
    } else {
      const archive = verb === 'archive';
      await archivePerson(deps.db, deps.clock, member, id, archive);
      const notice = archive ? `:file_cabinet: Archived *${esc(person.name)}*: off the list and the suggestions. Their calls stay.` : `:leftwards_arrow_with_hook: *${esc(person.name)}* is back on your list.`;
      await respond({ replace_original: true, ...(await listPage(deps, member, 0, !archive, notice)) });
    }
  })(deps);

/** Delete, confirmed (from the question in the list, or the edit modal's button). */
export const personDeleteClicked = (deps: SlackDeps) =>
  listener('delete person', async ({ action, body, client, respond }, member) => {
    const id = Number(valueOf(action));
    const person = Number.isSafeInteger(id) ? await personOf(deps.db, member, id) : null;
    if (person) await deletePerson(deps.db, member, person.id);
    if (body.view && body.view.type === 'modal') {
      await client.views.update({ view_id: body.view.id, view: personDeletedModal(person?.name ?? null) });
    } else if (inMessage(body)) {
      await respond({ replace_original: true, ...(await listPage(deps, member, 0, false, person ? ':wastebasket: Deleted. Their calls still count, without the name.' : 'That person was already gone.')) });
    }
    if (person) await publishHome(deps, client, member).catch((err: unknown) => logFailure(deps, 'home after delete', whoOf(body), err));
  })(deps);

/** "Ask for a time first": the editable message in a modal. */
export const askForTimeClicked = (deps: SlackDeps) =>
  listener('ask for a time', async ({ action, body, client, respond }, member) => {
    const ref = parsePersonRef(valueOf(action));
    const opened = ref ? await openAskForTime(deps, client, body.trigger_id, member, ref.contactId, ref.category) : false;
    if (!opened && inMessage(body)) await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage('That person is no longer on your list. `/calls people` shows who is.') });
  })(deps);
