/**
 * The App Home tab: this week's plan and progress, streaks, the last weeks as squares, buttons.
 */
import type { HomeView, KnownBlock } from '@slack/types';
import { actions, button, context, dateSpan, dayDate, divider, esc, header, section, weekLabel } from './blocks.js';
import { dateInWeek, nextWeek as nextWeekKey, weekStartDate } from '../../domain/weeks.js';
import { ACTION, openCheckInActionId, personRefValue } from './ids.js';
import type { CategorySuggestion } from '../../domain/people.js';
import type { Contact, Reminder } from '../../services/models.js';
import { personLine, suggestionBlocks, suggestionOf } from './people.js';
import { DONE, NOT_DONE, SQUARE_EMOJI, progressLine, streakLine, type HomeProgress } from './progress.js';

export type { HomeProgress } from './progress.js';

export interface HomeInput {
  /** The member's progress (`MemberProgress` fits). */
  progress: HomeProgress;
  /** The member's circle, or `null` when solo. */
  circle: { name: string | null; channelId?: string } | null;
  /** Per category, the person to call from the member's own list. */
  suggestions?: readonly CategorySuggestion[];
  /** The member's list: how many people, and the most overdue few. */
  people?: { total: number; overdue: Contact[]; today: string };
  /** The member's open reminders: how many, and the soonest few. */
  reminders?: { total: number; soonest: HomeReminder[]; today: string };
}

export type HomeReminder = Pick<Reminder, 'id' | 'kind' | 'contact_name' | 'category' | 'due_on' | 'due_time'>;

const REMINDER_LINE: Record<HomeReminder['kind'], { emoji: string; what: (who: string) => string }> = {
  follow_up: { emoji: ':memo:', what: (who) => `Follow up with ${who}` },
  retry: { emoji: ':repeat:', what: (who) => `Try ${who} again` },
  scheduled: { emoji: ':alarm_clock:', what: (who) => `Call ${who}` },
};

/** "today", "tomorrow" or "Thu 3 Dec" (a reminder still open from an earlier day says so). */
function whenLine(r: HomeReminder, today: string): string {
  if (r.due_on < today) return `due since ${dayDate(r.due_on)}`;
  if (r.due_on === today) return `today, ${r.due_time}`;
  return `${dayDate(r.due_on)}, ${r.due_time}`;
}

/** The Home's "Coming up": follow-ups, retries and scheduled calls, soonest first, each with "Log it". */
function remindersSection(reminders: NonNullable<HomeInput['reminders']>, playbook: HomeProgress['playbook']): KnownBlock[] {
  if (reminders.total === 0) return [];
  const blocks: KnownBlock[] = [divider(), section(`:calendar: *Coming up* · ${reminders.total} ${reminders.total === 1 ? 'reminder' : 'reminders'}`)];
  for (const r of reminders.soonest.slice(0, HOME_REMINDERS)) {
    const line = REMINDER_LINE[r.kind];
    const category = r.category ? playbook.categories.find((c) => c.key === r.category) : undefined;
    const text = `${line.emoji} ${line.what(`*${esc(r.contact_name)}*`)}${category ? ` (${esc(category.title)})` : ''} · ${whenLine(r, reminders.today)}`;
    blocks.push(section(text, { accessory: button('Log it', ACTION.reminderLog, String(r.id)) }));
  }
  const more = reminders.total - Math.min(reminders.soonest.length, HOME_REMINDERS);
  if (more > 0) blocks.push(context(`and ${more} more: each arrives as a DM when it is due.`));
  return blocks;
}

/** The Home's People section: the count, the most overdue few with "Log a call", and "Add people". */
function peopleSection(people: NonNullable<HomeInput['people']>, playbook: HomeProgress['playbook']): KnownBlock[] {
  const blocks: KnownBlock[] = [
    divider(),
    section(`:busts_in_silhouette: *People* · ${people.total === 0 ? 'your private call list is empty' : `${people.total} on your private call list, most overdue first`}`),
  ];
  if (people.total === 0) {
    blocks.push(context('Think of people you would like to catch up with: a former co-worker, an old boss, a past client, a lunch buddy. The plan then suggests whom to call.'));
  }
  for (const p of people.overdue.slice(0, HOME_PEOPLE)) {
    blocks.push(section(personLine(p, playbook, people.today), { accessory: button('Log a call', ACTION.logPerson, personRefValue({ contactId: p.id, category: p.categories[0] ?? '' })) }));
  }
  blocks.push(actions([button('Add people', ACTION.peopleAdd, '')]), context('`/calls people` shows everyone, with edit and archive. Only you see your list.'));
  return blocks;
}

