// /calls export, /calls export circle and /calls delete-my-data end to end: signed requests from the
// emulator to the real app, files through the real WebClient's filesUploadV2 into the member's DM.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { commandReply, initialValues, startHarness, type Harness } from './harness.js';

describeDb('/calls export and /calls delete-my-data end to end', (ctx) => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness(ctx());
  });
  afterAll(async () => {
    await h?.stop();
  });
  const db = () => ctx().db;
  const run = (user: string, text: string, channel?: string) => commandReply(h, user, text, channel);

  /** Two members in a new circle (ann started it), ann with two calls logged through the modal. */
  async function circleWithCalls() {
    n++;
    const ann = h.emu.addUser({ name: `ann${n}`, real_name: `Ann ${n}`, tz: 'Europe/London' }).id;
    const ben = h.emu.addUser({ name: `ben${n}`, real_name: `Ben ${n}`, tz: 'Europe/Paris' }).id;
    const channel = h.emu.addChannel({ name: `calls-${n}`, members: [ann, ben] }).id;
    await run(ann, 'join', channel);
    await run(ben, 'join', channel);
    for (const [who, notes] of [['=HYPERLINK("http://evil")', 'talked budgets'], ['Grace Hopper', '@SUM(A1)']] as const) {
      const before = h.emu.currentModal(ann)?.id;
      await h.emu.slashCommand({ user: ann, text: 'log' });
      await until(() => h.emu.currentModal(ann) !== undefined && h.emu.currentModal(ann)!.id !== before);
      const modal = h.emu.currentModal(ann)!;
      const r = await h.emu.submitView({
        user: ann, viewId: modal.id,
        values: {
          ...initialValues(modal as unknown as { blocks: unknown[] }),
          who: { who: { type: 'plain_text_input', value: who } },
          category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
          outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
          notes: { notes: { type: 'plain_text_input', value: notes } },
        },
      });
      expect(r.outcome).toBe('closed');
    }
    return { ann, ben, channel };
  }

  /** The last file shared in the user's DM with the app, as text. */
  function lastDmFile(user: string) {
    const dm = h.emu.dmChannelFor(user).id;
    const files = h.emu.files().filter((f) => f.channels.includes(dm));
    const f = files.at(-1);
    return f ? { ...f, text: Buffer.from(f.content_base64, 'base64').toString('utf8') } : undefined;
  }

  it('/calls export sends the member a CSV of their own calls in their DM, formulas neutralised', async () => {
    const { ann, channel } = await circleWithCalls();
    const reply = await run(ann, 'export', channel);
    expect(reply.all).toMatch(/Sent: a CSV of your 2 calls, in your direct messages with me/);
    const file = lastDmFile(ann)!;
    expect(file.mimetype).toBe('text/csv');
    expect(file.name).toMatch(/^call-buddy-my-calls-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(file.text, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['date', 'week', 'category', 'person', 'outcome', 'minutes', 'callback', 'opportunity', 'follow-up', 'notes']);
    expect(rows.slice(1).map((r) => [r[3], r[9]])).toEqual([["'=HYPERLINK(\"http://evil\")", 'talked budgets'], ['Grace Hopper', "'@SUM(A1)"]]);
    expect(h.emu.calls('files.completeUploadExternal').at(-1)!.args.channel_id).toBe(h.emu.dmChannelFor(ann).id);
  });

  it('/calls export circle: counts per member and week for the circle\'s creator; refused to others; errors say what to do', async () => {
    const { ann, ben, channel } = await circleWithCalls();
    const refused = await run(ben, 'export circle', channel);
    expect(refused.all).toMatch(/Only the person who started the circle/);
    expect(lastDmFile(ben)).toBeUndefined();
    expect((await run(ben, 'export', channel)).all).toMatch(/haven't logged any calls yet/);
    const reply = await run(ann, 'export circle', channel);
    expect(reply.all).toMatch(/Sent: a CSV of 1 member-week of counts \(no names of contacts, no notes\)/);
    const text = lastDmFile(ann)!.text;
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['week', 'member', 'calls', 'conversations', 'voicemails', 'no answer']);
    expect(rows[1]!.slice(2)).toEqual(['2', '2', '0', '0']);
    expect(text).not.toMatch(/Grace|HYPERLINK|budgets|SUM/);
    const loner = h.emu.addUser({ name: `loner${n}` }).id;
    expect((await run(loner, 'export circle')).all).toMatch(/not in a circle/);
    expect((await run(ann, 'export everything', channel)).all).toMatch(/`\/calls export` \(your own calls\) or `\/calls export circle`/);
  });

  it('/calls delete-my-data asks for DELETE (an inline error otherwise), then deletes and says so', async () => {
    const { ann, ben, channel } = await circleWithCalls();
    const annId = (await db().selectFrom('members').select('id').where('slack_user_id', '=', ann).executeTakeFirstOrThrow()).id;
    const before = h.emu.currentModal(ann)?.id;
    await h.emu.slashCommand({ user: ann, text: 'delete-my-data', channel });
    await until(() => h.emu.currentModal(ann) !== undefined && h.emu.currentModal(ann)!.id !== before);
    const modal = h.emu.currentModal(ann)!;
    const wrong = await h.emu.submitView({ user: ann, viewId: modal.id, values: { confirm: { confirm: { type: 'plain_text_input', value: 'delete' } } } });
    expect(wrong.outcome).toBe('errors');
    expect(wrong.errors).toEqual({ confirm: 'Type DELETE in capital letters to delete your data, or Cancel to keep it.' });
    expect(await db().selectFrom('calls').select('id').where('member_id', '=', annId).execute()).toHaveLength(2);

    const ok = await h.emu.submitView({ user: ann, viewId: modal.id, values: { confirm: { confirm: { type: 'plain_text_input', value: ' DELETE ' } } } });
    expect(ok.outcome).toBe('updated');
    expect(JSON.stringify(h.emu.currentModal(ann))).toMatch(/Data deleted/);
    expect(await db().selectFrom('calls').select('id').where('member_id', '=', annId).execute()).toEqual([]);
    expect(await db().selectFrom('members').select('id').where('slack_user_id', '=', ann).execute()).toEqual([]);
    await until(() => JSON.stringify(h.emu.homeView(ann) ?? {}).includes('Your data was deleted'));
    // Ben's circle goes on without her.
    expect((await run(ben, 'leaderboard', channel)).all).not.toContain(`Ann ${n}`);
  });
});
