/**
 * People: the member's private call list (`/calls people`), the "Add people", "Edit person" and "Ask
 * for a time" modals, and the suggestion lines the plan, `/calls today` and the Home show. Pure.
 */
import type { ActionsBlock, Button, InputBlock, KnownBlock, ModalView, Overflow, PlainTextOption } from '@slack/types';
import { OUTCOME_LABELS } from '../../domain/checkin.js';
import {
  MONTH_NAMES,
  PEOPLE_LIMITS,
  categoryExamples,
  sinceLabel,
  type CategorySuggestion,
  type FieldErrors,
  type RawPeopleAdd,
  type RawPerson,
} from '../../domain/people.js';
import type { Category, Playbook } from '../../domain/playbooks.js';
import type { Contact } from '../../services/models.js';
import { LIMITS, actions, button, context, dayDate, divider, esc, fallback, header, listJoin, option, plain, plural, section, type SlackMessage } from './blocks.js';
import { ACTION, ASK_BLOCK, CALLBACK, PERSON_BLOCK, personRefValue } from './ids.js';
import { readText, stateValue, type ViewStateValues } from './state.js';

/** The select option that means "no birthday" (a static select cannot be cleared). */
export const NO_BIRTHDAY = 'none';

function input(blockId: string, label: string, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label, LIMITS.inputLabel), element, ...extra };
}

function modal(callbackId: string, title: string, submit: string, blocks: KnownBlock[], privateMetadata?: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, LIMITS.viewTitle),
    submit: plain(submit, LIMITS.viewButton),
    close: plain('Cancel', LIMITS.viewButton),
    ...(privateMetadata !== undefined ? { private_metadata: privateMetadata } : {}),
    blocks,
  };
}

const categoryTitle = (playbook: Playbook, key: string): string => playbook.categories.find((c) => c.key === key)?.title ?? key;

function categoryOptions(playbook: Playbook, extraKeys: readonly string[] = []): PlainTextOption[] {
  const keys = [...playbook.categories.map((c) => c.key), ...extraKeys.filter((k) => !playbook.categories.some((c) => c.key === k))];
  return keys.slice(0, LIMITS.checkboxOptions).map((k) => option(categoryTitle(playbook, k), k));
}

/** "Add people": several names at once (one a line) and the categories they fit. */
export function addPeopleModal(args: { playbook: Playbook; category?: string | null; names?: string | null }): ModalView {
  const opts = categoryOptions(args.playbook);
  const initial = opts.filter((o) => o.value === args.category);
  return modal(CALLBACK.addPeople, 'Add people', 'Add', [
    section('People you would like to catch up with: a former co-worker, an old boss, a past client, a lunch buddy. Only you see your list.'),
    input(
      PERSON_BLOCK.names,
      'Names, one a line',
      {
        type: 'plain_text_input',
        action_id: PERSON_BLOCK.names,
        multiline: true,
        max_length: 3000,
        placeholder: plain('One name a line'),
        ...(args.names?.trim() ? { initial_value: args.names.trim().slice(0, 3000) } : {}),
      },
      { hint: plain(`Up to ${PEOPLE_LIMITS.addAtOnce} at a time. Someone already on your list keeps their entry.`) },
    ),
    input(
      PERSON_BLOCK.categories,
      'Which calls do they fit?',
      { type: 'checkboxes', action_id: PERSON_BLOCK.categories, options: opts, ...(initial.length > 0 ? { initial_options: initial } : {}) },
      { optional: true, hint: plain('The plan suggests people from each category. You can change this later.') },
    ),
  ]);
}

export function parseAddPeopleValues(values: ViewStateValues): RawPeopleAdd {
  return { names: readText(values, PERSON_BLOCK.names), categories: selectedValues(values, PERSON_BLOCK.categories) };
}

function selectedValues(values: ViewStateValues, blockId: string): string[] {
  const v = stateValue(values, blockId);
  return Array.isArray(v?.selected_options) ? v.selected_options.map((o) => o?.value).filter((x): x is string => typeof x === 'string') : [];
}

const monthOptions = (): PlainTextOption[] => [option('No birthday', NO_BIRTHDAY), ...MONTH_NAMES.map((m, i) => option(m, String(i + 1)))];
const dayOptions = (): PlainTextOption[] => [option('—', NO_BIRTHDAY), ...Array.from({ length: 31 }, (_, i) => option(String(i + 1), String(i + 1)))];

