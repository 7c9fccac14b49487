/**
 * People: a member's private call list (add, edit, archive, delete, a page of the list), the
 * suggestions per category for the plan, `/calls today` and the Home, and the search behind the
 * check-in's person picker. Everything is the member's own: every read names the member.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Circle, Contact, Member } from '../db/types.js';
import { memberTimeZone } from '../domain/members.js';
import {
  PEOPLE_LIMITS,
  suggestPeople,
  validatePeopleAdd,
  validatePerson,
  type CategorySuggestion,
  type FieldErrors,
  type PersonSummary,
  type RawPeopleAdd,
  type RawPerson,
} from '../domain/people.js';
import { playbookOrDefault, playbookWithoutPairing, type Playbook } from '../domain/playbooks.js';
import { addDays, localDateOf, parseLocalDate, weekKeyOf, weekStartDate } from '../domain/weeks.js';
import { circleOf } from '../store/circles.js';
import {
  addContacts,
  deleteContact,
  getContact,
  listContactsPage,
  markAskedForTime,
  searchContacts,
  setContactArchived,
  suggestionCandidates,
  updateContact,
  type SuggestionCandidate,
} from '../store/contacts.js';
import { getMemberBySlackId } from '../store/members.js';

export type { CategorySuggestion } from '../domain/people.js';

/** The playbook a member's people are sorted into (the circle's, worded for no pairing when there is none). */
export function playbookFor(circle: Circle | null): Playbook {
  const pb = playbookOrDefault(circle?.playbook);
  return circle?.pairing_enabled ? pb : playbookWithoutPairing(pb);
}

export async function memberPlaybook(db: Db, member: Member): Promise<Playbook> {
  return playbookFor(await circleOf(db, member));
}

const summary = (c: Pick<SuggestionCandidate, 'id' | 'name' | 'categories' | 'last_called_on' | 'last_outcome' | 'birthday_month' | 'birthday_day'>): PersonSummary => ({
  id: c.id,
  name: c.name,
  categories: c.categories,
  lastCalledOn: c.last_called_on,
  lastOutcome: c.last_outcome,
  birthdayMonth: c.birthday_month,
  birthdayDay: c.birthday_day,
});

export interface PeoplePage {
  people: Contact[];
  total: number;
  /** 0-based. */
  page: number;
  pages: number;
  pageSize: number;
  archived: boolean;
  playbook: Playbook;
  today: string;
}

/** A page of the member's list, most overdue first; `archived` lists the archive instead. */
export async function peoplePage(db: Db, clock: Clock, member: Member, page: number, archived = false): Promise<PeoplePage> {
  const pageSize = PEOPLE_LIMITS.pageSize;
  const playbook = await memberPlaybook(db, member);
  const first = await listContactsPage(db, member.workspace_id, member.id, { offset: Math.max(0, page) * pageSize, limit: pageSize, archived });
  const pages = Math.max(1, Math.ceil(first.total / pageSize));
  // A page past the end (someone archived the last person of the last page): show the last page.
  const p = Math.min(Math.max(0, page), pages - 1);
  const result = p === page ? first : await listContactsPage(db, member.workspace_id, member.id, { offset: p * pageSize, limit: pageSize, archived });
  return { people: result.rows, total: result.total, page: p, pages, pageSize, archived, playbook, today: localDateOf(clock.now(), memberTimeZone(member)) };
}

export type PeopleResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** The Home's People section: the count and the most overdue few. */
export async function homePeople(db: Db, member: Member, few = 3): Promise<{ total: number; overdue: Contact[] }> {
  const r = await listContactsPage(db, member.workspace_id, member.id, { offset: 0, limit: few });
  return { total: r.total, overdue: r.rows };
}

/** "Add people": several names at once with the categories they fit. */
export async function addPeople(db: Db, clock: Clock, member: Member, raw: RawPeopleAdd): Promise<PeopleResult<{ added: string[]; existing: string[] }>> {
  const playbook = await memberPlaybook(db, member);
  const v = validatePeopleAdd(raw, playbook.categories.map((c) => c.key));
  if (!v.ok) return v;
  const r = await db.transaction().execute((trx) => addContacts(trx, { workspaceId: member.workspace_id, memberId: member.id, names: v.value.names, categories: v.value.categories, at: clock.now() }));
  return { ok: true, value: r };
}

/** One of the member's people, or null. */
export async function personOf(db: Db, member: Member, contactId: number): Promise<Contact | null> {
  return getContact(db, member.workspace_id, member.id, contactId);
}

