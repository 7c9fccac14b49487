/**
 * `/calls [subcommand]`: acknowledge at once (Slack waits 3 s, and the benchmark holds us to a bare
 * app's ack time), then find the member (first contact creates and greets them), run one subcommand and
 * reply ephemerally through the response_url. A failure is logged and answered with a short apology.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { circleOf } from '../../../services/circles.js';
import type { KnownMember } from '../../../services/members.js';
import type { SlackDeps } from '../../deps.js';
import type { SlackMessage } from '../../views/blocks.js';
import { errorMessage, helpMessage, oneCallPerCheckInMessage } from '../../views/commands.js';
import { openAddPeople, openCheckIn, openDeleteMyData, openSchedule, openSettings } from '../modals.js';
import { apologize, deliverNow, logFailure, memberFor } from '../support.js';
import { parseCommand, type ParsedCommand } from './parse.js';
import * as sub from './subcommands.js';

export function callsCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const parsed = parseCommand(command.text);
    // A modal must open within the trigger_id's 3 seconds: never queue those behind other work.
    if (parsed.name === 'log' || parsed.name === 'settings' || parsed.name === 'admin' || parsed.name === 'schedule' || parsed.name === 'delete-my-data' || (parsed.name === 'people' && parsed.action === 'add')) await answer(deps, parsed, { command, respond, client });
    else {
      // The member first, outside the after-ack slots: a new user's users.info lookup (up to its
      // budget) never holds a slot that a known member's reply is waiting for.
      const who = { teamId: command.team_id, teamDomain: command.team_domain, userId: command.user_id };
      const known = await memberFor(deps, client, who).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      await deps.afterAck(() => answer(deps, parsed, { command, respond, client }, known));
    }
  };
}

async function answer(
  deps: SlackDeps,
  parsed: ParsedCommand,
  { command, respond, client }: Pick<SlackCommandMiddlewareArgs & AllMiddlewareArgs, 'command' | 'respond' | 'client'>,
  found?: KnownMember | Error,
): Promise<void> {
  const who = { teamId: command.team_id, teamDomain: command.team_domain, userId: command.user_id };
  let greeted = false;
  try {
    if (found instanceof Error) throw found;
    const known = found ?? (await memberFor(deps, client, who));
    greeted = known.greeted;
    const { member } = known;
    const ctx: sub.CommandContext = { deps, client, member, channelId: command.channel_id, channelName: command.channel_name };
    let reply: SlackMessage | null;
    switch (parsed.name) {
      case 'log':
        // A mention preselects the person in the picker; the modal holds one person, so with several
        // the reply says how to log the others.
        await openCheckIn(deps, client, command.trigger_id, member, { who: parsed.who, whoUser: parsed.mentions[0] ?? null });
        reply = parsed.mentions.length > 1 ? oneCallPerCheckInMessage({ picked: parsed.mentions[0]!, others: parsed.mentions.slice(1) }) : null;
        break;
      case 'settings': {
        const circle = await circleOf(deps.db, member);
        await openSettings(client, command.trigger_id, member, circle);
        reply = null;
        break;
      }
      case 'admin':
        reply = await sub.admin(ctx, command.trigger_id);
        break;
      case 'schedule':
        await openSchedule(deps, client, command.trigger_id, member, { name: parsed.who }, null);
        reply = null;
        break;
      case 'review':
        reply = await sub.review(ctx, command.trigger_id);
        break;
      case 'today':
        reply = await sub.today(ctx);
        break;
      case 'week':
        reply = await sub.week(ctx);
        break;
      case 'streak':
        reply = await sub.streak(ctx);
        break;
      case 'leaderboard':
        reply = await sub.leaderboard(ctx);
        break;
      case 'partner':
        reply = await sub.partner(ctx);
        break;
      case 'people':
        if (parsed.action === 'add') {
          await openAddPeople(deps, client, command.trigger_id, member, { responseUrl: command.response_url, names: parsed.names });
          reply = null;
        } else reply = await sub.people(ctx, parsed.action === 'archived');
        break;
      case 'pause':
        reply = await sub.pause(ctx, parsed.spec);
        break;
      case 'resume':
        reply = await sub.resume(ctx);
        break;
      case 'join':
        reply = await sub.join(ctx);
        break;
      case 'leave':
        reply = await sub.leave(ctx);
        break;
      case 'export':
        reply = await sub.exportCsv(ctx, parsed.scope);
        break;
      case 'delete-my-data':
        await openDeleteMyData(client, command.trigger_id);
        reply = null;
        break;
      case 'help':
        reply = helpMessage();
        break;
      case 'invalid':
        reply = errorMessage(parsed.message);
        break;
      case 'unknown':
        reply = helpMessage({ unknown: parsed.input, ...(parsed.suggestion ? { didYouMean: parsed.suggestion } : {}) });
        break;
    }
    if (reply) await respond({ response_type: 'ephemeral', ...reply });
  } catch (err) {
    logFailure(deps, `/calls ${parsed.name}`, who, err);
    await apologize(deps, client, who, respond);
  }
  if (greeted) await deliverNow(deps);
}
