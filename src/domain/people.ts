/**
 * People: a member's private call list. Pure rules for adding and editing a person, ordering the list
 * by who is most overdue, picking the suggestion per category, birthdays, and the "ask for a time"
 * message for someone cold. All wording is ours.
 *
 * Rules:
 * - A name is 1–80 characters, no control characters. Adding several at once takes one name per line
 *   (commas also separate), at most {@link PEOPLE_LIMITS.addAtOnce}; repeats (any case) count once.
 * - Categories are keys of the member's playbook, at most 20.
 * - A birthday is a day and a month (no year); 29 February is allowed. Both or neither.
 * - "How we know each other" is at most 200 characters, notes at most 2,000.
 * - Most overdue first: never called before anyone called, then the oldest last call, then by name.
 * - The suggestion for a category is its most overdue person (one person is not suggested for two
 *   categories while another candidate is left); for a `birthday` category it is someone whose
 *   birthday falls in the week, whatever their categories.
 * - Someone not called for over {@link ASK_FIRST_AFTER_DAYS} days (or never) gets the offer to ask for
 *   a time by message first.
 */
import type { Outcome } from './checkin.js';
import type { Category } from './playbooks.js';
import { addDays, daysBetween, isLocalDate, parseLocalDate } from './weeks.js';

export const PEOPLE_LIMITS = {
  nameMaxChars: 80,
  howWeKnowMaxChars: 200,
  notesMaxChars: 2000,
  maxCategories: 20,
  addAtOnce: 25,
  /** The list shows this many people a page (each a section with an overflow menu: well within 50 blocks). */
  pageSize: 10,
} as const;

/** Beyond this many days without a call (or never called), the plan offers to ask for a time first. */
export const ASK_FIRST_AFTER_DAYS = 90;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const chars = (s: string): number => [...s].length;

/** The modal fields of a person (block ids of the add and edit modals). */
export type PersonField = 'names' | 'name' | 'categories' | 'birthday_month' | 'birthday_day' | 'how_we_know' | 'notes';

export type FieldErrors = Partial<Record<PersonField, string>>;

/** The error for one name, or null when it is fine. */
export function nameProblem(name: string): string | null {
  if (name === '') return 'Type a name.';
  if (CONTROL.test(name)) return 'A name can only contain ordinary characters.';
  if (chars(name) > PEOPLE_LIMITS.nameMaxChars) return `Keep each name to ${PEOPLE_LIMITS.nameMaxChars} characters or fewer.`;
  return null;
}

