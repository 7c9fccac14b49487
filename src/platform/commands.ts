/**
 * The app's slash command as people see it: each subcommand with its usage and what it does. One copy
 * for the `/calls help` reply (src/slack/views/commands.ts) and the sandbox page's command suggestions
 * (served by the sandbox's JSON API, since the page cannot import TypeScript). Imports nothing of ours.
 */

export const SLASH_COMMAND = '/calls';

export interface SubcommandHelp {
  name: string;
  /** What may follow the name, e.g. `[name]`; absent when nothing does. */
  args?: string;
  what: string;
}

export const SUBCOMMAND_HELP: readonly SubcommandHelp[] = [
  { name: 'today', what: 'the call that fits today and your week so far' },
  { name: 'log', args: '[name]', what: 'log a call (the name is optional)' },
  { name: 'week', what: "this week's calls, done and to do" },
  { name: 'streak', what: "your streak and your circle's team streak" },
  { name: 'leaderboard', what: "your circle's board" },
  { name: 'partner', what: "this week's soundboard partner" },
  { name: 'people', args: '[add [names] | archived]', what: 'your private call list: add, edit, archive, log a call' },
  { name: 'pause', args: '[N weeks | until YYYY-MM-DD]', what: 'take a break (next week by default); streaks stay safe' },
  { name: 'resume', what: 'end a pause early' },
  { name: 'join', what: 'join (or start) the circle in this channel' },
  { name: 'leave', what: 'leave your circle; your history stays yours' },
  { name: 'settings', what: 'time zone, nudge, lane, board visibility, working hours' },
  { name: 'admin', what: "change your circle's settings" },
  { name: 'schedule', args: '<name>', what: 'pick a day and time this week to call someone; I DM you then' },
  { name: 'review', what: 'your 30-day review, by DM: calls, conversations, callbacks, who is overdue' },
  { name: 'export', args: '[circle]', what: "a CSV of your calls in your DM; `circle`: your circle's weekly counts (admins)" },
  { name: 'delete-my-data', what: 'delete everything Call Buddy keeps about you (asks first)' },
  { name: 'help', what: 'this list' },
];

/** `/calls pause [N weeks | until YYYY-MM-DD]`. */
export function usageOf(sub: SubcommandHelp, command: string = SLASH_COMMAND): string {
  return `${command} ${sub.name}${sub.args ? ` ${sub.args}` : ''}`;
}