/** "Edit person": name, categories, birthday, how you know each other, private notes; delete. */
export function editPersonModal(args: { person: Contact; playbook: Playbook }): ModalView {
  const p = args.person;
  const cats = categoryOptions(args.playbook, p.categories);
  const initialCats = cats.filter((o) => p.categories.includes(o.value ?? ''));
  const months = monthOptions();
  const days = dayOptions();
  const initialMonth = months.find((o) => o.value === String(p.birthday_month ?? NO_BIRTHDAY));
  const initialDay = days.find((o) => o.value === String(p.birthday_day ?? NO_BIRTHDAY));
  const stats = `${plural(p.calls_count, 'call')}, ${plural(p.conversations_count, 'conversation')}${p.last_called_on ? ` · last on ${dayDate(p.last_called_on, true)}` : ''}`;
  return modal(
    CALLBACK.editPerson,
    'Edit person',
    'Save',
    [
      input(PERSON_BLOCK.name, 'Name', { type: 'plain_text_input', action_id: PERSON_BLOCK.name, max_length: PEOPLE_LIMITS.nameMaxChars, initial_value: p.name }),
      input(
        PERSON_BLOCK.categories,
        'Which calls do they fit?',
        { type: 'checkboxes', action_id: PERSON_BLOCK.categories, options: cats, ...(initialCats.length > 0 ? { initial_options: initialCats } : {}) },
        { optional: true },
      ),
      input(PERSON_BLOCK.birthdayMonth, 'Birthday: month', { type: 'static_select', action_id: PERSON_BLOCK.birthdayMonth, placeholder: plain('Month'), options: months, ...(initialMonth ? { initial_option: initialMonth } : {}) }, { optional: true }),
      input(PERSON_BLOCK.birthdayDay, 'Birthday: day', { type: 'static_select', action_id: PERSON_BLOCK.birthdayDay, placeholder: plain('Day'), options: days, ...(initialDay ? { initial_option: initialDay } : {}) }, {
        optional: true,
        hint: plain('No year needed. In their birthday week the plan names them, and you get a note on the day.'),
      }),
      input(
        PERSON_BLOCK.howWeKnow,
        'How you know each other',
        { type: 'plain_text_input', action_id: PERSON_BLOCK.howWeKnow, max_length: PEOPLE_LIMITS.howWeKnowMaxChars, ...(p.how_we_know ? { initial_value: p.how_we_know } : {}), placeholder: plain('e.g. we shared a desk at Acme') },
        { optional: true },
      ),
      input(
        PERSON_BLOCK.notes,
        'Notes',
        { type: 'plain_text_input', action_id: PERSON_BLOCK.notes, multiline: true, max_length: PEOPLE_LIMITS.notesMaxChars, ...(p.notes ? { initial_value: p.notes } : {}) },
        { optional: true, hint: plain('Private: only you see this') },
      ),
      context(`:telephone_receiver: ${stats}`),
      {
        type: 'actions',
        block_id: 'person_danger',
        elements: [
          {
            type: 'button',
            action_id: ACTION.personDelete,
            text: plain('Delete this person', LIMITS.buttonText),
            style: 'danger',
            value: String(p.id),
            confirm: {
              title: plain('Delete this person?', LIMITS.confirmTitle),
              text: plain(`${p.name} leaves your list for good. Their calls keep counting, without the name.`, LIMITS.confirmText),
              confirm: plain('Delete', LIMITS.confirmButton),
              deny: plain('Keep', LIMITS.confirmButton),
              style: 'danger',
            },
          },
        ],
      },
    ],
    JSON.stringify({ contactId: p.id }),
  );
}

export function parsePersonValues(values: ViewStateValues): RawPerson {
  const bday = (id: string) => {
    const v = readText(values, id);
    return v === NO_BIRTHDAY ? null : v;
  };
  return {
    name: readText(values, PERSON_BLOCK.name),
    categories: selectedValues(values, PERSON_BLOCK.categories),
    birthday_month: bday(PERSON_BLOCK.birthdayMonth),
    birthday_day: bday(PERSON_BLOCK.birthdayDay),
    how_we_know: readText(values, PERSON_BLOCK.howWeKnow),
    notes: readText(values, PERSON_BLOCK.notes),
  };
}

/** Field errors keyed by the modal's block ids (the same names). */
export function personErrors(errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([, m]) => typeof m === 'string' && m !== '')) as Record<string, string>;
}

