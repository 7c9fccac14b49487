/**
 * The Monday DM: this week's calls, the soundboard partner(s) and buttons to log each call.
 */
import type { KnownBlock } from '@slack/types';
import type { Playbook } from '../../domain/playbooks.js';
import { LIMITS, actions, button, context, divider, esc, fallback, header, listJoin, mention, section, weekLabel, type SlackMessage } from './blocks.js';
import { categoryText } from './commands.js';
import { ACTION, openCheckInActionId } from './ids.js';
import type { CategorySuggestion } from '../../domain/people.js';
import { suggestionBlocks, suggestionOf } from './people.js';
import { DONE } from './progress.js';

export interface WeeklyPlanInput {
  displayName: string;
  /** ISO week key, e.g. `2026-W48`. */
  week: string;
  playbook: Playbook;
  goal: number;
  /** Whether the member is paired at all (default true); false: no partner line (pairing off, or solo). */
  pairing?: boolean;
  /** This week's soundboard partner(s); empty when there is none. */
  partnerSlackUserIds: string[];
  /** The week's Monday and Sunday (`YYYY-MM-DD`), shown in the header when given. */
  dates?: { start: string; end: string };
  /** Per category, the person to call from the member's own list (and the member's local date). */
  suggestions?: readonly CategorySuggestion[];
  today?: string;
  /** The member's local time (`HH:MM`) when the plan is made: "Good afternoon" after noon (default: morning). */
  localTime?: string;
  /** A plan made late in the week: the categories of the calls already logged (one per call). */
  loggedCategories?: readonly string[];
}

/** "Good morning" before noon, "Good afternoon" until six, then "Good evening". */
function greeting(localTime: string | undefined): string {
  const hour = Number(/^(\d{2}):\d{2}$/.exec(localTime ?? '')?.[1] ?? 9);
  return hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "23 Nov" from "2026-11-23" (the input unchanged when it is not a date). */
export function shortDate(date: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  const month = m ? MONTHS[Number(m[1]) - 1] : undefined;
  return m && month ? `${Number(m[2])} ${month}` : date;
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** "three" for 3 (numbers above ten stay digits). */
export function countWord(n: number): string {
  return WORDS[n] ?? String(n);
}

/** Blocks kept for everything but the categories (header, greeting, dividers, partner, actions). */
const FIXED_BLOCKS = 8;
/** Per category: the card, the voicemail tip, and with suggestions the person line and its buttons. */
const BLOCKS_PER_CATEGORY = 2;
const BLOCKS_PER_SUGGESTED_CATEGORY = 4;

export function weeklyPlanMessage(input: WeeklyPlanInput): SlackMessage {
  const { playbook, goal } = input;
  const name = esc(input.displayName.trim() || 'there');
  const range = input.dates ? ` (${shortDate(input.dates.start)} – ${shortDate(input.dates.end)})` : '';
  const withPeople = input.suggestions !== undefined && input.today !== undefined;
  const maxCategories = Math.floor((LIMITS.blocksPerMessage - FIXED_BLOCKS) / (withPeople ? BLOCKS_PER_SUGGESTED_CATEGORY : BLOCKS_PER_CATEGORY));
  const categories = playbook.categories.slice(0, maxCategories);
  const count = playbook.categories.length;
  const logged = input.loggedCategories?.length ?? 0;
  const doneKeys = new Set(input.loggedCategories ?? []);

  const blocks: KnownBlock[] = [
    header(`:calendar: Your calls for ${weekLabel(input.week)}${range}`),
    section(
      `${greeting(input.localTime)}, ${name}! ${goal === count ? `Here are this week's ${countWord(count)} calls.` : `This week's goal is ${countWord(goal)} ${goal === 1 ? 'call' : 'calls'}: pick from these ${countWord(count)}.`} One a day keeps it easy; ten to fifteen minutes is plenty.\n${
        logged > 0 ? `You're at *${Math.min(logged, goal)}/${goal}* already: the calls you logged this week count.` : `Your goal: *0/${goal}* calls.`
      } Every attempt counts, voicemails too.`,
    ),
    divider(),
  ];
  for (const c of categories) {
    const done = doneKeys.has(c.key);
    blocks.push(
      section(`${done ? `${DONE} ` : ''}${categoryText(c, { starters: 3 })}`, {
        accessory: button('Log it', openCheckInActionId(c.key), c.key),
      }),
      context(`:mailbox_with_mail: *No answer?* ${esc(c.voicemail)}`),
      ...(withPeople && !done ? suggestionBlocks(suggestionOf(input.suggestions, c), input.today!) : []),
    );
  }
  if (count > categories.length) blocks.push(context(`…and ${count - categories.length} more in \`/calls week\`.`));
  blocks.push(divider());

  const partners = input.pairing === false ? [] : input.partnerSlackUserIds;
  if (input.pairing === false) {
    // No pairing: no partner line at all.
  } else if (partners.length > 0) {
    const who = listJoin(partners.map(mention));
    blocks.push(
      section(
        `:telephone_receiver: *Soundboard ${partners.length > 1 ? 'partners' : 'partner'}:* ${who}\nShare what you're working on today, then talk it through on a call within 24 hours.`,
      ),
    );
  } else {
    blocks.push(section(':telephone_receiver: *No partner this week.* Any trusted colleague makes a fine soundboard.'));
  }
  blocks.push(
    actions([button('Log a call', ACTION.openCheckIn, '', 'primary'), button('Settings', ACTION.openSettings)]),
    context('A cold call feels big? Ask for a time by message first. `/calls today` picks the call that fits today.'),
  );
  const partnerText = partners.length > 0 ? ` Partner: ${partners.map(mention).join(', ')}.` : '';
  return {
    text: fallback(
      goal === count
        ? `Your ${count} calls for ${weekLabel(input.week)}: ${categories.map((c) => c.title).join(', ')}.${partnerText}`
        : `Your goal for ${weekLabel(input.week)}: ${goal} ${goal === 1 ? 'call' : 'calls'}, from ${categories.map((c) => c.title).join(', ')}.${partnerText}`,
    ),
    blocks,
  };
}
