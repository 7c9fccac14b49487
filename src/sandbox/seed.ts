// Seeds the demo workspace the way real people would: an admin creates the users and #five-calls,
// then every member acts over HTTP only (slash commands, modals, buttons) while the sandbox clock
// moves from a few weeks ago to now and the real scheduler runs at every hour boundary.
// Deterministic: same members, same contacts, same calls at the same local times.

import { addDays, daysBetween, instantAtDate, isoWeekdayOfDate, localDateOf } from './dates.js';
import type { Emulator, StoredView } from './emulator/index.js';
import type { DemoInfo } from './state.js';
import { submissionValues } from './values.js';

export interface SeedMember {
  /** Slack's `name`; the emulator also reports it as the profile's display name (boards show it). */
  name: string;
  realName: string;
  tz: string;
  lane: string;
  /** Calls logged in each past week (oldest first), then in the current week. */
  calls: number[];
}

export interface SeedOptions {
  /** Full weeks of history before the current week (default 3). */
  weeks?: number;
  members?: SeedMember[];
  channelName?: string;
}

interface SeedDeps extends SeedOptions {
  emulator: Emulator;
  clock: { now(): Date; set(d: Date): void };
  /** Sets the clock and runs the scheduler once. */
  jumpTo: (target: Date) => Promise<void>;
  /** The app's next scheduled event strictly after an instant (null: none known). */
  nextEvent: (after: Date) => Promise<{ at: Date; label: string } | null>;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
  /** Installs the app into the workspace as this member ("Add to Slack"), before anyone uses it. */
  installApp?: (installer: string) => Promise<void>;
}

const LANE_A = 'Product & engineering';
const LANE_B = 'Sales & partnerships';

export const DEMO_MEMBERS: readonly SeedMember[] = [
  { name: 'Ava', realName: 'Ava Thompson', tz: 'America/New_York', lane: LANE_A, calls: [5, 5, 5, 3] },
  { name: 'Jonas', realName: 'Jonas Becker', tz: 'Europe/Berlin', lane: LANE_B, calls: [5, 5, 5, 2] },
  { name: 'Priya', realName: 'Priya Nair', tz: 'Asia/Kolkata', lane: LANE_A, calls: [5, 4, 5, 4] },
  { name: 'Liam', realName: 'Liam Walsh', tz: 'Australia/Sydney', lane: LANE_B, calls: [3, 5, 5, 1] },
  { name: 'Sofia', realName: 'Sofia Rossi', tz: 'America/New_York', lane: LANE_B, calls: [5, 5, 3, 2] },
  { name: 'Mia', realName: 'Mia Schneider', tz: 'Europe/Berlin', lane: LANE_A, calls: [4, 5, 5, 3] },
  { name: 'Arjun', realName: 'Arjun Mehta', tz: 'Asia/Kolkata', lane: LANE_B, calls: [5, 5, 5, 2] },
  { name: 'Chloe', realName: 'Chloe Martin', tz: 'Australia/Sydney', lane: LANE_A, calls: [2, 3, 5, 0] },
];

/** The second demo workspace's team: four people in other zones, who installed Call Buddy this week. */
export const SECOND_TEAM_MEMBERS: readonly SeedMember[] = [
  { name: 'Hana', realName: 'Hana Sato', tz: 'Asia/Tokyo', lane: LANE_A, calls: [2] },
  { name: 'Mateo', realName: 'Mateo García', tz: 'Europe/Madrid', lane: LANE_B, calls: [1] },
  { name: 'Olivia', realName: 'Olivia Brown', tz: 'Europe/London', lane: LANE_A, calls: [1] },
  { name: 'Noah', realName: 'Noah Wilson', tz: 'America/Chicago', lane: LANE_B, calls: [0] },
];