/** The modal after a delete (its inputs gone, so nothing stale can be saved). */
export function personDeletedModal(name: string | null): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.editPerson,
    title: plain('Person deleted', LIMITS.viewTitle),
    close: plain('Close', LIMITS.viewButton),
    blocks: [section(`:wastebasket: ${name ? `*${esc(name)}* is` : 'They are'} off your list. Their calls still count, without the name.`)],
  };
}

/** "Ask for a time": a short message to send first, editable, to copy into a DM or a text. */
export function askForTimeModal(args: { name: string; categoryTitle: string | null; text: string; contactId: number }): ModalView {
  return modal(
    CALLBACK.askForTime,
    'Ask for a time',
    'I sent it',
    [
      section(`A cold call to *${esc(args.name)}* feels big? Ask for a time by message first${args.categoryTitle ? ` (${esc(args.categoryTitle)})` : ''}.`),
      input(ASK_BLOCK.message, 'Your message', { type: 'plain_text_input', action_id: ASK_BLOCK.message, multiline: true, max_length: 1000, initial_value: args.text }, {
        hint: plain('Edit it as you like, then copy it into a DM, a text or an email.'),
      }),
      { type: 'rich_text', elements: [{ type: 'rich_text_preformatted', elements: [{ type: 'text', text: args.text }] }] },
      context(':clipboard: The message again as a block to copy from. Sending it is not a call: log the call when you talk.'),
    ],
    JSON.stringify({ contactId: args.contactId }),
  );
}

/** What we know of a person, in one line: categories, last call and outcome, counts, birthday. */
export function personLine(p: Contact, playbook: Playbook, today: string): string {
  const cats = p.categories.length > 0 ? p.categories.map((k) => categoryTitle(playbook, k)).join(', ') : '_no category yet_';
  const last = p.last_outcome ? ` · last: ${OUTCOME_LABELS[p.last_outcome].toLowerCase()}` : '';
  const counts = p.calls_count > 0 ? ` · ${plural(p.calls_count, 'call')}, ${plural(p.conversations_count, 'conversation')}` : '';
  const bday = p.birthday_month && p.birthday_day ? ` · :birthday: ${p.birthday_day} ${MONTH_NAMES[p.birthday_month - 1]!.slice(0, 3)}` : '';
  return `*${esc(p.name)}*  ${sinceLabel(p.last_called_on, today)}${last}${counts}${bday}\n${esc(cats)}${p.how_we_know ? ` · _${esc(p.how_we_know)}_` : ''}`;
}

function personMenu(p: Contact, archived: boolean): Overflow {
  return {
    type: 'overflow',
    action_id: ACTION.personMenu,
    options: [
      option('Edit', `edit:${p.id}`),
      archived ? option('Restore to the list', `restore:${p.id}`) : option('Archive', `archive:${p.id}`),
      option('Delete…', `delete:${p.id}`),
    ],
  };
}

export interface PeopleListInput {
  people: Contact[];
  total: number;
  page: number;
  pages: number;
  archived: boolean;
  playbook: Playbook;
  today: string;
  /** A line above the list (what just happened), e.g. "Added Dana Lee." */
  notice?: string;
}

/** `/calls people`: the list, most overdue first, a page at a time, with add, edit, archive and "Log a call". */
export function peopleListMessage(input: PeopleListInput): SlackMessage {
  const { people, playbook, today } = input;
  const blocks: KnownBlock[] = [
    header(input.archived ? ':file_cabinet: Archived people' : ':busts_in_silhouette: Your people'),
    context(`:lock: Only you see this list.${input.total > 0 ? ` ${plural(input.total, input.archived ? 'archived person' : 'person', input.archived ? 'archived people' : 'people')}${input.archived ? '' : ', most overdue first'}.` : ''}`),
  ];
  if (input.notice) blocks.push(section(input.notice));
  if (people.length === 0) {
    blocks.push(
      section(
        input.archived
          ? 'Nobody is archived.'
          : 'Your list is empty. Think of people you would like to catch up with: a former co-worker, an old boss, a past client, a lunch buddy. Add a few, and the weekly plan will suggest whom to call.',
      ),
    );
  }
  for (const p of people) {
    blocks.push(section(personLine(p, playbook, today), { block_id: `person_${p.id}_row`, accessory: personMenu(p, input.archived) }));
    if (!input.archived) {
      const category = p.categories[0] ?? '';
      blocks.push(
        actions([
          button('Log a call', ACTION.logPerson, personRefValue({ contactId: p.id, category })),
          button('Schedule', ACTION.reminderScheduleOpen, personRefValue({ contactId: p.id, category })),
        ], `person_${p.id}`),
      );
    }
  }
  if (input.pages > 1) blocks.push(context(`Page ${input.page + 1} of ${input.pages}`));
  const prefix = input.archived ? 'a:' : '';
  const nav: Button[] = [];
  if (input.page > 0) nav.push(button('‹ Previous', `${ACTION.peoplePage}:prev`, `${prefix}${input.page - 1}`));
  if (input.page + 1 < input.pages) nav.push(button('Next ›', `${ACTION.peoplePage}:next`, `${prefix}${input.page + 1}`));
  blocks.push(divider());
  blocks.push(
    actions([
      ...(input.archived ? [] : [button('Add people', ACTION.peopleAdd, '', 'primary')]),
      ...nav,
      input.archived ? button('Back to the list', `${ACTION.peoplePage}:list`, '0') : button('Archived', `${ACTION.peoplePage}:archive`, 'a:0'),
    ]),
  );
  return { text: fallback(input.archived ? 'Your archived people' : `Your people: ${plural(input.total, 'person', 'people')}`), blocks };
}

