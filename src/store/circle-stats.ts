/**
 * Read-only figures across a circle's members: what the leaderboard, `/calls streak` and the weekly
 * recap read. Never selects notes or names of contacts.
 *
 * A board's reads are statements that answer one row each (one for the leaderboard, three side by side
 * for the recap): the parts (the circle, its roster, the week's tally, the chart's weeks) are scalar
 * subqueries that aggregate in the database into JSON or a string. For a 200-member circle that is one
 * round trip and one JSON.parse instead of several statements and a thousand rows or more for the
 * driver to turn into objects, which cost more than the scans.
 */
import { sql } from 'kysely';
import { executePrepared, type Db } from '../db/index.js';
import type { Circle } from '../db/types.js';
import type { RecapTally } from '../domain/recap.js';
import type { MemberSeries } from '../domain/standing.js';
import { weekIndex, weekKeyOfIndex, type WeekKey } from '../domain/weeks.js';

/** What a board reads of a member (no Slack ids, no settings). */
export interface RosterMember {
  id: number;
  display_name: string;
  board_visible: boolean;
  created_at: Date;
  joined_circle_at: Date | null;
}

/** A circle's active members (in id order), their calls per week from a week on, and their pauses. */
export interface CircleRoster {
  members: RosterMember[];
  series: MemberSeries[];
  pauses: { member_id: number; first_week: string; last_week: string }[];
}

/** The circle's active members (what listCircleMembers returns), as a subquery. */
function circleMemberIds(db: Db, workspaceId: string, circleId: number) {
  return db.selectFrom('members').select('id').where('workspace_id', '=', workspaceId).where('circle_id', '=', circleId).where('status', '=', 'active');
}

/**
 * The roster as one JSON array, a row per active member in id order:
 * `[id, display_name, board_visible, created_at, joined_circle_at, first, weeks, pauses]`, where
 * `weeks` is the member's member_call_series bytes from week number `since` on (hex; two bytes a week,
 * starting at week `first` = the later of `since` and their first week with calls; null without calls)
 * and `pauses` their pauses as "first last first last …" (null without).
 */
function rosterJson(db: Db, workspaceId: string, circleId: number, since: number) {
  return db
    .selectFrom('members as m')
    // Lateral: one key lookup per member. A plain join let the planner read every series of the
    // workspace (10,000 at the large benchmark) to keep 200.
    .leftJoinLateral(
      (q) => q.selectFrom('member_call_series as s').select(['s.first_week', 's.weeks']).whereRef('s.workspace_id', '=', 'm.workspace_id').whereRef('s.member_id', '=', 'm.id').as('s'),
      (j) => j.onTrue(),
    )
    .leftJoin(
      (q) =>
        q
          .selectFrom('pauses as p')
          .select(['p.member_id', sql<string>`string_agg(p.first_week || ' ' || p.last_week, ' ' order by p.first_week)`.as('weeks')])
          .where('p.workspace_id', '=', workspaceId)
          .where('p.member_id', 'in', circleMemberIds(db, workspaceId, circleId))
          .groupBy('p.member_id')
          .as('p'),
      (j) => j.onRef('p.member_id', '=', 'm.id'),
    )
    .select(
      sql`coalesce(json_agg(json_build_array(
        m.id, m.display_name, m.board_visible, m.created_at, m.joined_circle_at,
        greatest(s.first_week, ${since}::integer),
        encode(substring(s.weeks from greatest(1, (${since}::integer - s.first_week) * 2 + 1)), 'hex'),
        p.weeks) order by m.id), '[]'::json)`.as('roster'),
    )
    .where('m.workspace_id', '=', workspaceId)
    .where('m.circle_id', '=', circleId)
    .where('m.status', '=', 'active');
}

type RosterRow = [number, string, boolean, string, string | null, number | null, string | null, string | null];