const CONTACTS = [
  'Dana Whitfield', 'Luis Ortega', 'Hannah Kim', 'Omar Haddad', 'Grace Liu', 'Tom Brennan', 'Nadia Petrova',
  'Ben Adeyemi', 'Clara Jensen', 'Ravi Iyer', 'Elena Costa', 'Sam Fischer', 'Yuki Tanaka', 'Marco Bianchi',
  'Aisha Khan', 'Peter Novak', 'Lena Vogel', 'Diego Ramos', 'Ines Moreau', 'Kofi Mensah', 'Zoe Clarke',
];
/** People each member adds to their list without having called them yet (the suggestions' "never called"). */
const NEW_PEOPLE = [
  'Rosa Delgado', 'Felix Wagner', 'Maya Cohen', 'Jon Eriksen', 'Leila Farah', 'Owen Price', 'Sara Lindqvist',
  'Tariq Aziz', 'Noor Hassan', 'Emil Strand', 'Vera Ivanova', 'Hugo Laurent', 'Amara Obi', 'Keanu Akana',
];
const OUTCOMES = ['conversation', 'conversation', 'voicemail', 'conversation', 'no_answer', 'conversation', 'conversation'];
const MINUTES = ['15', '12', '25', '10', '20', '30', '18'];
const NOTES = [
  'Send the article on pricing experiments\nThey mentioned a hiring freeze',
  'Ask how the Berlin launch went',
  'Intro them to our design lead',
  'Follow up on the conference talk idea',
];
/** What partners share in their soundboard brief (past weeks of the demo). */
const BRIEFS = [
  { working_on: 'Onboarding redesign and the Q1 roadmap', ideas: 'Cut the setup wizard to three steps?' },
  { working_on: 'Two partner pitches and the renewal deck', ideas: 'Lead with the case study or with the numbers?' },
  { working_on: 'Hiring a second designer', ideas: 'Take-home task or a paid trial day?' },
  { working_on: 'The pricing page test', ideas: 'Is a free tier worth the support load?' },
];
/** Local times of a member's calls on one day. */
const CALL_TIMES = ['11:30', '15:30'];
/** Which weekdays carry the n-th call of a week (Mon = 1). */
const CALL_DAYS = [1, 2, 3, 4, 5];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface PlannedCall {
  at: Date;
  member: number;
  n: number;
  /** Week index (0 = oldest) and the call's place in that week. */
  week: number;
  k: number;
}

/** The Monday of the ISO week a local date falls in. */
function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekdayOfDate(date));
}

async function waitFor<T>(fn: () => T | undefined, ms = 3000): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) return undefined;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The input block whose block id (or label) matches, and its element. */
function inputBlock(view: StoredView, match: (blockId: string, label: string) => boolean): { blockId: string; element: Obj } | undefined {
  for (const b of view.blocks) {
    if (!isObj(b) || b.type !== 'input' || typeof b.block_id !== 'string' || !isObj(b.element)) continue;
    const label = isObj(b.label) && typeof b.label.text === 'string' ? b.label.text : '';
    if (match(b.block_id, label.toLowerCase())) return { blockId: b.block_id, element: b.element };
  }
  return undefined;
}

/** The admin's part: #general, the circle's channel and the DMs; then the first member adds Call Buddy (OAuth). */
async function workspaceChannels(emulator: Emulator, ids: string[], name: string, installApp?: (installer: string) => Promise<void>) {
  emulator.addChannel({ name: 'general', members: ids, botMember: false });
  const channel = emulator.addChannel({ name, members: ids });
  for (const id of ids) emulator.dmChannelFor(id);
  if (installApp && ids[0]) await installApp(ids[0]);
  return channel;
}

