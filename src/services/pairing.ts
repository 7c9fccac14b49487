/**
 * Soundboard pairing: at the first of the circle's plan instants that week (its plan day and time in
 * the circle's zone or in any member's zone, whichever comes first) the circle's active, unpaused,
 * not-opted-out members are paired (`pairCircle`, with the circle's last `PAIRING_HISTORY_WEEKS` of
 * groups as history, the week's `pairingSeed` and the circle's `pairingRotationKey`). The pairing,
 * its groups and members, the channel announcement and one group DM per pair or trio are written in
 * one transaction. Thursday 10:00 (circle time) each group gets the
 * "Did you two talk?" check; `answerPairCheck` records the answers.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Circle, Member, Talked } from '../db/types.js';
import { pairCircle, pairingHistorySince, pairingRotationKey, pairingSeed, type PairingHistoryWeek } from '../domain/pairing.js';
import { findCategory, playbookOrDefault } from '../domain/playbooks.js';
import { compareWeeks, dateInWeek, instantAt, isoWeekdayOf, localDateOf, nextWeek, utcOffsetMinutes, weekDistance, weekKeyOf, type WeekKey } from '../domain/weeks.js';
import { hasMemberWeekCall, insertCallOnce } from '../store/calls.js';
import { getCircle, listActiveCircles } from '../store/circles.js';
import { memberTimeZone } from '../domain/members.js';
import { getMemberBySlackId, listActiveMembers, listCircleMembers, listMembers } from '../store/members.js';
import { enqueueMessage, existingDedupeKeys } from '../store/outbox.js';
import {
  getMemberGroup,
  getPairing,
  getPairingGroup,
  insertPairingGroup,
  insertPairingOnce,
  listCirclePairingGroups,
  listGroupAnswers,
  recordTalked,
  recordGroupDmChannel,
} from '../store/pairings.js';
import { pausedMemberIds } from '../store/pauses.js';
import { listPlans } from '../store/plans.js';
import { planDueAt } from './plans.js';
import { groupProposedTime } from './briefs.js';
import { PAIR_CHECK_DAY, PAIR_CHECK_TIME, type MidweekAnsweredInput, type RenderedMessage, type ServiceContext } from './messages.js';

/** A "Yes" to the mid-week check still logs the call up to one week after the pairing's week. */
const MAX_PAIR_CHECK_LATE_WEEKS = 1;
const SOUNDBOARD = 'soundboard';


/**
 * When a circle's pairing for `week` is due: the first of that week's plan instants of the circle
 * (its plan day and time in the circle's zone and in each member's zone), so that every member's plan,
 * even the first to go out east of the circle's zone, names the partner.
 */
export function pairingDueAt(circle: Circle, members: readonly Member[], week: WeekKey): Date {
  let due = instantAt(week, circle.plan_day, circle.plan_time, circle.tz);
  for (const m of members) {
    const at = planDueAt(m, circle, week);
    if (at.getTime() < due.getTime()) due = at;
  }
  return due;
}

/**
 * Pairs every circle whose pairing is due ({@link pairingDueAt}) and has no pairing yet. Looks at the
 * circle's current week and the next one: Monday 09:00 in Sydney is still Sunday in New York. Returns
 * pairings created.
 */
export async function pairDueCircles(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  let created = 0;
  const circles = (await listActiveCircles(db, workspaceId)).filter((c) => c.pairing_enabled);
  if (circles.length === 0) return 0;
  const byCircle = membersByCircle(await listActiveMembers(db, workspaceId));
  for (const circle of circles) {
    const members = byCircle.get(circle.id) ?? [];
    const current = weekKeyOf(now, circle.tz);
    for (const week of [current, nextWeek(current)]) {
      if (now.getTime() < pairingDueAt(circle, members, week).getTime()) continue;
      // Like plans: no late pairing on the Sunday that ends the week.
      if (week === current && isoWeekdayOf(now, circle.tz) === 7 && circle.plan_day !== 7) continue;
      if (await getPairing(db, workspaceId, circle.id, week)) continue;
      if (await pairCircleWeek(ctx, circle, week)) created++;
    }
  }
  return created;
}