function parseRoster(rows: RosterRow[]): CircleRoster {
  const roster: CircleRoster = { members: [], series: [], pauses: [] };
  for (const [id, display_name, board_visible, created_at, joined_circle_at, first, hex, pauses] of rows) {
    roster.members.push({ id, display_name, board_visible, created_at: new Date(created_at), joined_circle_at: joined_circle_at === null ? null : new Date(joined_circle_at) });
    if (hex && first !== null) {
      const bytes = Buffer.from(hex, 'hex');
      const calls = new Array<number>(bytes.length >> 1);
      for (let k = 0; k < calls.length; k++) calls[k] = bytes.readUInt16BE(k * 2);
      roster.series.push({ member_id: id, from: weekKeyOfIndex(first), calls });
    }
    if (pauses) {
      const weeks = pauses.split(' ');
      for (let i = 0; i + 1 < weeks.length; i += 2) roster.pauses.push({ member_id: id, first_week: weeks[i]!, last_week: weeks[i + 1]! });
    }
  }
  return roster;
}

/**
 * A circle and its roster (its active members, their calls per week from `sinceWeek` on and their
 * pauses) in one statement; null when the workspace has no such circle.
 */
export async function readCircleBoard(db: Db, workspaceId: string, circleId: number, sinceWeek: WeekKey): Promise<{ circle: Circle; roster: CircleRoster } | null> {
  const since = weekIndex(sinceWeek);
  const [row] = await executePrepared(
    db,
    db
      .selectFrom('circles as c')
      .selectAll('c')
      .select(rosterJson(db, workspaceId, circleId, since).as('roster'))
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', '=', circleId),
  );
  if (!row) return null;
  const { roster, ...circle } = row;
  return { circle: circle as Circle, roster: parseRoster(roster as RosterRow[]) };
}

/** What the recap reads of a circle's week, besides the circle. */
export interface CircleRecapReads {
  roster: CircleRoster;
  /** The week's calls logged in the circle, counted (the domain's tallyCalls of them). */
  tally: RecapTally;
  /** The week's pairs and trios, in their order, and whether they said they talked. */
  groups: { memberIds: number[]; talked: boolean }[];
  /** Calls logged in the circle per week from the chart's first week to `week` (weeks with calls only), by outcome, and who reached the goal. */
  chart: { week: string; conversations: number; voicemails: number; noAnswer: number; reachedIds: number[] }[];
}

/**
 * The week's calls counted as JSON rows `[level, member_id, category, calls, conversations, voicemails,
 * no_answers, callbacks, opportunities, minutes]`, by grouping sets: level 3 the whole week, 1 one
 * member, 2 one category; categories in the order they were first logged.
 */
function tallyJson(db: Db, workspaceId: string, circleId: number, week: string) {
  return db
    .selectFrom((q) =>
      q
        .selectFrom('calls')
        .select([
          sql`grouping(member_id, category)`.as('level'),
          'member_id',
          'category',
          sql`count(*)`.as('calls'),
          sql`count(*) filter (where outcome = 'conversation')`.as('conversations'),
          sql`count(*) filter (where outcome = 'voicemail')`.as('voicemails'),
          sql`count(*) filter (where outcome = 'no_answer')`.as('no_answers'),
          sql`count(*) filter (where is_callback)`.as('callbacks'),
          sql`count(*) filter (where opportunity)`.as('opportunities'),
          sql`coalesce(sum(minutes) filter (where minutes > 0), 0)`.as('minutes'),
          sql`min(id)`.as('first_id'),
        ])
        .where('workspace_id', '=', workspaceId)
        .where('circle_id', '=', circleId)
        .where('week', '=', week)
        .groupBy(sql`grouping sets ((), (member_id), (category))`)
        .as('t'),
    )
    .select(
      sql`coalesce(json_agg(json_build_array(t.level, t.member_id, t.category, t.calls, t.conversations, t.voicemails, t.no_answers, t.callbacks, t.opportunities, t.minutes) order by t.first_id), '[]'::json)`.as('tally'),
    );
}

type TallyRow = [number, number | null, string | null, number, number, number, number, number, number, number];

function parseTally(rows: TallyRow[]): RecapTally {
  const perMember: { memberId: string; calls: number }[] = [];
  const tally: RecapTally = {
    totals: { calls: 0, conversations: 0, voicemails: 0, noAnswers: 0, callbacks: 0, opportunities: 0, minutes: 0 },
    perMember,
    byCategory: {},
  };
  for (const [level, memberId, category, calls, conversations, voicemails, noAnswers, callbacks, opportunities, minutes] of rows) {
    if (level === 3) tally.totals = { calls, conversations, voicemails, noAnswers, callbacks, opportunities, minutes: Number(minutes) };
    else if (level === 1) perMember.push({ memberId: String(memberId), calls });
    else tally.byCategory[category ?? ''] = calls;
  }
  return tally;
}