const LEGEND = [
  `${SQUARE_EMOJI.complete} complete`,
  `${SQUARE_EMOJI.partial} partial`,
  `${SQUARE_EMOJI.missed} missed`,
  `${SQUARE_EMOJI.paused} paused`,
  `${SQUARE_EMOJI.current} this week`,
].join('  ');

/** Categories shown with their own button; the rest are listed in one section. */
const MAX_CATEGORY_BLOCKS = 25;
/** People shown on the Home (the list has the rest). */
const HOME_PEOPLE = 3;
/** Reminders shown on the Home. */
const HOME_REMINDERS = 3;

export function homeView(input: HomeInput): HomeView {
  const p = input.progress;
  const s = p.suggestion;
  const blocks: KnownBlock[] = [header(':telephone_receiver: Call Buddy')];

  if (input.circle === null) {
    blocks.push(
      section(
        "You're going solo: you still get a weekly plan and a streak. To get a soundboard partner and a leaderboard, join a circle with `/calls join` in a channel.",
      ),
    );
  } else {
    const where = input.circle.channelId ? `<#${input.circle.channelId}>` : input.circle.name ? `*${esc(input.circle.name)}*` : 'your circle';
    blocks.push(context(`Circle: ${where}`));
  }
  if (p.pausedThisWeek) {
    blocks.push(section(":double_vertical_bar: *You're paused this week.* Enjoy the break: your streak is safe. `/calls resume` to come back early."));
  }
  const pause = p.upcomingPause ?? null;
  if (pause) {
    const span = dateSpan(weekStartDate(pause.firstWeek), dateInWeek(pause.lastWeek, 7));
    blocks.push(section(`:double_vertical_bar: *Pause booked for ${span}.* No plans, partner or nudges then, and your streak is safe. \`/calls resume\` cancels it.`));
  }

  blocks.push(
    section(`*This week* (${weekLabel(p.week)}) · ${progressLine(s.logged, p.goal, p.conversations)}${s.complete ? '  :tada:' : ''}`),
  );
  const done = new Set(s.doneKeys);
  const suggested = s.category?.key;
  p.playbook.categories.slice(0, MAX_CATEGORY_BLOCKS).forEach((c) => {
    const isDone = done.has(c.key);
    const title = isDone ? `~${esc(c.title)}~` : `*${esc(c.title)}*`;
    const hint = !isDone && c.key === suggested && !p.pausedThisWeek ? '  _← today_' : '';
    blocks.push(
      section(`${isDone ? DONE : NOT_DONE} ${c.emoji} ${title}${hint}`, {
        ...(isDone ? {} : { accessory: button('Log it', openCheckInActionId(c.key), c.key) }),
      }),
    );
    if (!isDone && !p.pausedThisWeek && input.people) blocks.push(...suggestionBlocks(suggestionOf(input.suggestions, c), input.people.today));
  });
  blocks.push(
    actions([
      button('Log a call', ACTION.openCheckIn, '', 'primary'),
      ...(pause && pause.firstWeek === nextWeekKey(p.week) ? [] : [button('Pause next week', ACTION.pauseNextWeek)]),
      button('Settings', ACTION.openSettings),
    ]),
    divider(),
    section(streakLine(p.streak)),
  );
  if (p.squares.length > 0) {
    const row = p.squares.map((sq) => SQUARE_EMOJI[sq.state]).join(' ');
    blocks.push(section(`*Last ${p.squares.length} ${p.squares.length === 1 ? 'week' : 'weeks'}*\n${row}`), context(LEGEND));
  }
  if (input.reminders) blocks.push(...remindersSection(input.reminders, p.playbook));
  if (input.people) blocks.push(...peopleSection(input.people, p.playbook));
  blocks.push(context('`/calls help` lists everything you can do. Your call notes are private to you.'));
  return { type: 'home', blocks } satisfies HomeView;
}

/** Published when the Home could not be built: says so instead of leaving the tab blank. */
export function homeUnavailableView(): HomeView {
  return {
    type: 'home',
    blocks: [
      header(':telephone_receiver: Call Buddy'),
      section("Sorry, I couldn't load your week just now. Open the *Messages* tab and come back in a moment, or try `/calls today`."),
    ],
  };
}