/** Active members grouped by their circle id (solo members left out). */
export function membersByCircle(members: readonly Member[]): Map<number, Member[]> {
  const byCircle = new Map<number, Member[]>();
  for (const m of members) {
    if (m.circle_id === null) continue;
    const list = byCircle.get(m.circle_id) ?? [];
    list.push(m);
    byCircle.set(m.circle_id, list);
  }
  return byCircle;
}

/** Pairs one circle for one week, once. Returns false when another process (or an earlier tick) did it. */
export async function pairCircleWeek(ctx: ServiceContext, circle: Circle, week: WeekKey): Promise<boolean> {
  const { db, clock } = ctx;
  const now = clock.now();
  const ws = circle.workspace_id;
  const members = await listCircleMembers(db, ws, circle.id);
  const paused = await pausedMemberIds(db, ws, members.map((m) => m.id), week);
  const eligible = members.filter((m) => !paused.has(m.id) && !m.pairing_opt_out);
  const history = await circleHistory(db, ws, circle.id, week);
  const seed = pairingSeed(circle.id, week);
  const { groups } = pairCircle({
    members: eligible.map((m) => ({ id: String(m.id), lane: m.lane, utcOffsetMinutes: utcOffsetMinutes(now, memberTimeZone(m)) })),
    history,
    seed,
    rotationKey: pairingRotationKey(circle.id),
    week,
  });
  const byId = new Map(eligible.map((m) => [m.id, m]));
  return db.transaction().execute(async (trx) => {
    const pairing = await insertPairingOnce(trx, { workspaceId: ws, circleId: circle.id, week, seed, at: now });
    if (!pairing) return false;
    const playbook = playbookOrDefault(circle.playbook);
    const plans = new Map((await listPlans(trx, ws, eligible.map((m) => m.id), week)).map((p) => [p.member_id, p]));
    const slackGroups: string[][] = [];
    for (const [position, g] of groups.entries()) {
      const ids = g.map(Number);
      const groupId = await insertPairingGroup(trx, { workspaceId: ws, pairingId: pairing.id, position, memberIds: ids });
      const people = ids.map((id) => byId.get(id)).filter((m): m is Member => m !== undefined);
      const slackIds = people.map((m) => m.slack_user_id);
      slackGroups.push(slackIds);
      const intro = ctx.messages({ kind: 'pairIntro',
        week,
        groupId,
        members: people.map((m) => {
          const keys = (plans.get(m.id)?.categories as unknown as string[] | undefined) ?? playbook.categories.map((c) => c.key);
          return {
            slackUserId: m.slack_user_id,
            displayName: m.display_name,
            plan: keys.map((k) => ({ key: k, title: playbook.categories.find((c) => c.key === k)?.title ?? k })),
          };
        }),
      });
      await enqueueMessage(trx, {
        workspaceId: ws,
        dedupeKey: `pair-intro:${circle.id}:${week}:${position}`,
        kind: 'pair-intro',
        method: 'conversations.open+chat.postMessage',
        channelKey: [...slackIds].sort().join(','),
        payload: { users: slackIds.join(','), ...intro, _meta: { groupId } },
        circleId: circle.id,
        at: now,
      });
    }
    if (slackGroups.length > 0) {
      const msg = ctx.messages({ kind: 'pairingAnnouncement', week, circleName: circle.name, groups: slackGroups });
      await enqueueMessage(trx, {
        workspaceId: ws,
        dedupeKey: `pairing:${circle.id}:${week}`,
        kind: 'pairing',
        method: 'chat.postMessage',
        channelKey: circle.channel_id,
        payload: { channel: circle.channel_id, ...msg },
        circleId: circle.id,
        at: now,
      });
    }
    return true;
  });
}