export async function seedDemo(deps: SeedDeps): Promise<DemoInfo> {
  const { emulator, clock, jumpTo, logger } = deps;
  const members = deps.members ?? DEMO_MEMBERS;
  const weeks = deps.weeks ?? 3;
  const end = clock.now();

  // Start just after midnight on a Monday in the circle's zone (the first member's), so the circle's
  // first week is a whole one; zones already past Monday 09:00 get that week's plan at the first tick.
  const circleTz = members[0]?.tz ?? 'UTC';
  const firstMonday = addDays(mondayOf(localDateOf(end, circleTz)), -7 * weeks);
  const start = instantAtDate(firstMonday, '00:30', circleTz);
  clock.set(start);

  // ---- the admin's part: people and the channel ----
  const users = members.map((m) => emulator.addUser({ name: m.name, real_name: m.realName, tz: m.tz, tz_offset: 0 }));
  const ids = users.map((u) => u.id);
  const channel = await workspaceChannels(emulator, ids, deps.channelName ?? 'five-calls', deps.installApp);

  // The app answers first and finishes its work (a confirmation DM, the Home) just after; wait for
  // the Web API to go quiet before the clock moves on, so messages carry the right time.
  let lastCall = Date.now();
  const off = emulator.onChange((e) => {
    if (e.kind === 'call') lastCall = Date.now();
  });
  const settle = async (): Promise<void> => {
    const end = Date.now() + 2000;
    while (Date.now() - lastCall < 25 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  };
  const t0 = Date.now();
  let tickMs = 0;
  const clicked = new Set<string>();
  /** member/week pairs with a soundboard call: logged from the modal, or by a "yes, we talked". */
  const soundboard = new Set<string>();
  /** member/week pairs where "yes, we talked" logged the soundboard call (the member had none yet). */
  const talked = new Set<string>();
  // Partners share their briefs in the weeks before this one; this week's are left to the person trying the
  // sandbox. This week's pairing may come on Sunday in the circle's zone (Monday 09:00 in Sydney), so the
  // cut is the Saturday before this week's Monday.
  const currentWeekStart = instantAtDate(addDays(mondayOf(localDateOf(end, circleTz)), -2), '00:00', circleTz);
  const weekOf = (d: Date): number => Math.floor(daysBetween(firstMonday, localDateOf(d, circleTz)) / 7);
  // Tick at every event of the app's schedule on the way (not every hour: that is 500 ticks), then at `to`.
  const advance = async (to: Date): Promise<void> => {
    const t = Date.now();
    for (;;) {
      const e = await deps.nextEvent(clock.now());
      if (!e || e.at.getTime() >= to.getTime()) break;
      await jumpTo(e.at);
      await settle();
      // A Yes logs the soundboard call only for a member who has none that week yet.
      await shareBriefs(emulator, ids, clicked, currentWeekStart);
      for (const who of await answerPairChecks(emulator, ids, clicked)) {
        const key = `${who}/${weekOf(clock.now())}`;
        if (!soundboard.has(key)) talked.add(key);
        soundboard.add(key);
      }
    }
    await jumpTo(to);
    tickMs += Date.now() - t;
  };

  const problems: string[] = [];
  const note = (what: string): void => {
    if (problems.length < 20) problems.push(what);
  };

  /** `/calls <text>` and the modal it opens (`callbackId`: not a modal some earlier click opened late). */
  const openModal = async (user: string, text: string, callbackId?: string, channelId?: string): Promise<StoredView | undefined> => {
    const before = emulator.currentModal(user)?.id;
    const res = await emulator.slashCommand({ user, text, ...(channelId ? { channel: channelId } : {}) });
    if (res.status !== 200) {
      note(`/calls ${text} answered HTTP ${res.status}`);
      return undefined;
    }
    return waitFor(() => {
      const v = emulator.currentModal(user);
      return v && v.id !== before && (callbackId === undefined || v.callback_id === callbackId) ? v : undefined;
    });
  };

  // ---- members join the circle (the first join creates it) ----
  for (const id of ids) {
    const r = await emulator.slashCommand({ user: id, channel: channel.id, text: 'join' });
    if (r.status !== 200) note(`/calls join answered HTTP ${r.status}`);
    await settle();
  }

  // ---- lanes through the settings modal, when it has a lane input ----
  for (const [i, id] of ids.entries()) {
    const view = await openModal(id, 'settings', 'settings');
    if (!view) continue;
    const lane = inputBlock(view, (bid, label) => bid.includes('lane') || label.includes('lane'));
    const actionId = lane && typeof lane.element.action_id === 'string' ? lane.element.action_id : undefined;
    if (!lane || !actionId) {
      await emulator.closeView({ user: id, viewId: view.id });
      continue;
    }
    const r = await emulator.submitView({ user: id, viewId: view.id, values: submissionValues(view, { [lane.blockId]: { [actionId]: members[i]!.lane } }) });
    if (r.outcome !== 'closed') {
      note(`settings: ${r.outcome} ${JSON.stringify(r.errors ?? r.problems ?? {})}`);
      if (emulator.currentModal(id)) await emulator.closeView({ user: id, viewId: view.id }).catch(() => undefined);
    }
  }

  // ---- each member's call list: a few people per category, one birthday in the current month ----
  await seedPeople({ emulator, ids, end, members, openModal, note, settle });

  // ---- the calls, week by week, at the members' local times ----
  const planned: PlannedCall[] = [];
  for (const [mi, m] of members.entries()) {
    let n = 0;
    for (let w = 0; w <= weeks; w++) {
      const monday = addDays(firstMonday, 7 * w);
      const count = Math.min(m.calls[w] ?? 0, 10);
      for (let k = 0; k < count; k++) {
        const day = addDays(monday, (CALL_DAYS[k % CALL_DAYS.length] ?? 1) - 1);
        const at = instantAtDate(day, CALL_TIMES[Math.floor(k / CALL_DAYS.length)] ?? '16:30', m.tz);
        if (at.getTime() > start.getTime() && at.getTime() < end.getTime()) planned.push({ at, member: mi, n: n++, week: w, k });
      }
    }
  }
  planned.sort((a, b) => a.at.getTime() - b.at.getTime() || a.member - b.member);

  let logged = 0;
  for (const call of planned) {
    if (call.at.getTime() > clock.now().getTime()) await advance(call.at);
    const user = ids[call.member]!;
    // "Yes, we talked" already logged this member's soundboard call: the week's last call is not needed.
    if (call.k === (members[call.member]!.calls[call.week] ?? 0) - 1 && call.k >= 4 && talked.has(`${user}/${call.week}`)) continue;
    const contact = CONTACTS[(call.member * 5 + call.n) % CONTACTS.length]!;
    if (emulator.currentModal(user)) await emulator.closeView({ user, viewId: emulator.currentModal(user)!.id }).catch(() => undefined);
    const view = await openModal(user, `log ${contact}`, 'checkin');
    if (!view) {
      note('/calls log opened no modal');
      continue;
    }
    const given: Record<string, Record<string, unknown>> = {};
    const set = (field: string, value: unknown): void => {
      const b = inputBlock(view, (bid) => bid === field);
      if (b && typeof b.element.action_id === 'string') given[b.blockId] = { [b.element.action_id]: value };
    };
    const k = call.member + call.n;
    const who = inputBlock(view, (bid) => bid === 'who');
    if (who && !(typeof who.element.initial_value === 'string' && who.element.initial_value)) set('who', contact);
    const category = inputBlock(view, (bid) => bid === 'category');
    let picked = category && isObj(category.element.initial_option) ? category.element.initial_option.value : undefined;
    if (category && picked === undefined && Array.isArray(category.element.options)) {
      // The week's calls in playbook order; one soundboard call a week (the next call instead).
      const opts = category.element.options.filter(isObj);
      let pick = opts[call.k % Math.max(1, opts.length)];
      if (pick?.value === 'soundboard' && soundboard.has(`${user}/${call.week}`)) pick = opts[(call.k + 1) % opts.length];
      if (pick) set('category', (picked = pick.value));
    }
    set('outcome', OUTCOMES[k % OUTCOMES.length]);
    set('minutes', MINUTES[k % MINUTES.length]);
    if (k % 6 === 2) set('callback', inputBlock(view, (bid) => bid === 'callback') ? pickYes(inputBlock(view, (bid) => bid === 'callback')!.element) : undefined);
    if (k % 11 === 5) set('opportunity', pickYes(inputBlock(view, (bid) => bid === 'opportunity')?.element));
    // Some calls set a follow-up two days on (with a note): the reminder DMs come on those days.
    if (k % 5 === 3) set('follow_up', addDays(localDateOf(call.at, members[call.member]!.tz), 2));
    if (k % 5 === 3) set('notes', NOTES[k % NOTES.length]);
    for (const key of Object.keys(given)) if (Object.values(given[key]!).some((v) => v === undefined)) delete given[key];
    const r = await emulator.submitView({ user, viewId: view.id, values: submissionValues(view, given) });
    if (r.outcome === 'closed' || r.outcome === 'cleared' || r.outcome === 'updated') {
      logged++;
      if (picked === 'soundboard') soundboard.add(`${user}/${call.week}`);
    } else {
      note(`check-in: ${r.outcome} ${JSON.stringify(r.errors ?? r.problems ?? {})}`);
      if (emulator.currentModal(user)?.id === view.id) await emulator.closeView({ user, viewId: view.id }).catch(() => undefined);
    }
    if (emulator.currentModal(user)) await emulator.closeView({ user, viewId: emulator.currentModal(user)!.id }).catch(() => undefined);
    await settle();
  }
  await advance(end);
  await settle();
  off();

  if (problems.length) logger.warn({ problems }, 'sandbox: parts of the demo seed did not go as planned');
  logger.info({ members: ids.length, calls: logged, ms: Date.now() - t0, tickMs }, 'sandbox: demo team seeded');
  return { channel: channel.id, circleTz, members: ids };
}

 /**
 * A second, newer workspace: its admin adds the people and a channel, the first member installs Call
 * Buddy ("Add to Slack"), everyone runs `/calls join` there and some log a call today through the
 * check-in modal. No history and no clock moves: its circle starts this week, beside the first one.
 */
export async function seedNewTeam(deps: {
  emulator: Emulator;
  members?: readonly SeedMember[];
  channelName?: string;
  installApp?: (installer: string) => Promise<void>;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}): Promise<DemoInfo> {
  const { emulator, logger } = deps;
  const members = deps.members ?? SECOND_TEAM_MEMBERS;
  const t0 = Date.now();
  const ids = members.map((m) => emulator.addUser({ name: m.name, real_name: m.realName, tz: m.tz, tz_offset: 0 }).id);
  const channel = await workspaceChannels(emulator, ids, deps.channelName ?? 'standup-calls', deps.installApp);
  const problems: string[] = [];
  for (const id of ids) {
    const r = await emulator.slashCommand({ user: id, channel: channel.id, text: 'join' });
    if (r.status !== 200) problems.push(`/calls join answered HTTP ${r.status}`);
  }
  let logged = 0;
  for (const [mi, m] of members.entries()) {
    const user = ids[mi]!;
    for (let k = 0; k < (m.calls[0] ?? 0); k++) {
      const contact = NEW_PEOPLE[(mi * 2 + k + 5) % NEW_PEOPLE.length]!;
      const before = emulator.currentModal(user)?.id;
      await emulator.slashCommand({ user, channel: channel.id, text: `log ${contact}` });
      const view = await waitFor(() => {
        const v = emulator.currentModal(user);
        return v && v.id !== before && v.callback_id === 'checkin' ? v : undefined;
      });
      if (!view) {
        problems.push('/calls log opened no modal');
        continue;
      }
      const given: Record<string, Record<string, unknown>> = {};
      const category = inputBlock(view, (bid) => bid === 'category');
      const options = category && Array.isArray(category.element.options) ? category.element.options.filter(isObj) : [];
      const pick = options[(mi + k + 1) % Math.max(1, options.length)];
      if (category && typeof category.element.action_id === 'string' && pick && !isObj(category.element.initial_option)) given[category.blockId] = { [category.element.action_id]: pick.value };
      for (const [field, value] of [['outcome', OUTCOMES[mi + k] ?? 'conversation'], ['minutes', MINUTES[mi + k] ?? '15']] as const) {
        const b = inputBlock(view, (bid) => bid === field);
        if (b && typeof b.element.action_id === 'string') given[b.blockId] = { [b.element.action_id]: value };
      }
      const r = await emulator.submitView({ user, viewId: view.id, values: submissionValues(view, given) });
      if (r.outcome === 'closed' || r.outcome === 'cleared' || r.outcome === 'updated') logged++;
      else problems.push(`check-in: ${r.outcome} ${JSON.stringify(r.errors ?? r.problems ?? {})}`);
      if (emulator.currentModal(user)) await emulator.closeView({ user, viewId: emulator.currentModal(user)!.id }).catch(() => undefined);
    }
  }
  if (problems.length) logger.warn({ problems, team: emulator.team.id }, 'sandbox: parts of the second workspace seed did not go as planned');
  logger.info({ team: emulator.team.id, members: ids.length, calls: logged, ms: Date.now() - t0 }, 'sandbox: second demo workspace seeded');
  return { channel: channel.id, circleTz: members[0]?.tz ?? 'UTC', members: ids };
}

/** The categories a people modal offers (its checkboxes' values), in order. */
function categoryValues(view: StoredView): string[] {
  const b = inputBlock(view, (bid) => bid === 'categories');
  return b && Array.isArray(b.element.options) ? b.element.options.filter(isObj).map((o) => String(o.value)) : [];
}

/**
 * Each member adds people through "Add people" (`/calls people add`): per category two they will
 * call in the demo weeks and one they have never called, then gives the first a birthday in the
 * current month (the edit modal, from the list's menu), so the Home, plans and birthday note have people.
 */
async function seedPeople(args: {
  emulator: Emulator;
  ids: string[];
  end: Date;
  members: readonly SeedMember[];
  openModal: (user: string, text: string) => Promise<StoredView | undefined>;
  note: (what: string) => void;
  settle: () => Promise<void>;
}): Promise<void> {
  const { emulator, ids, end, members, openModal, note, settle } = args;
  for (const [mi, user] of ids.entries()) {
    // The first modal says which categories there are. Two "Add people" a member (the first two
    // categories, then the rest) keep the seed quick: each person fits two or three calls.
    let categories: string[] | undefined;
    for (let round = 0; round < 2; round++) {
      const view = await openModal(user, 'people add');
      if (!view) {
        note('/calls people add opened no modal');
        break;
      }
      categories ??= categoryValues(view);
      const these = round === 0 ? categories.slice(0, 2) : categories.slice(2);
      const names = these.flatMap((_, i) => {
        const ci = round === 0 ? i : i + 2;
        return [CONTACTS[(mi * 5 + ci) % CONTACTS.length]!, CONTACTS[(mi * 5 + ci + 5) % CONTACTS.length]!, NEW_PEOPLE[(mi * 3 + ci) % NEW_PEOPLE.length]!];
      });
      if (names.length === 0) {
        await emulator.closeView({ user, viewId: view.id }).catch(() => undefined);
        break;
      }
      const r = await emulator.submitView({ user, viewId: view.id, values: submissionValues(view, { names: { names: names.join('\n') }, categories: { categories: these } }) });
      if (r.outcome !== 'closed') note(`add people: ${r.outcome} ${JSON.stringify(r.errors ?? r.problems ?? {})}`);
      await settle();
    }
    // A birthday this month, a couple of days ahead when the month allows (in the member's zone).
    const today = localDateOf(end, members[mi]!.tz);
    const ahead = addDays(today, 2 + mi);
    const day = ahead.slice(0, 7) === today.slice(0, 7) ? ahead : addDays(today, -mi);
    const when = day.slice(0, 7) === today.slice(0, 7) ? day : today;
    await giveBirthday(emulator, user, NEW_PEOPLE[(mi * 3) % NEW_PEOPLE.length]!, when, note);
    await settle();
  }
}

/** Opens `/calls people`, picks "Edit" for `name` in its menu and saves a birthday (`YYYY-MM-DD`'s day and month). */
async function giveBirthday(emulator: Emulator, user: string, name: string, date: string, note: (what: string) => void): Promise<void> {
  const before = emulator.ephemerals(user).length;
  await emulator.slashCommand({ user, text: 'people' });
  const list = await waitFor(() => (emulator.ephemerals(user).length > before ? emulator.ephemerals(user).at(-1) : undefined));
  if (!list) return note('/calls people showed no list');
  let edit: string | undefined;
  let blockId: string | undefined;
  for (const b of list.blocks ?? []) {
    if (!isObj(b) || !isObj(b.accessory) || !JSON.stringify(b.text ?? '').includes(name)) continue;
    const opt = (Array.isArray(b.accessory.options) ? b.accessory.options.filter(isObj) : []).find((o) => String(o.value).startsWith('edit:'));
    if (opt) {
      edit = String(opt.value);
      blockId = typeof b.block_id === 'string' ? b.block_id : undefined;
    }
  }
  if (!edit) return note(`no Edit for ${name} in the list`);
  const modalBefore = emulator.currentModal(user)?.id;
  await emulator.blockAction({ user, channel: list.channel, message: list.ts, actionId: 'person_menu', ...(blockId ? { blockId } : {}), selectedOption: edit });
  const view = await waitFor(() => {
    const v = emulator.currentModal(user);
    return v && v.id !== modalBefore ? v : undefined;
  });
  if (!view) return note('Edit opened no modal');
  const [, month, day] = date.split('-');
  const r = await emulator.submitView({ user, viewId: view.id, values: submissionValues(view, { birthday_month: { birthday_month: String(Number(month)) }, birthday_day: { birthday_day: String(Number(day)) } }) });
  if (r.outcome !== 'closed') note(`edit person: ${r.outcome} ${JSON.stringify(r.errors ?? r.problems ?? {})}`);
  return undefined;
}

/** For a yes/no input: the option meaning "yes" (checkbox or select), as shorthand. */
function pickYes(el: Obj | undefined): unknown {
  if (!el) return undefined;
  const opts = Array.isArray(el.options) ? el.options.filter(isObj) : [];
  const yes = opts.find((o) => /^(yes|true|1)$/i.test(String(o.value))) ?? opts[0];
  if (!yes) return undefined;
  return el.type === 'checkboxes' || el.type === 'multi_static_select' ? [yes.value] : yes.value;
}

/** Pairs answer the mid-week "did you talk?" question in their group DM: the first member says yes. */
async function answerPairChecks(emulator: Emulator, ids: string[], clicked: Set<string>): Promise<string[]> {
  const answered: string[] = [];
  for (const c of emulator.conversations()) {
    if (!c.is_mpim) continue;
    const member = c.members.find((m) => ids.includes(m));
    if (!member) continue;
    for (const m of emulator.messages(c.id)) {
      if (clicked.has(`${c.id}/${m.ts}`) || !Array.isArray(m.blocks)) continue;
      clicked.add(`${c.id}/${m.ts}`);
      for (const b of m.blocks) {
        if (!isObj(b) || b.type !== 'actions' || !Array.isArray(b.elements)) continue;
        const yes = b.elements.filter(isObj).find((e) => e.type === 'button' && (e.style === 'primary' || /yes|talked/i.test(JSON.stringify(e.text))));
        if (yes && typeof yes.action_id === 'string') {
          const r = await emulator.blockAction({ user: member, channel: c.id, message: m.ts, actionId: yes.action_id, ...(typeof b.block_id === 'string' ? { blockId: b.block_id } : {}) }).catch(() => undefined);
          if (r?.status === 200) answered.push(member);
        }
      }
    }
  }
  return answered;
}

/**
 * Partners share their week ("Share my week" on the pair intro) in group DMs posted before `before`:
 * each member opens the brief modal and submits a short brief.
 */
async function shareBriefs(emulator: Emulator, ids: string[], clicked: Set<string>, before: Date): Promise<void> {
  for (const c of emulator.conversations()) {
    if (!c.is_mpim) continue;
    for (const m of emulator.messages(c.id)) {
      const key = `brief/${c.id}/${m.ts}`;
      if (clicked.has(key) || Number(m.ts) * 1000 >= before.getTime() || !JSON.stringify(m.blocks ?? []).includes('"brief_open"')) continue;
      clicked.add(key);
      for (const [i, user] of c.members.filter((u) => ids.includes(u)).entries()) {
        const prior = emulator.currentModal(user)?.id;
        const r = await emulator.blockAction({ user, channel: c.id, message: m.ts, actionId: 'brief_open' }).catch(() => undefined);
        if (r?.status !== 200) continue;
        const view = await waitFor(() => {
          const v = emulator.currentModal(user);
          return v && v.id !== prior && v.callback_id === 'brief' ? v : undefined;
        }, 10_000);
        if (!view) continue;
        const brief = BRIEFS[(ids.indexOf(user) + i) % BRIEFS.length]!;
        await emulator.submitView({ user, viewId: view.id, values: submissionValues(view, { working_on: { working_on: brief.working_on }, ideas: { ideas: brief.ideas } }) }).catch(() => undefined);
        if (emulator.currentModal(user)?.id === view.id) await emulator.closeView({ user, viewId: view.id }).catch(() => undefined);
      }
    }
  }
}