/** Saves the "Edit person" modal. */
export async function editPerson(db: Db, clock: Clock, member: Member, contactId: number, raw: RawPerson): Promise<PeopleResult<Contact>> {
  const playbook = await memberPlaybook(db, member);
  // Categories of another playbook (the member moved circles) stay valid on the person.
  const existing = await getContact(db, member.workspace_id, member.id, contactId);
  if (!existing) return { ok: false, errors: { name: 'This person is no longer on your list.' } };
  const allowed = [...new Set([...playbook.categories.map((c) => c.key), ...existing.categories])];
  const v = validatePerson(raw, allowed);
  if (!v.ok) return v;
  const e = v.value;
  const r = await updateContact(db, member.workspace_id, member.id, contactId, {
    name: e.name,
    categories: e.categories,
    birthdayMonth: e.birthday?.month ?? null,
    birthdayDay: e.birthday?.day ?? null,
    howWeKnow: e.howWeKnow,
    notes: e.notes,
  }, clock.now());
  if (r === 'taken') return { ok: false, errors: { name: 'Someone on your list already has this name.' } };
  if (r === 'missing') return { ok: false, errors: { name: 'This person is no longer on your list.' } };
  const saved = await getContact(db, member.workspace_id, member.id, contactId);
  return saved ? { ok: true, value: saved } : { ok: false, errors: { name: 'This person is no longer on your list.' } };
}

export async function archivePerson(db: Db, clock: Clock, member: Member, contactId: number, archive: boolean): Promise<boolean> {
  return setContactArchived(db, member.workspace_id, member.id, contactId, archive ? clock.now() : null, clock.now());
}

/** Deletes a person: their calls keep counting, without the name. */
export async function deletePerson(db: Db, member: Member, contactId: number): Promise<boolean> {
  return db.transaction().execute((trx) => deleteContact(trx, member.workspace_id, member.id, contactId));
}

/** "I sent it": the member asked this person for a time by message. Not a call: no call row, no count. */
export async function askedForTime(db: Db, clock: Clock, member: Member, contactId: number): Promise<boolean> {
  return markAskedForTime(db, member.workspace_id, member.id, contactId, localDateOf(clock.now(), memberTimeZone(member)), clock.now());
}

/** The (month, day) pairs of a week's seven days, and 29 February when 28 February is in a common year. */
function weekBirthdays(weekStart: string): { month: number; day: number }[] {
  const out: { month: number; day: number }[] = [];
  for (let i = 0; i < 7; i++) {
    const d = parseLocalDate(addDays(weekStart, i));
    if (!d) continue;
    out.push({ month: d.month, day: d.day });
    if (d.month === 2 && d.day === 28 && parseLocalDate(`${d.year}-02-29`) === null) out.push({ month: 2, day: 29 });
  }
  return out;
}

/**
 * The suggestions of several members at once (the plan fan-out): for each member, per category of
 * their playbook, the person to call. Only the member's own people are ever read for them.
 */
export async function suggestionsForMembers(
  db: Db,
  clock: Clock,
  workspaceId: string,
  members: readonly { member: Member; playbook: Playbook; pairing?: boolean }[],
): Promise<Map<number, CategorySuggestion[]>> {
  const out = new Map<number, CategorySuggestion[]>();
  if (members.length === 0) return out;
  const now = clock.now();
  const categories = [...new Set(members.flatMap((m) => m.playbook.categories.map((c) => c.key)))];
  const weeks = members.map((m) => {
    const tz = memberTimeZone(m.member);
    return { today: localDateOf(now, tz), weekStart: weekStartDate(weekKeyOf(now, tz)) };
  });
  const birthdays = [...new Map(weeks.flatMap((w) => weekBirthdays(w.weekStart)).map((b) => [`${b.month}-${b.day}`, b])).values()];
  const needBirthdays = members.some((m) => m.playbook.categories.some((c) => c.key === 'birthday'));
  const rows = await suggestionCandidates(db, workspaceId, members.map((m) => m.member.id), categories, needBirthdays ? birthdays : []);
  const byMember = new Map<number, PersonSummary[]>();
  for (const r of rows) {
    const list = byMember.get(r.member_id) ?? [];
    list.push(summary(r));
    byMember.set(r.member_id, list);
  }
  members.forEach((m, i) => {
    const w = weeks[i]!;
    // With weekly pairing, the partner is the call of a category that leans on them (the soundboard): no list suggestion there.
    const categoriesFor = m.pairing ? m.playbook.categories.filter((c) => c.withoutPairing === undefined) : m.playbook.categories;
    out.set(m.member.id, suggestPeople(categoriesFor, byMember.get(m.member.id) ?? [], w.today, w.weekStart));
  });
  return out;
}

/** One member's suggestions (`pairing`: the member has a weekly partner, so the partner's category gets none). */
export async function suggestionsFor(db: Db, clock: Clock, member: Member, playbook: Playbook, pairing = false): Promise<CategorySuggestion[]> {
  return (await suggestionsForMembers(db, clock, member.workspace_id, [{ member, playbook, pairing }])).get(member.id) ?? [];
}

/** What the person picker offers: the member's people matching `query`; nobody else's. */
export async function contactOptions(db: Db, workspaceId: string, slackUserId: string, query: string, limit: number): Promise<{ id: number; name: string; lastCalledOn: string | null }[]> {
  const member = await getMemberBySlackId(db, workspaceId, slackUserId);
  if (!member) return [];
  const rows = await searchContacts(db, workspaceId, member.id, query, limit);
  return rows.map((r) => ({ id: r.id, name: r.name, lastCalledOn: r.last_called_on }));
}