/** The week's pairings in their order as JSON rows `[member_ids, talked]`: talked when any member said yes. */
function groupsJson(db: Db, workspaceId: string, circleId: number, week: string) {
  return db
    .selectFrom('pairings as p')
    .innerJoin('pairing_groups as g', (j) => j.onRef('g.pairing_id', '=', 'p.id').onRef('g.workspace_id', '=', 'p.workspace_id'))
    .select(
      sql`coalesce(json_agg(json_build_array(
        (select json_agg(pm.member_id order by pm.member_id) from pairing_members pm where pm.workspace_id = g.workspace_id and pm.group_id = g.id),
        exists (select 1 from pairing_members pm where pm.workspace_id = g.workspace_id and pm.group_id = g.id and pm.talked = 'yes'))
        order by g.position, g.id), '[]'::json)`.as('groups'),
    )
    .where('p.workspace_id', '=', workspaceId)
    .where('p.circle_id', '=', circleId)
    .where('p.week', '=', week);
}

/**
 * The chart's weeks as JSON rows `[week, conversations, voicemails, no_answers, reached]` from the
 * circle_member_weeks counters (an index-only scan of their key), `reached` the ids of the members with
 * at least `goal` calls in the week (by the circle each call was logged in).
 */
function chartJson(db: Db, workspaceId: string, circleId: number, firstWeek: string, lastWeek: string, goal: number) {
  return db
    .selectFrom((q) =>
      q
        .selectFrom('circle_member_weeks')
        .select([
          'week',
          sql`sum(conversations)`.as('conversations'),
          sql`sum(voicemails)`.as('voicemails'),
          sql`sum(no_answers)`.as('no_answers'),
          sql`coalesce(json_agg(member_id) filter (where calls >= ${goal}::integer), '[]'::json)`.as('reached'),
        ])
        .where('workspace_id', '=', workspaceId)
        .where('circle_id', '=', circleId)
        .where('week', '>=', firstWeek)
        .where('week', '<=', lastWeek)
        .groupBy('week')
        .as('w'),
    )
    .select(sql`coalesce(json_agg(json_build_array(w.week, w.conversations, w.voicemails, w.no_answers, w.reached) order by w.week), '[]'::json)`.as('chart'));
}

/**
 * Everything the recap reads of a circle's week, in three statements side by side: the roster (from
 * `rosterSince`) with the week's pairings, the week's tally, and the chart's weeks from `chartFirst` to `week`.
 */
export async function readCircleRecap(
  db: Db,
  circle: Pick<Circle, 'workspace_id' | 'id' | 'goal'>,
  week: WeekKey,
  rosterSince: WeekKey,
  chartFirst: WeekKey,
): Promise<CircleRecapReads> {
  const ws = circle.workspace_id;
  // Three statements side by side, on three connections, each about a third of the work (the roster's
  // series, the week's calls, the chart's 12 weeks of counters), so the database works on them at once.
  const [[row], [tallyRow], [chartRow]] = await Promise.all([
    executePrepared(
      db,
      db.selectNoFrom([
        rosterJson(db, ws, circle.id, weekIndex(rosterSince)).as('roster'),
        groupsJson(db, ws, circle.id, week).as('groups'),
      ]),
    ),
    executePrepared(db, db.selectNoFrom([tallyJson(db, ws, circle.id, week).as('tally')])),
    executePrepared(db, db.selectNoFrom([chartJson(db, ws, circle.id, chartFirst, week, circle.goal).as('chart')])),
  ]);
  const r = { ...row, ...tallyRow, ...chartRow } as unknown as { roster: RosterRow[]; tally: TallyRow[]; groups: [number[], boolean][]; chart: [string, number, number, number, number[]][] };
  return {
    roster: parseRoster(r.roster),
    tally: parseTally(r.tally),
    groups: r.groups.map(([memberIds, talked]) => ({ memberIds: memberIds ?? [], talked })),
    chart: r.chart.map(([w, conversations, voicemails, noAnswer, reachedIds]) => ({ week: w, conversations: Number(conversations), voicemails: Number(voicemails), noAnswer: Number(noAnswer), reachedIds })),
  };
}
