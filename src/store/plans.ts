/** Weekly plans: one row per member and week (unique), written with the plan DM's outbox row. */
import type { Db } from '../db/index.js';
import type { Plan } from '../db/types.js';

export interface NewPlan {
  workspaceId: string;
  memberId: number;
  week: string;
  circleId: number | null;
  playbook: string;
  goal: number;
  categories: string[];
  at: Date;
}

/** Inserts the plans that do not exist yet; returns the member ids this call created plans for. */
export async function insertPlansOnce(db: Db, plans: readonly NewPlan[]): Promise<Set<number>> {
  if (plans.length === 0) return new Set();
  const rows = await db
    .insertInto('plans')
    .values(
      plans.map((p) => ({
        workspace_id: p.workspaceId,
        member_id: p.memberId,
        week: p.week,
        circle_id: p.circleId,
        playbook: p.playbook,
        goal: p.goal,
        categories: JSON.stringify(p.categories),
        created_at: p.at,
      })),
    )
    .onConflict((oc) => oc.columns(['workspace_id', 'member_id', 'week']).doNothing())
    .returning('member_id')
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

export async function getPlan(db: Db, workspaceId: string, memberId: number, week: string): Promise<Plan | undefined> {
  return db.selectFrom('plans').selectAll().where('workspace_id', '=', workspaceId).where('member_id', '=', memberId).where('week', '=', week).executeTakeFirst();
}

/** Which of `memberIds` already have a plan for `week`. */
export async function membersWithPlan(db: Db, workspaceId: string, memberIds: readonly number[], week: string): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < memberIds.length; i += 1000) {
    const chunk = memberIds.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom('plans').select('member_id').where('workspace_id', '=', workspaceId).where('week', '=', week).where('member_id', 'in', chunk).execute();
    for (const r of rows) out.add(r.member_id);
  }
  return out;
}

/** Plans of several members in one week (for the pair intro). */
export async function listPlans(db: Db, workspaceId: string, memberIds: readonly number[], week: string): Promise<Plan[]> {
  if (memberIds.length === 0) return [];
  return db.selectFrom('plans').selectAll().where('workspace_id', '=', workspaceId).where('week', '=', week).where('member_id', 'in', memberIds).execute();
}

/** A member's plans from `sinceWeek` up to (not including) `beforeWeek`. */
export async function listMemberPlansBetween(db: Db, workspaceId: string, memberId: number, sinceWeek: string, beforeWeek: string): Promise<{ week: string; categories: string[] }[]> {
  const rows = await db
    .selectFrom('plans')
    .select(['week', 'categories'])
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('week', '>=', sinceWeek)
    .where('week', '<', beforeWeek)
    .orderBy('week')
    .execute();
  return rows.map((r) => ({ week: r.week, categories: (typeof r.categories === 'string' ? JSON.parse(r.categories) : r.categories) as string[] }));
}