/** Names typed into the "add people" box: one a line (or comma separated), trimmed, repeats dropped. */
export function parseNames(text: string | null | undefined): { ok: true; names: string[] } | { ok: false; error: string } {
  const parts = (text ?? '').split(/[\n,;]/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s !== '');
  if (parts.length === 0) return { ok: false, error: 'Type at least one name, one a line.' };
  const seen = new Set<string>();
  const names: string[] = [];
  for (const p of parts) {
    const problem = nameProblem(p);
    if (problem) return { ok: false, error: `"${[...p].slice(0, 30).join('')}": ${problem}` };
    if (seen.has(p.toLowerCase())) continue;
    seen.add(p.toLowerCase());
    names.push(p);
  }
  if (names.length > PEOPLE_LIMITS.addAtOnce) return { ok: false, error: `Add up to ${PEOPLE_LIMITS.addAtOnce} people at a time (you typed ${names.length}).` };
  return { ok: true, names };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** A birthday from the two selects: both empty is none; one without the other, or 31 April, is an error. */
export function parseBirthday(month: string | null | undefined, day: string | null | undefined): { ok: true; value: { month: number; day: number } | null } | { ok: false; errors: FieldErrors } {
  const m = (month ?? '').trim();
  const d = (day ?? '').trim();
  if (m === '' && d === '') return { ok: true, value: null };
  if (m === '') return { ok: false, errors: { birthday_month: 'Pick the month too, or clear the day.' } };
  if (d === '') return { ok: false, errors: { birthday_day: 'Pick the day too, or clear the month.' } };
  const mn = /^\d{1,2}$/.test(m) ? Number(m) : NaN;
  const dn = /^\d{1,2}$/.test(d) ? Number(d) : NaN;
  if (!(mn >= 1 && mn <= 12)) return { ok: false, errors: { birthday_month: 'Pick a month from the list.' } };
  if (!(dn >= 1 && dn <= DAYS_IN_MONTH[mn - 1]!)) return { ok: false, errors: { birthday_day: `${MONTH_NAMES[mn - 1]} has no day ${d}.` } };
  return { ok: true, value: { month: mn, day: dn } };
}

function categoryKeys(raw: readonly string[] | null | undefined, allowed: readonly string[]): { ok: true; keys: string[] } | { ok: false; error: string } {
  const keys = [...new Set((raw ?? []).map((k) => k.trim()).filter((k) => k !== ''))];
  if (keys.some((k) => !allowed.includes(k))) return { ok: false, error: 'Choose categories from the list.' };
  if (keys.length > PEOPLE_LIMITS.maxCategories) return { ok: false, error: `Pick at most ${PEOPLE_LIMITS.maxCategories} categories.` };
  return { ok: true, keys };
}

function optionalText(raw: string | null | undefined, max: number, what: string): { ok: true; value: string | null } | { ok: false; error: string } {
  const t = (raw ?? '').trim();
  if (t === '') return { ok: true, value: null };
  if (chars(t) > max) return { ok: false, error: `Keep ${what} to ${max.toLocaleString('en-US')} characters or fewer.` };
  if (CONTROL_EXCEPT_WHITESPACE.test(t)) return { ok: false, error: `${what[0]!.toUpperCase()}${what.slice(1)} contain a character that cannot be saved.` };
  return { ok: true, value: t };
}

export interface RawPeopleAdd {
  names?: string | null;
  categories?: readonly string[] | null;
}

export interface PeopleAdd {
  names: string[];
  categories: string[];
}

/** The "Add people" modal: several names at once, with the categories they fit. */
export function validatePeopleAdd(raw: RawPeopleAdd, allowedCategories: readonly string[]): { ok: true; value: PeopleAdd } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const names = parseNames(raw.names);
  if (!names.ok) errors.names = names.error;
  const cats = categoryKeys(raw.categories, allowedCategories);
  if (!cats.ok) errors.categories = cats.error;
  if (!names.ok || !cats.ok) return { ok: false, errors };
  return { ok: true, value: { names: names.names, categories: cats.keys } };
}

export interface RawPerson {
  name?: string | null;
  categories?: readonly string[] | null;
  birthday_month?: string | null;
  birthday_day?: string | null;
  how_we_know?: string | null;
  notes?: string | null;
}

export interface PersonEdit {
  name: string;
  categories: string[];
  birthday: { month: number; day: number } | null;
  howWeKnow: string | null;
  notes: string | null;
}

/** The "Edit person" modal. */
export function validatePerson(raw: RawPerson, allowedCategories: readonly string[]): { ok: true; value: PersonEdit } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = (raw.name ?? '').replace(/\s+/g, ' ').trim();
  const np = nameProblem(name);
  if (np) errors.name = np;
  const cats = categoryKeys(raw.categories, allowedCategories);
  if (!cats.ok) errors.categories = cats.error;
  const bday = parseBirthday(raw.birthday_month, raw.birthday_day);
  if (!bday.ok) Object.assign(errors, bday.errors);
  const how = optionalText(raw.how_we_know, PEOPLE_LIMITS.howWeKnowMaxChars, 'how you know each other');
  if (!how.ok) errors.how_we_know = how.error;
  const notes = optionalText(raw.notes, PEOPLE_LIMITS.notesMaxChars, 'notes');
  if (!notes.ok) errors.notes = notes.error;
  if (Object.keys(errors).length > 0 || !cats.ok || !bday.ok || !how.ok || !notes.ok) return { ok: false, errors };
  return { ok: true, value: { name, categories: cats.keys, birthday: bday.value, howWeKnow: how.value, notes: notes.value } };
}