async function circleHistory(db: Db, workspaceId: string, circleId: number, week: WeekKey): Promise<PairingHistoryWeek[]> {
  const rows = await listCirclePairingGroups(db, workspaceId, circleId, { beforeWeek: week, sinceWeek: pairingHistorySince(week) });
  const byWeek = new Map<string, string[][]>();
  for (const g of rows) {
    const list = byWeek.get(g.week) ?? [];
    list.push(g.memberIds.map(String));
    byWeek.set(g.week, list);
  }
  return [...byWeek.entries()].map(([w, groups]) => ({ week: w, groups }));
}

/** When a circle's mid-week pair check for `week` is due: Thursday 10:00 in the circle's zone. */
export function pairCheckDueAt(circle: Circle, week: WeekKey): Date {
  return instantAt(week, PAIR_CHECK_DAY, PAIR_CHECK_TIME, circle.tz);
}

/** Sends the mid-week check to each group of circles whose Thursday 10:00 has come this week. */
export async function sendDuePairChecks(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  let sent = 0;
  for (const circle of await listActiveCircles(db, workspaceId)) {
    const week = weekKeyOf(now, circle.tz);
    if (now.getTime() < pairCheckDueAt(circle, week).getTime()) continue;
    const groups = await listCirclePairingGroups(db, workspaceId, circle.id, { week });
    if (groups.length === 0) continue;
    const keys = groups.map((g) => `pair-check:${g.groupId}`);
    const done = await existingDedupeKeys(db, workspaceId, keys);
    const todo = groups.filter((g) => !done.has(`pair-check:${g.groupId}`));
    if (todo.length === 0) continue;
    const people = new Map((await listMembers(db, workspaceId, todo.flatMap((g) => g.memberIds))).map((m) => [m.id, m]));
    for (const g of todo) {
      const active = g.memberIds.map((id) => people.get(id)).filter((m): m is Member => m !== undefined && m.status === 'active');
      const slackIds = active.map((m) => m.slack_user_id);
      if (slackIds.length < 2) continue;
      const proposal = await groupProposedTime(db, workspaceId, g.groupId, active);
      const msg = ctx.messages({ kind: 'midweekCheck', week, groupId: g.groupId, slackUserIds: slackIds, proposal });
      const inserted = await enqueueMessage(db, {
        workspaceId,
        dedupeKey: `pair-check:${g.groupId}`,
        kind: 'pair-check',
        method: 'conversations.open+chat.postMessage',
        channelKey: [...slackIds].sort().join(','),
        payload: { users: slackIds.join(','), ...msg },
        circleId: circle.id,
        at: now,
      });
      if (inserted) sent++;
    }
  }
  return sent;
}

export type PairCheckAnswer = Talked;

export type AnswerPairCheckResult =
  | ({ ok: true; message: RenderedMessage } & MidweekAnsweredInput)
  | { ok: false; reason: 'not_in_group' | 'unknown_group' };

/**
 * Records a member's answer to the mid-week check (the buttons' value is the group id). "Yes" logs a
 * soundboard call for the person who clicked, once (idempotency key `pair:<group>:<member>`, source
 * 'pair_check'), and only when they have no soundboard call (from any source) in the pairing's week. Returns the data the message should be updated to (`MidweekAnsweredInput`), and that
 * message rendered by `ctx.messages`.
 */
