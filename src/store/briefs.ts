/**
 * Soundboard briefs (one per member and pairing group) and the call time proposed for a group once
 * everyone shared.
 */
import type { Db } from '../db/index.js';
import type { Brief } from '../db/types.js';

/** Saves a member's brief for a group (a second share replaces the first, version + 1). */
export async function upsertBrief(db: Db, b: { workspaceId: string; memberId: number; groupId: number; workingOn: string; ideas: string; unsure: string | null; at: Date }): Promise<Brief> {
  return db
    .insertInto('briefs')
    .values({ workspace_id: b.workspaceId, member_id: b.memberId, group_id: b.groupId, working_on: b.workingOn, ideas: b.ideas, unsure: b.unsure, created_at: b.at, updated_at: b.at })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'group_id', 'member_id']).doUpdateSet((eb) => ({
        working_on: eb.ref('excluded.working_on'),
        ideas: eb.ref('excluded.ideas'),
        unsure: eb.ref('excluded.unsure'),
        updated_at: eb.ref('excluded.updated_at'),
        version: eb('briefs.version', '+', 1),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listGroupBriefs(db: Db, workspaceId: string, groupId: number): Promise<Brief[]> {
  return db.selectFrom('briefs').selectAll().where('workspace_id', '=', workspaceId).where('group_id', '=', groupId).orderBy('member_id').execute();
}

export async function getMemberBrief(db: Db, workspaceId: string, groupId: number, memberId: number): Promise<Brief | undefined> {
  return db.selectFrom('briefs').selectAll().where('workspace_id', '=', workspaceId).where('group_id', '=', groupId).where('member_id', '=', memberId).executeTakeFirst();
}

/** Member ids with a brief, per group id, for several groups at once. */
export async function sharedByGroup(db: Db, workspaceId: string, groupIds: readonly number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  if (groupIds.length === 0) return out;
  const rows = await db.selectFrom('briefs').select(['group_id', 'member_id']).where('workspace_id', '=', workspaceId).where('group_id', 'in', [...groupIds]).execute();
  for (const r of rows) {
    const set = out.get(r.group_id) ?? new Set<number>();
    set.add(r.member_id);
    out.set(r.group_id, set);
  }
  return out;
}

/** Records the proposed call time once; true only for the caller that recorded it. */
export async function recordProposalOnce(db: Db, workspaceId: string, groupId: number, at: Date, overlap: boolean): Promise<boolean> {
  const r = await db
    .updateTable('pairing_groups')
    .set({ proposed_call_at: at, proposal_overlap: overlap })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', groupId)
    .where('proposed_call_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The proposal of a group, if any. */
export async function groupProposal(db: Db, workspaceId: string, groupId: number): Promise<{ at: Date; overlap: boolean } | null> {
  const r = await db.selectFrom('pairing_groups').select(['proposed_call_at', 'proposal_overlap']).where('workspace_id', '=', workspaceId).where('id', '=', groupId).executeTakeFirst();
  if (!r?.proposed_call_at) return null;
  return { at: new Date(r.proposed_call_at), overlap: r.proposal_overlap ?? false };
}

/**
 * Locks a pairing group's row for the rest of the transaction, so two partners sharing at the same
 * moment are serialized: the second sees the first's brief and makes the proposal.
 */
export async function lockGroup(db: Db, workspaceId: string, groupId: number): Promise<boolean> {
  const r = await db.selectFrom('pairing_groups').select('id').where('workspace_id', '=', workspaceId).where('id', '=', groupId).forUpdate().executeTakeFirst();
  return r !== undefined;
}
