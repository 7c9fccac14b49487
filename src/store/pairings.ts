/**
 * Weekly pairings: one pairing per circle and week (unique), its groups (pairs, at most one trio)
 * and their members with the mid-week "did you talk?" answer.
 */
import type { Db } from '../db/index.js';
import type { Pairing, Talked } from '../db/types.js';

/** Inserts the pairing unless the circle already has one this week; returns it only when this call created it. */
export async function insertPairingOnce(db: Db, p: { workspaceId: string; circleId: number; week: string; seed: string; at: Date }): Promise<Pairing | undefined> {
  return db
    .insertInto('pairings')
    .values({ workspace_id: p.workspaceId, circle_id: p.circleId, week: p.week, seed: p.seed, created_at: p.at })
    .onConflict((oc) => oc.columns(['workspace_id', 'circle_id', 'week']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function getPairing(db: Db, workspaceId: string, circleId: number, week: string): Promise<Pairing | undefined> {
  return db.selectFrom('pairings').selectAll().where('workspace_id', '=', workspaceId).where('circle_id', '=', circleId).where('week', '=', week).executeTakeFirst();
}

/** Adds a group with its members; returns the group id. */
export async function insertPairingGroup(db: Db, g: { workspaceId: string; pairingId: number; position: number; memberIds: readonly number[] }): Promise<number> {
  const group = await db
    .insertInto('pairing_groups')
    .values({ workspace_id: g.workspaceId, pairing_id: g.pairingId, position: g.position, dm_channel_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (g.memberIds.length > 0) {
    await db
      .insertInto('pairing_members')
      .values(g.memberIds.map((m) => ({ workspace_id: g.workspaceId, group_id: group.id, member_id: m, talked: null, answered_at: null })))
      .execute();
  }
  return group.id;
}

export interface PairingGroupRow {
  groupId: number;
  pairingId: number;
  circleId: number;
  week: string;
  position: number;
  dmChannelId: string | null;
  memberIds: number[];
}

/** Groups of a circle's pairings, oldest week first (optionally only weeks before `beforeWeek`, or one week). */
export async function listCirclePairingGroups(
  db: Db,
  workspaceId: string,
  circleId: number,
  opts: { beforeWeek?: string; week?: string; sinceWeek?: string } = {},
): Promise<PairingGroupRow[]> {
  let q = db
    .selectFrom('pairings as p')
    .innerJoin('pairing_groups as g', (j) => j.onRef('g.pairing_id', '=', 'p.id').onRef('g.workspace_id', '=', 'p.workspace_id'))
    .innerJoin('pairing_members as pm', (j) => j.onRef('pm.group_id', '=', 'g.id').onRef('pm.workspace_id', '=', 'g.workspace_id'))
    .select(['p.id as pairing_id', 'p.week', 'g.id as group_id', 'g.position', 'g.dm_channel_id', 'pm.member_id'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.circle_id', '=', circleId);
  if (opts.beforeWeek) q = q.where('p.week', '<', opts.beforeWeek);
  if (opts.sinceWeek) q = q.where('p.week', '>=', opts.sinceWeek);
  if (opts.week) q = q.where('p.week', '=', opts.week);
  const rows = await q.orderBy('p.week').orderBy('g.position').orderBy('pm.member_id').execute();
  const groups = new Map<number, PairingGroupRow>();
  for (const r of rows) {
    let g = groups.get(r.group_id);
    if (!g) {
      g = { groupId: r.group_id, pairingId: r.pairing_id, circleId, week: r.week, position: r.position, dmChannelId: r.dm_channel_id, memberIds: [] };
      groups.set(r.group_id, g);
    }
    g.memberIds.push(r.member_id);
  }
  return [...groups.values()];
}

/** The member's group in a week (any circle), with its members, or undefined. */
export async function getMemberGroup(db: Db, workspaceId: string, memberId: number, week: string): Promise<PairingGroupRow | undefined> {
  const mine = await db
    .selectFrom('pairing_members as pm')
    .innerJoin('pairing_groups as g', (j) => j.onRef('g.id', '=', 'pm.group_id').onRef('g.workspace_id', '=', 'pm.workspace_id'))
    .innerJoin('pairings as p', (j) => j.onRef('p.id', '=', 'g.pairing_id').onRef('p.workspace_id', '=', 'g.workspace_id'))
    .select(['g.id as group_id'])
    .where('pm.workspace_id', '=', workspaceId)
    .where('pm.member_id', '=', memberId)
    .where('p.week', '=', week)
    .orderBy('p.id', 'desc')
    .executeTakeFirst();
  if (!mine) return undefined;
  return getPairingGroup(db, workspaceId, mine.group_id);
}

export async function getPairingGroup(db: Db, workspaceId: string, groupId: number): Promise<PairingGroupRow | undefined> {
  const rows = await db
    .selectFrom('pairing_groups as g')
    .innerJoin('pairings as p', (j) => j.onRef('p.id', '=', 'g.pairing_id').onRef('p.workspace_id', '=', 'g.workspace_id'))
    .innerJoin('pairing_members as pm', (j) => j.onRef('pm.group_id', '=', 'g.id').onRef('pm.workspace_id', '=', 'g.workspace_id'))
    .select(['p.id as pairing_id', 'p.week', 'p.circle_id', 'g.id as group_id', 'g.position', 'g.dm_channel_id', 'pm.member_id'])
    .where('g.workspace_id', '=', workspaceId)
    .where('g.id', '=', groupId)
    .orderBy('pm.member_id')
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  return { groupId: first.group_id, pairingId: first.pairing_id, circleId: first.circle_id, week: first.week, position: first.position, dmChannelId: first.dm_channel_id, memberIds: rows.map((r) => r.member_id) };
}

/** Records a member's answer to the mid-week check. Returns false when the member is not in the group. */
export async function recordTalked(db: Db, workspaceId: string, groupId: number, memberId: number, talked: Talked, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('pairing_members')
    .set({ talked, answered_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Answers per member of a group. */
export async function listGroupAnswers(db: Db, workspaceId: string, groupId: number): Promise<{ member_id: number; talked: Talked | null }[]> {
  return db
    .selectFrom('pairing_members')
    .select(['member_id', 'talked'])
    .where('workspace_id', '=', workspaceId)
    .where('group_id', '=', groupId)
    .orderBy('member_id')
    .execute();
}

/** Remembers the group DM's channel id once the intro went out (the worker calls this). */
export async function recordGroupDmChannel(db: Db, workspaceId: string, groupId: number, channelId: string): Promise<void> {
  await db.updateTable('pairing_groups').set({ dm_channel_id: channelId }).where('workspace_id', '=', workspaceId).where('id', '=', groupId).execute();
}
