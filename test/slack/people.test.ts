// End to end through Bolt's HTTP receiver and the emulator: `/calls people`, the "Add people" modal
// (errors, then a save that refreshes the list through its response_url), the check-in's "Your
// people" external_select (block_suggestion, signed, answered within 3 s, the member's own people only),
// a suggestion's "Log it", the person menu (archive, delete), and the options answer's Block Kit limits.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkOptionsAnswer } from '../../src/sandbox/emulator/index.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { blockKitProblems, commandReply, initialValues, startHarness, type Harness } from './harness.js';

type Obj = Record<string, unknown>;

describeDb('people end to end', (ctx) => {
  let h: Harness;
  let seq = 0;
  beforeAll(async () => {
    h = await startHarness(ctx());
  });
  afterAll(async () => {
    await h?.stop();
  });
  const db = () => ctx().db;
  const newUser = (name: string) => h.emu.addUser({ name: `${name}${++seq}`, real_name: `${name} ${seq}`, tz: 'UTC' }).id;
  const memberId = async (user: string) => (await db().selectFrom('members').select('id').where('slack_user_id', '=', user).executeTakeFirstOrThrow()).id;
  const contacts = async (user: string) => db().selectFrom('contacts').selectAll().where('member_id', '=', await memberId(user)).orderBy('id').execute();
  const waitModal = async (user: string, before: string | undefined, callbackId: string) => {
    await until(() => h.emu.currentModal(user) !== undefined && h.emu.currentModal(user)!.id !== before);
    const m = h.emu.currentModal(user)!;
    expect(m.callback_id).toBe(callbackId);
    return m;
  };
  /** Clicks a button of the user's latest ephemeral message. */
  const clickEphemeral = async (user: string, actionId: string, blockId?: string, extra: Obj = {}) => {
    const e = h.emu.ephemerals(user).at(-1)!;
    return h.emu.blockAction({ user, channel: e.channel, message: e.ts, actionId, ...(blockId ? { blockId } : {}), ...extra });
  };
  /** Adds people through the real modal, from `/calls people add`. */
  const addPeople = async (user: string, names: string, categories: string[]) => {
    const before = h.emu.currentModal(user)?.id;
    expect((await h.emu.slashCommand({ user, text: 'people add' })).status).toBe(200);
    const modal = await waitModal(user, before, 'people_add');
    const r = await h.emu.submitView({
      user, viewId: modal.id,
      values: { names: { names: { type: 'plain_text_input', value: names } }, categories: { categories: { type: 'checkboxes', selected_options: categories.map((value) => ({ value })) } } },
    });
    expect(r.outcome).toBe('closed');
    // The command's response_url then shows the list with what was added.
    await until(() => /Added|Already on your list/.test(JSON.stringify(h.emu.ephemerals(user).at(-1)?.blocks ?? [])));
  };

  it('/calls people: an empty list says whom to add; "Add people" checks the names, then saves and refreshes the list', async () => {
    const ann = newUser('ann');
    const empty = await commandReply(h, ann, 'people');
    expect(empty.all).toMatch(/Your list is empty.*former co-worker/);
    const before = h.emu.currentModal(ann)?.id;
    await clickEphemeral(ann, 'people_add');
    const modal = await waitModal(ann, before, 'people_add');
    const bad = await h.emu.submitView({ user: ann, viewId: modal.id, values: { names: { names: { type: 'plain_text_input', value: `ok\n${'x'.repeat(81)}` } } } });
    expect(bad).toMatchObject({ outcome: 'errors', errors: { names: expect.stringMatching(/80 characters/) } });
    const ok = await h.emu.submitView({
      user: ann, viewId: modal.id,
      values: { names: { names: { type: 'plain_text_input', value: 'Dana Lee\nSam Ortiz' } }, categories: { categories: { type: 'checkboxes', selected_options: [{ value: 'stretch' }] } } },
    });
    expect(ok.outcome).toBe('closed');
    expect((await contacts(ann)).map((c) => [c.name, c.categories])).toEqual([['Dana Lee', ['stretch']], ['Sam Ortiz', ['stretch']]]);
    // The list the modal was opened from is replaced through its response_url.
    await until(() => /Dana Lee/.test(JSON.stringify(h.emu.ephemerals(ann).at(-1)?.blocks ?? [])));
    expect(JSON.stringify(h.emu.ephemerals(ann).at(-1)!.blocks)).toMatch(/Added 2 people: Dana Lee and Sam Ortiz/);
    expect(blockKitProblems(h.emu)).toEqual([]);
  });

  it("the check-in's person picker asks the options endpoint (signed block_suggestion) and offers only the member's own people", async () => {
    const bo = newUser('bo');
    const cy = newUser('cy');
    await addPeople(bo, 'Dana Lee\nDavid Kim\nZoe Park', ['stretch']);
    await addPeople(cy, 'Dana Cy-Friend', ['stretch']);
    const before = h.emu.currentModal(bo)?.id;
    await h.emu.slashCommand({ user: bo, text: 'log' });
    const modal = await waitModal(bo, before, 'checkin');
    const started = Date.now();
    const r = await h.emu.blockSuggestion({ user: bo, view: modal.id, actionId: 'who_contact', value: 'da' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r).toMatchObject({ sent: true, status: 200, problems: [] });
    expect(r.payload).toMatchObject({ type: 'block_suggestion', action_id: 'who_contact', block_id: 'who_contact', value: 'da', container: { type: 'view', view_id: modal.id } });
    expect(r.optionGroups!.map((g) => (g.label as { text: string }).text)).toEqual(['Your people', 'Someone new']);
    const texts = r.options.map((o) => (o.text as { text: string }).text);
    expect(texts).toEqual(['Dana Lee', 'David Kim', 'Add "da"']);
    expect(texts.join()).not.toMatch(/Cy-Friend/);
    // A word inside the name matches too; an exact name offers no "Add".
    const park = await h.emu.blockSuggestion({ user: bo, view: modal.id, actionId: 'who_contact', value: 'Zoe Park' });
    expect(park.options.map((o) => (o.text as { text: string }).text)).toEqual(['Zoe Park']);
    // Pick Dana (offered above) and save: the call links to her and updates her stats.
    const dana = (await contacts(bo)).find((c) => c.name === 'Dana Lee')!;
    const values = {
      ...initialValues(modal),
      who_contact: { who_contact: { type: 'external_select', selected_option: r.options[0]! } },
      category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
      outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
    };
    expect((await h.emu.submitView({ user: bo, viewId: modal.id, values })).outcome).toBe('closed');
    const call = await db().selectFrom('calls').selectAll().where('member_id', '=', await memberId(bo)).executeTakeFirstOrThrow();
    expect(call).toMatchObject({ contact_id: dana.id, contact_name: 'Dana Lee' });
    expect((await contacts(bo)).find((c) => c.id === dana.id)).toMatchObject({ calls_count: 1, conversations_count: 1, last_outcome: 'conversation' });
  });

  it("a forged pick of someone else's person is refused inline, and nothing is saved", async () => {
    const di = newUser('di');
    const ed = newUser('ed');
    await addPeople(ed, 'Ed Private', ['stretch']);
    const edsPerson = (await contacts(ed))[0]!;
    await h.emu.slashCommand({ user: di, text: 'log' });
    const modal = await waitModal(di, undefined, 'checkin');
    const values = {
      who_contact: { who_contact: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: `c:${edsPerson.id}` } } },
      category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
      outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
    };
    const r = await h.emu.submitView({ user: di, viewId: modal.id, values });
    expect(r).toMatchObject({ outcome: 'errors', errors: { who_contact: expect.stringMatching(/no longer on your list/) } });
    expect(await db().selectFrom('calls').select('id').where('member_id', '=', await memberId(di)).execute()).toEqual([]);
  });

  it('/calls today names the person for today\'s call; its "Log it" opens the check-in with them picked; "Schedule" carries the contract value', async () => {
    const fay = newUser('fay');
    await addPeople(fay, 'Gil Everyone', ['soundboard', 'stretch', 'outside-lane', 'past-collaborator', 'younger-mentor']);
    const gil = (await contacts(fay))[0]!;
    const today = await commandReply(h, fay, 'today');
    expect(today.all).toMatch(/Suggested: \*Gil Everyone\* · never called/);
    const blocks = today.blocks as Obj[];
    const acts = blocks.find((b) => typeof b.block_id === 'string' && (b.block_id as string).startsWith('suggest_'))! as { block_id: string; elements: Obj[] };
    const schedule = acts.elements.find((e) => e.action_id === 'reminder_schedule_open')!;
    expect(JSON.parse(String(schedule.value))).toEqual({ contactId: gil.id, category: expect.any(String) });
    expect(acts.elements.some((e) => e.action_id === 'ask_for_time_open')).toBe(true);
    const before = h.emu.currentModal(fay)?.id;
    await clickEphemeral(fay, 'person_log', acts.block_id);
    const modal = await waitModal(fay, before, 'checkin');
    const picker = (modal.blocks as Obj[]).find((b) => b.block_id === 'who_contact') as { element: Obj };
    expect(picker.element.initial_option).toMatchObject({ value: `c:${gil.id}`, text: { text: 'Gil Everyone' } });
    // Saved as it opened (the person and the category prefilled): a call with Gil.
    const values = { ...initialValues(modal), outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'voicemail' } } } };
    expect((await h.emu.submitView({ user: fay, viewId: modal.id, values })).outcome).toBe('closed');
    expect((await contacts(fay))[0]).toMatchObject({ calls_count: 1, conversations_count: 0, last_outcome: 'voicemail' });
    // "Ask for a time first" opens an editable message; "I sent it" is not a call.
    const b2 = h.emu.currentModal(fay)?.id;
    await clickEphemeral(fay, 'ask_for_time_open', acts.block_id);
    const ask = await waitModal(fay, b2, 'ask_for_time');
    expect(JSON.stringify(ask.blocks)).toMatch(/Hi Gil/);
    expect((await h.emu.submitView({ user: fay, viewId: ask.id, values: initialValues(ask) })).outcome).toBe('closed');
    await until(async () => (await contacts(fay))[0]!.asked_for_time_on !== null);
    expect(await db().selectFrom('calls').select('id').where('member_id', '=', await memberId(fay)).execute()).toHaveLength(1);
    expect(blockKitProblems(h.emu)).toEqual([]);
  });

  it('the person menu archives, restores and deletes; a deleted person\'s calls keep counting without the name', async () => {
    const gus = newUser('gus');
    await addPeople(gus, 'Hal Archive\nIvy Delete', ['stretch']);
    const [hal, ivy] = await contacts(gus);
    await commandReply(h, gus, 'people');
    await clickEphemeral(gus, 'person_menu', `person_${hal!.id}_row`, { selectedOption: `archive:${hal!.id}` });
    await until(() => /Archived \*Hal Archive\*/.test(JSON.stringify(h.emu.ephemerals(gus).at(-1)?.blocks ?? [])));
    expect((await contacts(gus))[0]!.archived_at).not.toBeNull();
    // Log a call with Ivy, then delete her through the question.
    const before = h.emu.currentModal(gus)?.id;
    await h.emu.slashCommand({ user: gus, text: 'log Ivy Delete' });
    const modal = await waitModal(gus, before, 'checkin');
    await h.emu.submitView({ user: gus, viewId: modal.id, values: { ...initialValues(modal), category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } }, outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } } } });
    await commandReply(h, gus, 'people');
    await clickEphemeral(gus, 'person_menu', `person_${ivy!.id}_row`, { selectedOption: `delete:${ivy!.id}` });
    await until(() => /Delete \*Ivy Delete\*/.test(JSON.stringify(h.emu.ephemerals(gus).at(-1)?.blocks ?? [])));
    await clickEphemeral(gus, 'person_delete');
    await until(async () => (await contacts(gus)).length === 1);
    const calls = await db().selectFrom('calls').select(['contact_name', 'contact_id']).where('member_id', '=', await memberId(gus)).execute();
    expect(calls).toEqual([{ contact_name: '(deleted)', contact_id: null }]);
  });

  it('Edit from the menu: inline errors, then a save that refreshes the list; "Delete this person" in the modal', async () => {
    const jo = newUser('jo');
    await addPeople(jo, 'Kim Edit', ['stretch']);
    const kim = (await contacts(jo))[0]!;
    await commandReply(h, jo, 'people');
    const before = h.emu.currentModal(jo)?.id;
    await clickEphemeral(jo, 'person_menu', `person_${kim.id}_row`, { selectedOption: `edit:${kim.id}` });
    const modal = await waitModal(jo, before, 'person_edit');
    const sel = (value: string) => ({ type: 'static_select', selected_option: { value } });
    const bad = await h.emu.submitView({ user: jo, viewId: modal.id, values: { ...initialValues(modal), birthday_month: { birthday_month: sel('4') }, birthday_day: { birthday_day: sel('31') } } });
    expect(bad).toMatchObject({ outcome: 'errors', errors: { birthday_day: 'April has no day 31.' } });
    const ok = await h.emu.submitView({
      user: jo, viewId: modal.id,
      values: { ...initialValues(modal), birthday_month: { birthday_month: sel('4') }, birthday_day: { birthday_day: sel('30') }, how_we_know: { how_we_know: { type: 'plain_text_input', value: 'Old team at Acme' } } },
    });
    expect(ok.outcome).toBe('closed');
    expect((await contacts(jo))[0]).toMatchObject({ birthday_month: 4, birthday_day: 30, how_we_know: 'Old team at Acme' });
    await until(() => /Saved \*Kim Edit\*/.test(JSON.stringify(h.emu.ephemerals(jo).at(-1)?.blocks ?? [])));
    // Delete from the edit modal: its button (with Slack's confirm) replaces the modal.
    const b2 = h.emu.currentModal(jo)?.id;
    await clickEphemeral(jo, 'person_menu', `person_${kim.id}_row`, { selectedOption: `edit:${kim.id}` });
    const again = await waitModal(jo, b2, 'person_edit');
    await h.emu.blockAction({ user: jo, view: again.id, actionId: 'person_delete' });
    await until(() => h.emu.currentModal(jo)?.title !== undefined && JSON.stringify(h.emu.currentModal(jo)!.title).includes('Person deleted'));
    expect(await contacts(jo)).toEqual([]);
  });

  it('the options answer stays within what Slack accepts; the emulator refuses one that does not', () => {
    const tooMany = { options: Array.from({ length: 101 }, (_, i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: `v${i}` })) };
    expect(checkOptionsAnswer(tooMany).problems).toContain('/options must have at most 100 items');
    expect(checkOptionsAnswer({ options: [{ text: { type: 'plain_text', text: 'x' }, value: 'v'.repeat(76) }] }).problems[0]).toMatch(/at most 75/);
    expect(checkOptionsAnswer({ option_groups: [{ label: { type: 'plain_text', text: 'g' }, options: [] }] }).problems[0]).toMatch(/must not be empty/);
    expect(checkOptionsAnswer('').problems).toEqual(['the answer is not a JSON object']);
  });

  it('an external select asks only after min_query_length characters, and a pick must be one it was offered', async () => {
    const hu = newUser('hu');
    await h.emu.slashCommand({ user: hu, text: 'log' });
    const modal = await waitModal(hu, undefined, 'checkin');
    // min_query_length 0: an empty query is asked (the list on open).
    expect((await h.emu.blockSuggestion({ user: hu, view: modal.id, actionId: 'who_contact', value: '' })).sent).toBe(true);
    await expect(h.emu.blockAction({ user: hu, view: modal.id, actionId: 'who_contact', selectedOption: 'c:999999' })).rejects.toThrow(/never offered/);
  });
});