export async function answerPairCheck(
  ctx: ServiceContext,
  input: { workspaceId: string; groupId: number; slackUserId: string; answer: PairCheckAnswer },
): Promise<AnswerPairCheckResult> {
  const { db, clock } = ctx;
  const { workspaceId, groupId } = input;
  const member = await getMemberBySlackId(db, workspaceId, input.slackUserId);
  const group = await getPairingGroup(db, workspaceId, groupId);
  if (!group) return { ok: false, reason: 'unknown_group' };
  if (!member || !group.memberIds.includes(member.id)) return { ok: false, reason: 'not_in_group' };
  const now = clock.now();
  const callLogged = await db.transaction().execute(async (trx) => {
    await recordTalked(trx, workspaceId, groupId, member.id, input.answer, now);
    if (input.answer !== 'yes') return false;
    const circleId = group.circleId;
    const circle = await getCircle(trx, workspaceId, circleId);
    const playbook = playbookOrDefault(circle?.playbook);
    // Only a playbook with a soundboard call gets one logged (keep-in-touch has none).
    const soundboard = findCategory(playbook, SOUNDBOARD);
    if (!soundboard) return false;
    // The call belongs to the pairing's week: a "Yes" clicked after that week is logged on its
    // last day, unless the week is too long ago for a check-in (MAX_PAIR_CHECK_LATE_WEEKS).
    const tz = memberTimeZone(member);
    const today = localDateOf(now, tz);
    const thisWeek = weekKeyOf(now, tz);
    if (compareWeeks(group.week, thisWeek) > 0 || weekDistance(group.week, thisWeek) > MAX_PAIR_CHECK_LATE_WEEKS) return false;
    // One soundboard call a week: a member who already logged theirs (from the modal, say) gets none
    // more; the answer is recorded all the same.
    if (await hasMemberWeekCall(trx, workspaceId, member.id, group.week, soundboard.key)) return false;
    const callDate = group.week === thisWeek ? today : dateInWeek(group.week, 7);
    const partners = await listMembers(trx, workspaceId, group.memberIds.filter((id) => id !== member.id));
    const { created } = await insertCallOnce(trx, {
      workspace_id: workspaceId,
      member_id: member.id,
      circle_id: circleId,
      week: group.week,
      call_date: callDate,
      contact_id: null,
      contact_name: (partners.map((p) => p.display_name || 'partner').join(', ') || 'Soundboard partner').slice(0, 80),
      contact_user_id: partners[0]?.slack_user_id ?? null,
      category: soundboard.key,
      outcome: 'conversation',
      minutes: null,
      follow_up_on: null,
      notes: null,
      source: 'pair_check',
      idempotency_key: `pair:${groupId}:${member.id}`,
      created_at: now,
    });
    return created;
  });
  const answers = await listGroupAnswers(db, workspaceId, groupId);
  const people = new Map((await listMembers(db, workspaceId, answers.map((a) => a.member_id))).map((m) => [m.id, m]));
  const model: MidweekAnsweredInput = {
    groupId,
    slackUserId: input.slackUserId,
    answer: input.answer,
    answers: answers.map((a) => ({ slackUserId: people.get(a.member_id)?.slack_user_id ?? '', answer: a.talked })),
    callLogged,
  };
  return { ok: true, ...model, message: ctx.messages({ kind: 'midweekAnswered', ...model }) };
}

/** The member's week (in their zone, from the clock) and the Slack user ids of their partners in it. */
export async function partnersThisWeek(db: Db, clock: Clock, member: Member): Promise<{ week: WeekKey; partners: string[] }> {
  const week = weekKeyOf(clock.now(), memberTimeZone(member));
  return { week, partners: await currentPartners(db, member, week) };
}

/** The Slack user ids of the member's group this week (without the member), or [] when unpaired. */
export async function currentPartners(db: Db, member: Member, week: WeekKey): Promise<string[]> {
  const group = await getMemberGroup(db, member.workspace_id, member.id, week);
  if (!group) return [];
  const others = await listMembers(db, member.workspace_id, group.memberIds.filter((id) => id !== member.id));
  return others.map((m) => m.slack_user_id);
}

/**
 * The outbox worker's `afterSent` hook for 'pair-intro' (registered by the composition roots): once a
 * group's intro reached Slack, the group DM's channel id is remembered (`_meta.groupId` of the payload).
 */
export async function pairIntroSent(db: Db, sent: { workspaceId: string; method: string; payload: Record<string, unknown>; channel: string }): Promise<void> {
  const meta = sent.payload._meta as { groupId?: number } | undefined;
  if (sent.method === 'conversations.open+chat.postMessage' && meta?.groupId && sent.channel) {
    await recordGroupDmChannel(db, sent.workspaceId, meta.groupId, sent.channel);
  }
}