/** What the rules need of a person. */
export interface PersonSummary {
  id: number;
  name: string;
  categories: readonly string[];
  lastCalledOn: string | null;
  lastOutcome: Outcome | null;
  birthdayMonth: number | null;
  birthdayDay: number | null;
}

/** Most overdue first: never called, then the oldest last call, then by name and id. */
export function compareOverdue(a: Pick<PersonSummary, 'id' | 'name' | 'lastCalledOn'>, b: Pick<PersonSummary, 'id' | 'name' | 'lastCalledOn'>): number {
  if (a.lastCalledOn !== b.lastCalledOn) {
    if (a.lastCalledOn === null) return -1;
    if (b.lastCalledOn === null) return 1;
    return a.lastCalledOn < b.lastCalledOn ? -1 : 1;
  }
  return a.id - b.id;
}

/** Days since the last call (null: never called). */
export function daysSinceCall(lastCalledOn: string | null, today: string): number | null {
  if (lastCalledOn === null || !isLocalDate(lastCalledOn)) return null;
  return Math.max(0, daysBetween(lastCalledOn, today));
}

/** "never called", "today", "yesterday", "12 days ago", "3 months ago", "over a year ago". */
export function sinceLabel(lastCalledOn: string | null, today: string): string {
  const d = daysSinceCall(lastCalledOn, today);
  if (d === null) return 'never called';
  if (d === 0) return 'called today';
  if (d === 1) return 'called yesterday';
  if (d < 60) return `called ${d} days ago`;
  if (d < 365) return `called ${Math.floor(d / 30)} months ago`;
  return 'called over a year ago';
}

/** True when someone has not been called for over {@link ASK_FIRST_AFTER_DAYS} days, or never. */
export function shouldAskFirst(lastCalledOn: string | null, today: string): boolean {
  const d = daysSinceCall(lastCalledOn, today);
  return d === null || d > ASK_FIRST_AFTER_DAYS;
}

/** The date of a birthday in the year of `date`'s week: the birthday's `YYYY-MM-DD` within [start, start+6], or null. */
export function birthdayInWeek(p: Pick<PersonSummary, 'birthdayMonth' | 'birthdayDay'>, weekStart: string): string | null {
  if (p.birthdayMonth === null || p.birthdayDay === null) return null;
  for (let i = 0; i < 7; i++) {
    const date = addDays(weekStart, i);
    const d = parseLocalDate(date);
    if (d && d.month === p.birthdayMonth && d.day === p.birthdayDay) return date;
    // 29 February in a year without one: celebrated on 28 February.
    if (d && p.birthdayMonth === 2 && p.birthdayDay === 29 && d.month === 2 && d.day === 28 && !isLocalDate(`${d.year}-02-29`)) return date;
  }
  return null;
}

/** True when `date` is the person's birthday (29 February on 28 February in other years). */
export function isBirthdayOn(p: Pick<PersonSummary, 'birthdayMonth' | 'birthdayDay'>, date: string): boolean {
  return birthdayInWeek(p, date) === date;
}

/** The categories whose call is a birthday call (the keep-in-touch playbook's). */
export const BIRTHDAY_CATEGORY = 'birthday';

export interface CategorySuggestion {
  category: Category;
  /** The person to call, or null: the member has nobody in this category yet. */
  person: PersonSummary | null;
  /** For a birthday call: the birthday's date this week. */
  birthdayOn: string | null;
  /** Whether to offer "ask for a time" first (cold for over 90 days, or never called). */
  askFirst: boolean;
}

/**
 * For each category, the person to call: the most overdue person of that category (never called
 * first), each person at most once while others are left; a birthday category names whoever has a
 * birthday in the week. `people` may be any subset that holds each category's first candidates.
 */
