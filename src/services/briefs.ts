/**
 * The soundboard brief: "Share my week" on the pair intro opens a modal; the answer is posted into the
 * pair's group DM (the one place a brief leaves its author). When everyone in the group has shared,
 * the call time is proposed (inside all partners' working hours, see `proposeCallTime`) and posted,
 * shown in each person's own time. A partner who has not shared a day after the intro gets one gentle
 * DM (`brief-nudge:<group>:<member>`), until the mid-week check. The mid-week check names the time.
 */
import type { Db } from '../db/index.js';
import type { Brief, Member } from '../db/types.js';
import { proposeCallTime, validateBrief, type BriefField, type RawBrief } from '../domain/briefs.js';
import { memberTimeZone } from '../domain/members.js';
import { instantAt, localDateOf, localTimeOf, utcOffsetMinutes, weekKeyOf, type WeekKey } from '../domain/weeks.js';
import { getMemberBrief, groupProposal, listGroupBriefs, lockGroup, recordProposalOnce, sharedByGroup, upsertBrief } from '../store/briefs.js';
import { listActiveCircles } from '../store/circles.js';
import { getMemberBySlackId, listMembers } from '../store/members.js';
import { enqueueMessage, existingDedupeKeys, memberDm } from '../store/outbox.js';
import { getPairing, getPairingGroup, listCirclePairingGroups, type PairingGroupRow } from '../store/pairings.js';
import { PAIR_CHECK_DAY, PAIR_CHECK_TIME, type ProposedTime, type ServiceContext } from './messages.js';

/** A brief nudge goes this long after the pairing, if the partner has not shared. */
export const BRIEF_NUDGE_AFTER_MS = 24 * 3_600_000;

export type BriefSetting = { ok: true; groupId: number; brief: Brief | null } | { ok: false; reason: 'not_in_group' | 'unknown_group' };

/** Whether the member may share in this group, and what they shared before (to prefill). */
export async function briefSetting(db: Db, member: Member, groupId: number): Promise<BriefSetting> {
  const group = await getPairingGroup(db, member.workspace_id, groupId);
  if (!group) return { ok: false, reason: 'unknown_group' };
  if (!group.memberIds.includes(member.id)) return { ok: false, reason: 'not_in_group' };
  return { ok: true, groupId, brief: (await getMemberBrief(db, member.workspace_id, groupId, member.id)) ?? null };
}

/** "New York" from "America/New_York". */
const zoneCity = (tz: string): string => (tz.split('/').pop() ?? tz).replace(/_/g, ' ');

/** A proposal as each member of the group sees it. */
export function proposedTimeFor(members: readonly Member[], at: Date, overlap: boolean): ProposedTime {
  return {
    overlap,
    at: at.toISOString(),
    people: members.map((m) => {
      const tz = memberTimeZone(m);
      return { slackUserId: m.slack_user_id, date: localDateOf(at, tz), time: localTimeOf(at, tz), city: zoneCity(tz) };
    }),
  };
}

export type ShareBriefResult = { ok: true; brief: Brief; proposed: boolean } | { ok: false; errors: Partial<Record<BriefField, string>> } | { ok: false; refused: true };

const groupDm = (slackIds: string[]) => ({ method: 'conversations.open+chat.postMessage' as const, channelKey: [...slackIds].sort().join(','), users: slackIds.join(',') });

/**
 * Saves the member's brief and posts it into the group DM; the share that completes the group also
 * records and posts the proposed call time (once: `recordProposalOnce`), in the same transaction.
 */
export async function shareBrief(ctx: ServiceContext, input: { workspaceId: string; slackUserId: string; groupId: number; raw: RawBrief }): Promise<ShareBriefResult> {
  const { db, clock } = ctx;
  const v = validateBrief(input.raw);
  if (!v.ok) return v;
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    // Partners sharing at once take turns, so the last of them sees every brief.
    if (!Number.isInteger(input.groupId) || !(await lockGroup(trx, input.workspaceId, input.groupId))) return { ok: false as const, refused: true as const };
    const member = await getMemberBySlackId(trx, input.workspaceId, input.slackUserId);
    const group = await getPairingGroup(trx, input.workspaceId, input.groupId);
    if (!member || !group || !group.memberIds.includes(member.id)) return { ok: false as const, refused: true as const };
    const brief = await upsertBrief(trx, { workspaceId: input.workspaceId, memberId: member.id, groupId: group.groupId, workingOn: v.value.workingOn, ideas: v.value.ideas, unsure: v.value.unsure, at: now });
    const people = (await listMembers(trx, input.workspaceId, group.memberIds)).filter((m) => m.status === 'active');
    const slackIds = people.map((m) => m.slack_user_id);
    const shared = new Set((await listGroupBriefs(trx, input.workspaceId, group.groupId)).map((b) => b.member_id));
    const waitingFor = people.filter((m) => !shared.has(m.id)).map((m) => m.slack_user_id);
    const msg = ctx.messages({ kind: 'briefShared', groupId: group.groupId, slackUserId: member.slack_user_id, workingOn: brief.working_on, ideas: brief.ideas, unsure: brief.unsure, version: brief.version, waitingFor });
    const dm = groupDm(slackIds);
    await enqueueMessage(trx, { workspaceId: input.workspaceId, dedupeKey: `brief:${group.groupId}:${member.id}:${brief.version}`, kind: 'brief', method: dm.method, channelKey: dm.channelKey, payload: { users: dm.users, ...msg }, memberId: member.id, circleId: group.circleId, at: now, priority: 1 });
    let proposed = false;
    if (waitingFor.length === 0 && people.length >= 2) {
      const proposal = proposeCallTime(
        people.map((m) => ({ id: String(m.id), workStart: m.work_start, workEnd: m.work_end, offsetAt: (at: Date) => utcOffsetMinutes(at, memberTimeZone(m)) })),
        now,
      );
      if (await recordProposalOnce(trx, input.workspaceId, group.groupId, proposal.at, proposal.overlap)) {
        const model = { groupId: group.groupId, ...proposedTimeFor(people, proposal.at, proposal.overlap) };
        await enqueueMessage(trx, { workspaceId: input.workspaceId, dedupeKey: `brief-proposal:${group.groupId}`, kind: 'brief-proposal', method: dm.method, channelKey: dm.channelKey, payload: { users: dm.users, ...ctx.messages({ kind: 'briefProposal', ...model }) }, circleId: group.circleId, at: now, priority: 1 });
        proposed = true;
      }
    }
    return { ok: true as const, brief, proposed };
  });
}

