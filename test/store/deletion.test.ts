// /calls delete-my-data's store side (src/store/deletion.ts): after deleteMemberData no row of any table
// holds the member's id, Slack id or name; others' rows stay, with aggregate figures as numbers.
// The schema is read from information_schema, so a table another change adds with a member's column
// (member_id, …_member_id, …user_id, created_by) fails here, by name, until MEMBER_DATA covers it.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { joinCircle } from '../../src/services/circles.js';
import { deleteMemberData } from '../../src/services/deletion.js';
import { recapCircleWeek } from '../../src/services/recap.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { insertCallOnce } from '../../src/store/calls.js';
import { MEMBER_DATA, NOT_MEMBER_DATA } from '../../src/store/deletion.js';
import { markJobOnce } from '../../src/store/job-marks.js';
import { ensureMember } from '../../src/store/members.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { insertPairingGroup, insertPairingOnce } from '../../src/store/pairings.js';
import { insertPause } from '../../src/store/pauses.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import type { Db } from '../../src/db/index.js';
import { describeDb } from '../helpers/db.js';
import { callRow } from '../helpers/rows.js';

const WS = 'T0DELETE';
const ZEB = { slack: 'U0ZEBULON', name: 'Zebulon Quartermaine' };
const IDA = { slack: 'U0IDAWELLS', name: 'Ida Wells' };

/** Columns that look like they name a member: member_id, partner_member_ids, slack_user_id, created_by, owner_id, author… */
const MEMBERISH = /member|user_id|^created_by$|^(owner|author)(_id)?$/;

async function columns(db: Db): Promise<{ table: string; column: string }[]> {
  const r = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(db);
  return r.rows.map((c) => ({ table: c.table_name, column: c.column_name }));
}

