/** Rules about a member and their circle that need no data beyond the rows themselves. Pure. */

/** A circle's weekly goal when none is set (and for solo members). */
export const DEFAULT_GOAL = 5;

/** The zone a member lives by: their override, else Slack's. */
export function memberTimeZone(member: { tz_override: string | null; slack_tz: string | null }): string {
  return member.tz_override || member.slack_tz || 'UTC';
}

/** Whether a member may change their circle's settings: its creator, or a Slack workspace admin/owner. */
export function canAdminister(member: { slack_user_id: string }, circle: { created_by: string }, isWorkspaceAdmin: boolean): boolean {
  return isWorkspaceAdmin || circle.created_by === member.slack_user_id;
}
