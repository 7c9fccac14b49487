/**
 * First contact: the member behind a Slack user, created on first sight with their Slack time zone and
 * display name, and greeted exactly once (the greeting goes through the outbox in the same transaction
 * as `markGreeted`, so two racing first commands greet once).
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Member, MemberUpdate } from '../db/types.js';
import { isValidTimeZone } from '../domain/weeks.js';
import { ensureMember, getMemberBySlackId, markGreeted, updateMember } from '../store/members.js';
import { enqueueMessage, memberDm } from '../store/outbox.js';
import { upsertWorkspace } from '../store/workspaces.js';

/** What Slack knows about a user (users.info), as much as the app needs. */
export interface SlackUserProfile {
  displayName: string;
  tz: string | null;
  isAdmin: boolean;
}

export type LookupUser = (slackUserId: string) => Promise<SlackUserProfile | null>;

/** A greeting DM for a new member: Web API arguments for chat.postMessage (without channel). */
export type GreetingPayload = (member: Member) => { text: string; blocks?: unknown[] };

export interface KnownMemberInput {
  workspaceId: string;
  teamDomain?: string | null;
  slackUserId: string;
  lookup: LookupUser;
  greeting: GreetingPayload;
}

export interface KnownMember {
  member: Member;
  /** True when this call created the member. */
  created: boolean;
  /** True when this call enqueued the greeting. */
  greeted: boolean;
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

/**
 * The member for a Slack user. The common case (a known, greeted, active member) is one indexed read
 * and no Slack call; only an unknown user costs a users.info call (made outside the transaction).
 * - When users.info failed at first contact, the member starts in UTC with no name; the next contact
 *   looks them up again and fills both in.
 * - A member the outbox deactivated (Slack could not reach them) who uses the app again is active again.
 */
export async function knownMember(db: Db, clock: Clock, input: KnownMemberInput): Promise<KnownMember> {
  await workspaceSeen(db, input.workspaceId, clock.now(), input.teamDomain);
  const existing = await getMemberBySlackId(db, input.workspaceId, input.slackUserId);
  const unresolved = !existing || existing.display_name === '';
  if (existing && existing.greeted_at !== null && existing.status === 'active' && !unresolved) return { member: existing, created: false, greeted: false };

  const profile = unresolved ? await input.lookup(input.slackUserId).catch(() => null) : null;
  return db.transaction().execute(async (trx) => {
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
        ...memberDm(member, input.greeting(member)),
        dedupeKey: `greet:${member.id}`,
        kind: 'greeting',
        at: now,
        priority: 1,
      });
    }
    return { member, created, greeted };
  });
}

/** The member for a Slack user when known (no creation, no Slack call). */
export async function findMember(db: Db, workspaceId: string, slackUserId: string): Promise<Member | undefined> {
  return getMemberBySlackId(db, workspaceId, slackUserId);
}
