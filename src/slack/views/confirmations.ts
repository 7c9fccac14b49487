/**
 * DMs to a member about their own activity. Never echo call notes back, and keep who was called out of
 * the notification text (`text`, shown on lock screens); the message itself, in the member's own DM,
 * may name the person, as the follow-up reminder does.
 */
import type { Outcome } from '../../domain/checkin.js';
import { actions, button, context, dayDate, esc, fallback, progress, section, type SlackMessage } from './blocks.js';
import { ACTION } from './ids.js';

export interface CheckInConfirmationInput {
  categoryTitle: string;
  categoryEmoji?: string;
  /** Who was called, as the member wrote it: named in the message, never in the notification text. */
  personName?: string;
  outcome: Outcome;
  logged: number;
  goal: number;
  /** The member's current streak after this call. */
  streak: number;
  /** True when this call just completed the week. */
  completedNow?: boolean;
  /** The call's id: "Remind me in 2 days" on an unanswered call carries it. */
  callId?: number;
  /** A callback: the earlier unanswered call it answers. */
  callbackOf?: { date: string; outcome: Outcome } | null;
  /** The follow-up reminder the call set (local date and time). */
  followUp?: { date: string; time: string } | null;
}

const OUTCOME_TEXT: Record<Outcome, string> = {
  conversation: 'a conversation',
  voicemail: 'a voicemail',
  no_answer: 'an attempt (no answer)',
};

export function checkInConfirmation(c: CheckInConfirmationInput): SlackMessage {
  const emoji = c.categoryEmoji ?? ':telephone_receiver:';
  const tally = progress(c.logged, c.goal);
  const weeks = `${c.streak} ${c.streak === 1 ? 'week' : 'weeks'}`;
  let body: string;
  if (c.completedNow) body = `:tada: *Week complete: ${tally}!* Your streak is now *${weeks}*.`;
  else if (c.logged >= c.goal) body = `That's *${tally}* this week: bonus territory. Streak: ${weeks}.`;
  else {
    const left = c.goal - c.logged;
    body = `That's *${tally}* this week, ${left} to go.${c.streak > 0 ? ` Streak: ${weeks}.` : ''}`;
  }
  const nudge = c.outcome === 'no_answer' ? 'It still counts. Try again another day, or leave a voicemail next time.' : null;
  const notes: string[] = [];
  if (c.callbackOf) notes.push(`:leftwards_arrow_with_hook: A callback: linked to your call on ${dayDate(c.callbackOf.date)} (${c.callbackOf.outcome === 'voicemail' ? 'voicemail' : 'no answer'}).`);
  if (c.followUp) notes.push(`:memo: I'll remind you to follow up on ${dayDate(c.followUp.date)} at ${c.followUp.time}.`);
  const unanswered = c.outcome !== 'conversation' && c.callId !== undefined;
  return {
    text: fallback(`Logged ${OUTCOME_TEXT[c.outcome]}: ${c.categoryTitle}. ${tally} this week.`),
    blocks: [
      section(`:white_check_mark: Logged ${OUTCOME_TEXT[c.outcome]}${c.personName ? ` with *${esc(c.personName)}*` : ''} for ${emoji} *${esc(c.categoryTitle)}*.\n${body}`),
      ...(nudge ? [context(nudge)] : []),
      ...(notes.length > 0 ? [context(...notes)] : []),
      ...(unanswered ? [actions([button('Remind me in 2 days', ACTION.remindAgain, String(c.callId))], 'remind_again')] : []),
    ],
  };
}

/** First contact: what the bot does and where to start. */
export function greetingMessage(): SlackMessage {
  return {
    text: "Hi, I'm Call Buddy: I help you make five networking calls a week.",
    blocks: [
      section(":wave: *Hi, I'm Call Buddy.* I help you keep a networking habit: five short calls a week, one a day."),
      section(
        [
          ':calendar: Every Monday: your five calls, with why each matters, how to open and how to close.',
          ':telephone_receiver: A soundboard partner from your circle each week.',
          ':white_check_mark: Log calls in a few clicks; your notes stay private.',
          ':fire: Streaks for you and your team.',
        ].join('\n'),
      ),
      context('Start with `/calls today`, join a circle with `/calls join` in a channel, or see everything with `/calls help`.'),
    ],
  };
}

/** The DM to whoever installed the app (OAuth): what it does and how to start; a re-install says what was kept. */
export function installWelcomeMessage(input: { workspaceName: string | null; returning: boolean; fresh: boolean }): SlackMessage {
  const where = input.workspaceName ? ` to ${input.workspaceName}` : '';
  const history = input.fresh
    ? 'You started fresh: the history from the previous install was deleted.'
    : input.returning
      ? 'Welcome back: circles, calls and streaks from before are all still here.'
      : 'Nothing runs until someone types `/calls join` in a channel (after `/invite @Call Buddy`) or `/calls today`.';
  return {
    text: `Thanks for adding Call Buddy${where}.`,
    blocks: [
      section(`:tada: *Thanks for adding Call Buddy${where}.* It helps your team make five networking calls a week.`),
      section(history),
      context('Start a circle with `/calls join` in a channel, or see everything with `/calls help`.'),
    ],
  };
}