/** The delete question for a person picked from the list's menu. */
export function deletePersonQuestion(p: Pick<Contact, 'id' | 'name'>): SlackMessage {
  return {
    text: fallback(`Delete ${p.name}?`),
    blocks: [
      section(`:wastebasket: Delete *${esc(p.name)}* from your list? Their calls keep counting, without the name. To take them off the list but keep the name, archive them instead.`),
      actions([button('Delete', ACTION.personDelete, String(p.id), 'danger'), button('Keep', `${ACTION.peoplePage}:list`, '0')]),
    ],
  };
}

/** "Dana Lee · never called" / "Sam Ortiz · called 40 days ago · last: voicemail" / a birthday. */
export function suggestionText(s: CategorySuggestion, today: string): string {
  const p = s.person;
  if (!p) return `:bust_in_silhouette: Nobody on your list for this yet. Think of ${esc(categoryExamples(s.category.key))}: \`/calls people add\``;
  if (s.birthdayOn) return `:birthday: *${esc(p.name)}*: birthday ${s.birthdayOn === today ? '*today*' : `on ${dayDate(s.birthdayOn)}`}`;
  const last = p.lastOutcome ? ` · last: ${OUTCOME_LABELS[p.lastOutcome].toLowerCase()}` : '';
  return `:bust_in_silhouette: Suggested: *${esc(p.name)}* · ${sinceLabel(p.lastCalledOn, today)}${last}`;
}

/** The buttons under a suggestion: "Log it" (prefilled), "Schedule", and "Ask for a time" when cold. */
export function suggestionActions(s: CategorySuggestion): ActionsBlock | null {
  const p = s.person;
  if (!p) return null;
  const ref = personRefValue({ contactId: p.id, category: s.category.key });
  const first = p.name.trim().split(/\s+/)[0] ?? p.name;
  return actions(
    [
      button(`Log it: ${first}`, ACTION.logPerson, ref),
      button('Schedule', ACTION.reminderScheduleOpen, ref),
      ...(s.askFirst ? [button('Ask for a time first', ACTION.askForTime, ref)] : []),
    ],
    `suggest_${s.category.key}`,
  );
}

/** The suggestion for one category, as blocks (a context line, and the buttons when someone is named). */
export function suggestionBlocks(s: CategorySuggestion | undefined, today: string): KnownBlock[] {
  if (!s) return [];
  const acts = suggestionActions(s);
  return [context(suggestionText(s, today)), ...(acts ? [acts] : [])];
}

/** The suggestion of `category`, if any. */
export function suggestionOf(suggestions: readonly CategorySuggestion[] | undefined, category: Pick<Category, 'key'>): CategorySuggestion | undefined {
  return suggestions?.find((s) => s.category.key === category.key);
}

/** The DM on the day: whose birthday it is (the member's own people), with a "Log it" each. */
export function birthdayNoteMessage(input: { people: { id: number; name: string }[]; category: string }): SlackMessage {
  const names = input.people.map((p) => p.name);
  const shown = input.people.slice(0, 20);
  return {
    text: fallback(`Birthday today: ${listJoin(names)}. A call beats a post on their wall.`),
    blocks: [
      section(`:birthday: *Birthday today:* ${esc(listJoin(names))}. A quick call beats one more post on their wall.`),
      ...shown.map((p) => section(esc(p.name), { accessory: button('Log it', ACTION.logPerson, personRefValue({ contactId: p.id, category: input.category })) })),
      context(':lock: From your private call list; only you get this note.'),
    ],
  };
}