describeDb('delete my data', (ctx) => {
  const clock = new SettableClock('2026-11-27T17:00:00Z'); // Friday of 2026-W48, after the recap time
  const db = () => ctx().db;

  /** Member-looking columns of the schema that neither list covers. */
  async function uncovered(): Promise<string[]> {
    const covered = new Set([...MEMBER_DATA.map((r) => `${r.table}.${r.column}`), ...NOT_MEMBER_DATA.map((r) => `${r.table}.${r.column}`)]);
    return (await columns(db()))
      .filter((c) => MEMBERISH.test(c.column) || (c.table === 'members' && c.column === 'id'))
      // The member's own row goes whole, so its other columns (slack_user_id) go with it.
      .filter((c) => !covered.has(`${c.table}.${c.column}`) && !(c.table === 'members' && covered.has('members.id')))
      .map((c) => `${c.table}.${c.column}`);
  }

  it('every member-looking column of the schema is covered by the one list (or named as not a member\'s)', async () => {
    const tables = new Set(MEMBER_DATA.map((r) => r.table));
    const missing = await uncovered();
    expect(missing, `member data not covered by MEMBER_DATA in src/store/deletion.ts: ${missing.join(', ')}`).toEqual([]);
    // And the list names real tables and columns.
    const all = new Set((await columns(db())).map((c) => `${c.table}.${c.column}`));
    for (const r of MEMBER_DATA) expect(all.has(`${r.table}.${r.column}`), `${r.table}.${r.column} is in MEMBER_DATA but not in the schema`).toBe(true);
    expect(tables.has('members')).toBe(true);
    expect(MEMBER_DATA.at(-1)?.table).toBe('members');
  });

  it('a table added with a member column and no line in the list is named', async () => {
    await sql`create table probe_reminders (id bigint, workspace_id text, member_id bigint, owner_user_id text, partner_member_ids bigint[], author text, note text)`.execute(db());
    try {
      expect(await uncovered()).toEqual(['probe_reminders.member_id', 'probe_reminders.owner_user_id', 'probe_reminders.partner_member_ids', 'probe_reminders.author']);
    } finally {
      await sql`drop table probe_reminders`.execute(db());
    }
  });

  it('removes every row with their id, Slack id or name; others\' rows and past totals stay', async () => {
    const d = db();
    await upsertWorkspace(d, { id: WS, at: clock.now() });
    clock.set(new Date('2026-11-02T10:00:00Z'));
    const zeb = (await ensureMember(d, WS, { slackUserId: ZEB.slack, displayName: ZEB.name, at: clock.now() })).member;
    const ida = (await ensureMember(d, WS, { slackUserId: IDA.slack, displayName: IDA.name, at: clock.now() })).member;
    // Zeb starts the circle, so he is its creator.
    const circle = (await joinCircle(d, clock, { member: zeb, channelId: 'C0DELETEME', channelName: 'five-calls' })).circle;
    await joinCircle(d, clock, { member: { ...ida }, channelId: 'C0DELETEME', channelName: 'five-calls' });
    clock.set(new Date('2026-11-27T17:00:00Z'));
    await d.updateTable('members').set({ lane: 'sales', nudge_enabled: true, tz_override: 'Europe/Paris' }).where('id', '=', zeb.id).execute();

    // Zeb's own: calls with notes and contacts, a plan, a pause, a pairing with Ida, job marks, messages.
    const contact = await d.insertInto('contacts').values({ workspace_id: WS, member_id: zeb.id, name: 'Grace Hopper', slack_user_id: null, last_called_on: '2026-11-24', created_at: clock.now() }).returning('id').executeTakeFirstOrThrow();
    let k = 0;
    for (const [memberId, name, notes] of [[zeb.id, 'Grace Hopper', 'ZEB-SECRET-NOTE'], [zeb.id, 'Alan Turing', null], [ida.id, 'Katherine Johnson', 'IDA-NOTE']] as const) {
      await insertCallOnce(d, callRow({ workspace_id: WS, member_id: memberId, circle_id: circle.id, contact_name: name, notes, contact_id: memberId === zeb.id ? contact.id : null, idempotency_key: `del${++k}`, created_at: clock.now() }));
    }
    // Ida called Zeb, picking him in Slack: her call and her contact are linked to his Slack id.
    await insertCallOnce(d, callRow({ workspace_id: WS, member_id: ida.id, circle_id: circle.id, contact_name: ZEB.name, contact_user_id: ZEB.slack, idempotency_key: `del${++k}`, created_at: clock.now() }));
    await d.insertInto('contacts').values({ workspace_id: WS, member_id: ida.id, name: ZEB.name, slack_user_id: ZEB.slack, last_called_on: null, created_at: clock.now() }).execute();
    await d.insertInto('plans').values({ workspace_id: WS, member_id: zeb.id, week: '2026-W48', circle_id: circle.id, playbook: 'default', goal: 5, categories: JSON.stringify(['stretch']), created_at: clock.now() }).execute();
    await insertPause(d, { workspaceId: WS, memberId: zeb.id, firstWeek: '2026-W50', lastWeek: '2026-W51', at: clock.now() });
    const pairing = (await insertPairingOnce(d, { workspaceId: WS, circleId: circle.id, week: '2026-W48', seed: 's', at: clock.now() }))!;
    await insertPairingGroup(d, { workspaceId: WS, pairingId: pairing.id, position: 0, memberIds: [zeb.id, ida.id] });
    await markJobOnce(d, WS, `nudge:${zeb.id}:2026-11-24`, clock.now());
    await markJobOnce(d, WS, `at-risk:${zeb.id}:2026-W48`, clock.now());
    await markJobOnce(d, WS, `nudge:${ida.id}:2026-11-24`, clock.now());
    await enqueueMessage(d, { workspaceId: WS, at: clock.now(), dedupeKey: `plan:${zeb.id}:2026-W49`, kind: 'plan', method: 'chat.postMessage', channelKey: ZEB.slack, payload: { channel: ZEB.slack, text: `Hi ${ZEB.name}` }, memberId: zeb.id });
    await enqueueMessage(d, { workspaceId: WS, at: clock.now(), dedupeKey: 'pair-intro:x', kind: 'pair-intro', method: 'conversations.open+chat.postMessage', channelKey: `${IDA.slack},${ZEB.slack}`, payload: { users: `${IDA.slack},${ZEB.slack}`, text: 'intro' }, circleId: circle.id });
    await d.updateTable('outbox').set({ status: 'sent', sent_at: clock.now() }).where('dedupe_key', '=', 'pair-intro:x').execute();
    await enqueueMessage(d, { workspaceId: WS, at: clock.now(), dedupeKey: `plan:${ida.id}:2026-W49`, kind: 'plan', method: 'chat.postMessage', channelKey: IDA.slack, payload: { channel: IDA.slack, text: 'Hi Ida' }, memberId: ida.id });
    // The week's recap, sent: its leaderboard names Zeb; its totals count his calls.
    expect(await recapCircleWeek({ db: d, clock, messages: renderMessage }, circle, '2026-W48')).toBe(true);
    await d.updateTable('outbox').set({ status: 'sent', sent_at: clock.now() }).where('kind', '=', 'recap').execute();
    const totalsBefore = (await d.selectFrom('recaps').select('figures').executeTakeFirstOrThrow()).figures.totals;
    expect(JSON.stringify(await d.selectFrom('recaps').selectAll().execute())).toContain(ZEB.name);

    const r = await deleteMemberData(d, { workspaceId: WS, slackUserId: ZEB.slack });
    expect(r.deleted).toBe(true);
    expect(await deleteMemberData(d, { workspaceId: WS, slackUserId: ZEB.slack })).toEqual({ deleted: false, touched: {} });

    // No table holds his id (in a member-looking column), his Slack id or his name, or his notes.
    const cols = await columns(d);
    const tables = [...new Set(cols.map((c) => c.table))];
    const found: string[] = [];
    for (const table of tables) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(d)).rows;
      for (const row of rows) {
        const text = JSON.stringify(row);
        for (const needle of [ZEB.slack, ZEB.name, 'ZEB-SECRET-NOTE', 'Alan Turing']) if (text.includes(needle)) found.push(`${table}: ${needle}`);
        for (const [col, v] of Object.entries(row)) if (MEMBERISH.test(col) && Number(v) === zeb.id && typeof v !== 'string') found.push(`${table}.${col} = ${zeb.id}`);
        if (table === 'members' && Number(row.id) === zeb.id) found.push('members.id');
        if (table === 'job_marks' && String(row.key).includes(`:${zeb.id}:`)) found.push(`job_marks: ${String(row.key)}`);
      }
    }
    expect(found).toEqual([]);

    // Ida's rows stay (her link to him anonymised); the circle stays, with no creator; past totals stay.
    const idaCalls = await d.selectFrom('calls').select(['contact_name', 'notes']).where('member_id', '=', ida.id).orderBy('id').execute();
    expect(idaCalls).toEqual([{ contact_name: 'Katherine Johnson', notes: 'IDA-NOTE' }, { contact_name: 'a deleted member', notes: null }]);
    expect(await d.selectFrom('members').select('display_name').where('workspace_id', '=', WS).execute()).toEqual([{ display_name: IDA.name }]);
    expect((await d.selectFrom('circles').select('created_by').where('id', '=', circle.id).executeTakeFirstOrThrow()).created_by).toBe('');
    const figures = (await d.selectFrom('recaps').select('figures').executeTakeFirstOrThrow()).figures as { totals: unknown; leaderboard: { memberId: string | null }[] };
    expect(figures.totals).toEqual(totalsBefore);
    expect(figures.leaderboard.map((row) => row.memberId)).toEqual([String(ida.id)]);
    expect(await d.selectFrom('outbox').select('dedupe_key').where('dedupe_key', '=', `plan:${ida.id}:2026-W49`).execute()).toHaveLength(1);
    expect(await d.selectFrom('job_marks').select('key').where('workspace_id', '=', WS).execute()).toEqual([{ key: `nudge:${ida.id}:2026-11-24` }]);
    expect(await d.selectFrom('pairing_members').select('member_id').execute()).toEqual([{ member_id: ida.id }]);
  });

  it('a pending message of someone else keeps going: a short name inside another word is left alone, the name itself replaced', async () => {
    const d = db();
    const ws = 'T0DELSHORT';
    await upsertWorkspace(d, { id: ws, at: clock.now() });
    const al = (await ensureMember(d, ws, { slackUserId: 'U0ALSHORT', displayName: 'Al', at: clock.now() })).member;
    const bo = (await ensureMember(d, ws, { slackUserId: 'U0BOSHORT', displayName: 'Bo', at: clock.now() })).member;
    const pending = (key: string, channelKey: string, text: string, memberId: number | null) =>
      enqueueMessage(d, { workspaceId: ws, at: clock.now(), dedupeKey: key, kind: 'recap', method: 'chat.postMessage', channelKey, payload: { channel: channelKey, text }, memberId });
    await pending('bo-plan', bo.slack_user_id, 'Already 2/5 this week, Bo', bo.id);
    await pending('recap', 'C0SHORT', 'Leaderboard: 1. Bo 2. Al (3 calls)', null);
    await pending('intro', `${bo.slack_user_id},${al.slack_user_id}`, `Meet <@${al.slack_user_id}>`, null);

    await deleteMemberData(d, { workspaceId: ws, slackUserId: al.slack_user_id });
    const left = await d.selectFrom('outbox').select(['dedupe_key', 'payload', 'status']).where('workspace_id', '=', ws).orderBy('dedupe_key').execute();
    expect(left.map((r) => [r.dedupe_key, r.status, (r.payload as { text: string }).text])).toEqual([
      ['bo-plan', 'pending', 'Already 2/5 this week, Bo'],
      ['recap', 'pending', 'Leaderboard: 1. Bo 2. a deleted member (3 calls)'],
    ]);
  });
});
