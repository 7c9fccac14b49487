/**
 * First contact: the member behind a Slack user, created on first sight with their Slack time zone and
 * display name, and greeted exactly once (the greeting goes through the outbox in the same transaction
 * as `markGreeted`, so two racing first commands greet once).
 */
import type { Db } from '../db/index.js';
import type { Member, MemberUpdate } from '../db/types.js';
import { isValidTimeZone } from '../domain/weeks.js';
import { ensureMember, getMemberBySlackId, markGreeted, updateMember } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import { upsertWorkspace } from '../store/workspaces.js';
import type { ServiceContext } from './messages.js';

/** What Slack knows about a user (users.info), as much as the app needs. */
export interface SlackUserProfile {
  displayName: string;
  tz: string | null;
  isAdmin: boolean;
}

export type LookupUser = (slackUserId: string) => Promise<SlackUserProfile | null>;

export interface KnownMemberInput {
  workspaceId: string;
  teamDomain?: string | null;
  slackUserId: string;
  lookup: LookupUser;
  /** How long a new user's first contact waits for `lookup` (default {@link LOOKUP_BUDGET_MS}). */
  lookupBudgetMs?: number;
}

export interface KnownMember {
  member: Member;
  /** True when this call created the member. */
  created: boolean;
  /** True when this call enqueued the greeting. */
  greeted: boolean;
  /** Set when the profile is still being looked up: settles once the member is filled in (never rejects). */
  enrichment?: Promise<void>;
}

/** Workspaces this process has upserted (per database), so "first sight" costs one write per process. */
const seenWorkspaces = new WeakMap<Db, Set<string>>();

/**
 * Upserts the workspace the first time this process sees it (marking it active again after a
 * reinstall). `forgetWorkspace` makes the next sight upsert again (after an uninstall).
 */
export async function workspaceSeen(db: Db, workspaceId: string, at: Date, domain?: string | null): Promise<void> {
  const seen = seenWorkspaces.get(db) ?? new Set<string>();
  seenWorkspaces.set(db, seen);
  if (seen.has(workspaceId)) return;
  await upsertWorkspace(db, { id: workspaceId, domain: domain ?? null, at });
  seen.add(workspaceId);
}

export function forgetWorkspace(db: Db, workspaceId: string): void {
  seenWorkspaces.get(db)?.delete(workspaceId);
}

/** How long first contact waits for users.info before answering with what it has (default). */
export const LOOKUP_BUDGET_MS = 1_000;

/**
 * The member for a Slack user. The common case (a known, greeted, active member) is one indexed read
 * and no Slack call; only a user whose profile is unknown costs a users.info call (made outside the
 * transaction), and nobody waits long for it: answer first, enrich later.
 * - The lookup (their own: a known member with a profile never makes one) gets `lookupBudgetMs`
 *   (default 1 s). If it has not answered by then, the answer goes ahead (a new member starts in UTC
 *   with no name) and the profile is filled in when it arrives (`enrichment`).
 * - When users.info fails, the member starts in UTC with no name; the next contact looks them up again.
 * - A member the outbox deactivated (Slack could not reach them) who uses the app again is active again.
 */
export async function knownMember(ctx: ServiceContext, input: KnownMemberInput): Promise<KnownMember> {
  const { db, clock } = ctx;
  await workspaceSeen(db, input.workspaceId, clock.now(), input.teamDomain);
  const existing = await getMemberBySlackId(db, input.workspaceId, input.slackUserId);
  const unresolved = !existing || existing.display_name === '';
  if (existing && existing.greeted_at !== null && existing.status === 'active' && !unresolved) return { member: existing, created: false, greeted: false };

  const lookup = unresolved ? input.lookup(input.slackUserId).catch(() => null) : null;
  // undefined: still looking (answer without it); null: Slack does not know the user or the call failed.
  const profile = lookup ? await withinBudget(lookup, input.lookupBudgetMs ?? LOOKUP_BUDGET_MS) : undefined;
  const known = await db.transaction().execute(async (trx) => {
    let member = existing;
    let created = false;
    if (member) {
      const changes: MemberUpdate = {};
      if (profile?.displayName) changes.display_name = profile.displayName;
      if (profile?.tz && isValidTimeZone(profile.tz)) changes.slack_tz = profile.tz;
      if (member.status !== 'active') changes.status = 'active';
      if (Object.keys(changes).length > 0) member = await updateMember(trx, input.workspaceId, member.id, changes);
    } else {
      const tz = profile?.tz && isValidTimeZone(profile.tz) ? profile.tz : 'UTC';
      const r = await ensureMember(trx, input.workspaceId, {
        slackUserId: input.slackUserId,
        displayName: profile?.displayName ?? '',
        slackTz: tz,
        isAdmin: profile?.isAdmin ?? false,
        at: clock.now(),
      });
      member = r.member;
      created = r.created;
    }
    const now = clock.now();
    const greeted = await markGreeted(trx, input.workspaceId, member.id, now);
    if (greeted) {
      member = { ...member, greeted_at: now };
      await enqueueMessage(trx, {
        ...memberDm(member, ctx.messages({ kind: 'greeting' })),
        dedupeKey: `greet:${member.id}`,
        kind: 'greeting',
        at: now,
        priority: 1,
      });
    }
    return { member, created, greeted };
  });
  if (lookup && profile === undefined) {
    const { member } = known;
    return { ...known, enrichment: lookup.then((p) => (p ? enrichMember(db, member, p) : undefined)) };
  }
  return known;
}

/** Fills in what users.info said (name, Slack time zone, admin) for a member created without it. */
async function enrichMember(db: Db, member: Member, profile: SlackUserProfile): Promise<void> {
  const changes: MemberUpdate = {};
  if (profile.displayName) changes.display_name = profile.displayName;
  if (profile.tz && isValidTimeZone(profile.tz)) changes.slack_tz = profile.tz;
  if (profile.isAdmin && !member.is_admin) changes.is_admin = true;
  if (Object.keys(changes).length > 0) await updateMember(db, member.workspace_id, member.id, changes);
}

/** The value of `p` if it settles within `ms`, else undefined (p carries on). */
async function withinBudget<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The member for a Slack user when known (no creation, no Slack call). */
export async function findMember(db: Db, workspaceId: string, slackUserId: string): Promise<Member | undefined> {
  return getMemberBySlackId(db, workspaceId, slackUserId);
}