/** The group's proposed call time as its members see it, or null when not everyone shared yet. */
export async function groupProposedTime(db: Db, workspaceId: string, groupId: number, members: readonly Member[]): Promise<ProposedTime | null> {
  const p = await groupProposal(db, workspaceId, groupId);
  return p ? proposedTimeFor(members, p.at, p.overlap) : null;
}

/** The mid-week check's instant (as `pairCheckDueAt` in ./pairing.ts): no brief nudge after it. */
const checkAt = (circle: { tz: string }, week: WeekKey): Date => instantAt(week, PAIR_CHECK_DAY, PAIR_CHECK_TIME, circle.tz);

/** When a group's brief nudges are due: a day after its pairing; none after the mid-week check. */
export function briefNudgeDueAt(pairingCreatedAt: Date): Date {
  return new Date(new Date(pairingCreatedAt).getTime() + BRIEF_NUDGE_AFTER_MS);
}

/** One gentle DM to each partner who has not shared a day after the pairing (this week, before the check). */
export async function sendDueBriefNudges(ctx: ServiceContext, workspaceId: string): Promise<number> {
  const { db, clock } = ctx;
  const now = clock.now();
  let sent = 0;
  for (const circle of (await listActiveCircles(db, workspaceId)).filter((c) => c.pairing_enabled)) {
    const week = weekKeyOf(now, circle.tz);
    const pairing = await getPairing(db, workspaceId, circle.id, week);
    if (!pairing || now.getTime() < briefNudgeDueAt(pairing.created_at).getTime() || now.getTime() >= checkAt(circle, week).getTime()) continue;
    const groups = await listCirclePairingGroups(db, workspaceId, circle.id, { week });
    const shared = await sharedByGroup(db, workspaceId, groups.map((g) => g.groupId));
    const todo: { g: PairingGroupRow; memberId: number; key: string }[] = [];
    for (const g of groups) {
      if (g.memberIds.length < 2) continue;
      for (const id of g.memberIds) if (!shared.get(g.groupId)?.has(id)) todo.push({ g, memberId: id, key: `brief-nudge:${g.groupId}:${id}` });
    }
    if (todo.length === 0) continue;
    const done = await existingDedupeKeys(db, workspaceId, todo.map((t) => t.key));
    const open = todo.filter((t) => !done.has(t.key));
    if (open.length === 0) continue;
    const people = new Map((await listMembers(db, workspaceId, [...new Set(open.flatMap((t) => t.g.memberIds))])).map((m) => [m.id, m]));
    for (const t of open) {
      const m = people.get(t.memberId);
      if (!m || m.status !== 'active') continue;
      const partners = t.g.memberIds.filter((id) => id !== t.memberId).map((id) => people.get(id)).filter((p): p is Member => p !== undefined);
      const msg = ctx.messages({
        kind: 'briefNudge',
        groupId: t.g.groupId,
        partners: partners.map((p) => p.slack_user_id),
        shared: partners.filter((p) => shared.get(t.g.groupId)?.has(p.id)).map((p) => p.slack_user_id),
      });
      if (await enqueueMessage(db, { ...memberDm(m, msg), dedupeKey: t.key, kind: 'brief-nudge', circleId: circle.id, at: now })) sent++;
    }
  }
  return sent;
}

/** For the sandbox's timetable: the next brief nudge instant after `after`, if any group still waits. */
export async function nextBriefNudge(db: Db, workspaceId: string, after: Date): Promise<Date | null> {
  let first: Date | null = null;
  for (const circle of (await listActiveCircles(db, workspaceId)).filter((c) => c.pairing_enabled)) {
    const week = weekKeyOf(after, circle.tz);
    const pairing = await getPairing(db, workspaceId, circle.id, week);
    if (!pairing) continue;
    const at = briefNudgeDueAt(pairing.created_at);
    if (at.getTime() <= after.getTime() || at.getTime() >= checkAt(circle, week).getTime()) continue;
    const groups = await listCirclePairingGroups(db, workspaceId, circle.id, { week });
    const shared = await sharedByGroup(db, workspaceId, groups.map((g) => g.groupId));
    const waiting = groups.some((g) => g.memberIds.length >= 2 && g.memberIds.some((id) => !shared.get(g.groupId)?.has(id)));
    if (waiting && (first === null || at.getTime() < first.getTime())) first = at;
  }
  return first;
}