export function suggestPeople(categories: readonly Category[], people: readonly PersonSummary[], today: string, weekStart: string): CategorySuggestion[] {
  const sorted = [...people].sort(compareOverdue);
  const used = new Set<number>();
  return categories.map((category) => {
    let person: PersonSummary | null = null;
    let birthdayOn: string | null = null;
    if (category.key === BIRTHDAY_CATEGORY) {
      const withBirthday = sorted
        .map((p) => ({ p, on: birthdayInWeek(p, weekStart) }))
        .filter((x): x is { p: PersonSummary; on: string } => x.on !== null)
        .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : compareOverdue(a.p, b.p)));
      const pick = withBirthday.find((x) => !used.has(x.p.id)) ?? withBirthday[0];
      if (pick) {
        person = pick.p;
        birthdayOn = pick.on;
      }
    } else {
      const fits = sorted.filter((p) => p.categories.includes(category.key));
      person = fits.find((p) => !used.has(p.id)) ?? fits[0] ?? null;
    }
    if (person) used.add(person.id);
    return { category, person, birthdayOn, askFirst: person !== null && birthdayOn === null && shouldAskFirst(person.lastCalledOn, today) };
  });
}

/** Who fits a category, in our words (the prompt for a member with nobody there yet). */
const EXAMPLES: Readonly<Record<string, string>> = {
  soundboard: 'a colleague whose judgement you trust, a peer on another team',
  stretch: 'a senior leader you admire, an expert in your field, an old boss who raised the bar',
  'outside-lane': 'a founder, a designer, a salesperson, someone from a neighbouring team',
  'past-collaborator': 'a former co-worker, an old boss, a past client, a lunch buddy from a past job',
  'younger-mentor': 'someone about ten years younger who knows the newer tools, a recent hire you clicked with',
  birthday: 'anyone on your list: add their birthday (day and month) when you edit them',
  mentor: 'someone who guided you early on, a former manager, a teacher you still think of',
  mentee: 'someone you have helped before, a junior colleague, an intern from last year',
  'past-client': 'a client from a finished project, a customer you got on well with',
  'former-coworker': 'someone from an old team you got along with, a former desk neighbour, a lunch buddy',
};

export function categoryExamples(key: string): string {
  return EXAMPLES[key] ?? 'someone you would like to catch up with';
}

/** Short messages to ask for a time first, per category, in our words. `{name}` is the person's first name. */
const ASK_TEXTS: Readonly<Record<string, string>> = {
  soundboard: "Hi {name}! I'd love your honest take on what I'm working on this week. Do you have 15 minutes for a call in the next day or two?",
  stretch: "Hi {name}, I've been thinking about how you approach your work and would value your view on one question. Could we find 15 minutes for a call this week or next?",
  'outside-lane': "Hi {name}! I'm curious what you've been noticing in your field lately. Would you be up for a quick 15-minute call sometime this week?",
  'past-collaborator': "Hi {name}, it's been a while since we worked together and I'd love to catch up. Do you have 15 minutes for a call one of these days?",
  'younger-mentor': "Hi {name}! I'd love to hear which tools and ideas you're excited about these days, and happy to share what I've learned too. Free for a 15-minute call this week?",
  birthday: 'Happy birthday, {name}! Do you have a couple of minutes today for a quick call?',
  mentor: "Hi {name}, I'd value your advice on something I'm weighing. Could we find half an hour for a call in the next week or two?",
  mentee: "Hi {name}, just checking in on how things are going. Want to grab 15 minutes for a call this week?",
  'past-client': "Hi {name}, I was thinking of you and your team and would love to hear how things are going. Nothing to sell, just catching up. Do you have 15 minutes for a call soon?",
  'former-coworker': "Hi {name}! I was remembering our time on the same team. Would you be up for a quick catch-up call one of these days?",
};

/** The editable "ask for a time" message for a person in a category. */
export function askForTimeText(categoryKey: string, personName: string): string {
  const first = personName.trim().split(/\s+/)[0] ?? '';
  const template = ASK_TEXTS[categoryKey] ?? "Hi {name}, it's been a while and I'd love to catch up. Do you have 15 minutes for a call in the next few days?";
  return template.replace('{name}', first || 'there');
}
