/**
 * A member's own settings (the Settings modal) and a circle's settings (the admin modal): validated by
 * the domain, saved only when valid. Only the circle's creator or a workspace admin may change a circle.
 */
import type { Db } from '../db/index.js';
import type { Circle, Member } from '../db/types.js';
import { canAdminister, memberTimeZone } from '../domain/members.js';
import { rezoneReminders } from './reminders.js';
import {
  validateCircleSettings,
  validateMemberSettings,
  type CircleSettingsField,
  type MemberSettingsField,
  type RawCircleSettings,
  type RawMemberSettings,
} from '../domain/settings.js';
import { getCircle, updateCircle } from '../store/circles.js';
import { getMemberBySlackId, updateMember } from '../store/members.js';

export type SaveResult<F extends string, T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

export async function saveMemberSettings(
  db: Db,
  input: { workspaceId: string; slackUserId: string; raw: RawMemberSettings; at: Date },
): Promise<SaveResult<MemberSettingsField, Member>> {
  const result = validateMemberSettings(input.raw);
  if (!result.ok) return result;
  const v = result.value;
  return db.transaction().execute(async (trx) => {
    const member = await getMemberBySlackId(trx, input.workspaceId, input.slackUserId);
    if (!member) throw new Error('settings from a user who is not a member');
    const updated = await updateMember(trx, input.workspaceId, member.id, {
      tz_override: v.tzOverride,
      nudge_enabled: v.nudgeEnabled,
      nudge_time: v.nudgeTime,
      lane: v.lane,
      board_visible: v.boardVisible,
      work_start: v.workStart,
      work_end: v.workEnd,
    });
    // Reminders keep their local date and time: a new zone moves their instants.
    if (memberTimeZone(updated) !== memberTimeZone(member)) await rezoneReminders(trx, updated, input.at);
    return { ok: true as const, value: updated };
  });
}

export type SaveCircleResult = SaveResult<CircleSettingsField, Circle> | { ok: false; refused: true };

/** Saves a circle's settings after re-checking the right to (the modal could be stale). */
export async function saveCircleSettings(
  db: Db,
  input: { workspaceId: string; circleId: number; slackUserId: string; isWorkspaceAdmin: boolean; raw: RawCircleSettings },
): Promise<SaveCircleResult> {
  const result = validateCircleSettings(input.raw);
  if (!result.ok) return result;
  const v = result.value;
  return db.transaction().execute(async (trx) => {
    const circle = await getCircle(trx, input.workspaceId, input.circleId);
    if (!circle || !canAdminister({ slack_user_id: input.slackUserId }, circle, input.isWorkspaceAdmin)) return { ok: false as const, refused: true as const };
    const updated = await updateCircle(trx, input.workspaceId, circle.id, {
      name: v.name,
      playbook: v.playbook,
      goal: v.goal,
      plan_day: v.planDay,
      plan_time: v.planTime,
      recap_day: v.recapDay,
      recap_time: v.recapTime,
      tz: v.tz,
      pairing_enabled: v.pairingEnabled,
      team_threshold: v.teamThreshold,
    });
    return { ok: true as const, value: updated };
  });
}
