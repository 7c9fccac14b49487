/**
 * The options endpoint of the check-in's "Your people" picker (an external_select): Slack sends a
 * block_suggestion with what the member typed and shows what we answer, if it comes within 3 seconds.
 * We answer with the member's own people whose names match (nobody else's), and an option to add the
 * typed name as a new person. A slow database gets an empty answer in time, never silence.
 */
import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { contactOptions } from '../../../services/people.js';
import type { SlackDeps } from '../../deps.js';
import { whoContactOptionsAnswer } from '../../views/checkin.js';
import { ackBudget, logFailure } from '../support.js';

/** How many of the member's people one answer lists (Slack shows at most 100). */
export const MAX_PEOPLE_OPTIONS = 50;

export function whoContactOptions(deps: SlackDeps) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const query = typeof body.value === 'string' ? body.value : '';
    let people: Awaited<ReturnType<typeof contactOptions>> = [];
    try {
      people = await ackBudget().within(contactOptions(deps.db, teamId, body.user.id, query, MAX_PEOPLE_OPTIONS));
    } catch (err) {
      logFailure(deps, 'people options', { teamId, userId: body.user.id }, err);
    }
    await ack(whoContactOptionsAnswer(people, query));
  };
}
