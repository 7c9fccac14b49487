/**
 * Circles: `/calls join` in a channel makes it a circle (recording its creator) and adds the member; a
 * member belongs to one circle at a time, so joining another moves them. `/calls leave` takes them out.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Circle, Member } from '../db/types.js';
import { circleOf, ensureCircle, getCircle, getCircleByChannel, reactivateCircleOfChannel } from '../store/circles.js';
import { memberTimeZone } from '../domain/members.js';
import { findMemberInChannelCircle, setMemberCircle } from '../store/members.js';

export interface JoinResult {
  circle: Circle;
  /** The channel became a circle just now. */
  created: boolean;
  /** The member was already in this circle. */
  already: boolean;
  /** The circle the member left to join this one. */
  movedFrom: Circle | null;
  member: Member;
}

export async function joinCircle(db: Db, clock: Clock, input: { member: Member; channelId: string; channelName?: string | null }): Promise<JoinResult> {
  return db.transaction().execute(async (trx) => {
    const { member } = input;
    const { circle, created } = await ensureCircle(trx, member.workspace_id, {
      channelId: input.channelId,
      name: input.channelName ?? null,
      createdBy: member.slack_user_id,
      tz: memberTimeZone(member),
      at: clock.now(),
    });
    if (member.circle_id === circle.id) return { circle, created, already: true, movedFrom: null, member };
    const movedFrom = await circleOf(trx, member);
    const updated = await setMemberCircle(trx, member.workspace_id, member.id, circle.id, clock.now());
    return { circle, created, already: false, movedFrom, member: updated };
  });
}

/** Takes the member out of their circle; returns the circle they left, or null when they had none. */
export async function leaveCircle(db: Db, clock: Clock, member: Member): Promise<Circle | null> {
  if (member.circle_id === null) return null;
  return db.transaction().execute(async (trx) => {
    const circle = (await getCircle(trx, member.workspace_id, member.circle_id!)) ?? null;
    await setMemberCircle(trx, member.workspace_id, member.id, null, clock.now());
    return circle;
  });
}

/** Takes a member out of the circle of `channelId` (they left the channel). Returns true when they were in it. */
export async function leaveCircleOfChannel(db: Db, clock: Clock, input: { workspaceId: string; slackUserId: string; channelId: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await findMemberInChannelCircle(trx, input.workspaceId, input.slackUserId, input.channelId);
    if (!row) return false;
    await setMemberCircle(trx, input.workspaceId, row.id, null, clock.now());
    return true;
  });
}

/** The member's circle, or null when they have none. */
export { circleOf };

/**
 * The bot was invited (back) into `channelId`: a circle there that the outbox worker deactivated
 * (`not_in_channel`) is active again. Returns that circle, or undefined when there was none to wake.
 */
export async function botJoinedChannel(db: Db, workspaceId: string, channelId: string): Promise<Circle | undefined> {
  return reactivateCircleOfChannel(db, workspaceId, channelId);
}

/** The circle of `channelId`, if that channel is one. */
export async function circleOfChannel(db: Db, workspaceId: string, channelId: string): Promise<Circle | undefined> {
  return getCircleByChannel(db, workspaceId, channelId);
}
