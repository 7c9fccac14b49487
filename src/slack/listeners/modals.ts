/**
 * Opening our modals. The trigger_id lives 3 seconds, so these read only what the modal shows (one or
 * two indexed reads) and call views.open at once; slower work (first contact, greeting) comes after.
 */
import type { WebClient } from '@slack/web-api';
import type { Circle, Member } from '../../services/models.js';
import { getPlaybook, playbookKeys } from '../../domain/playbooks.js';
import { checkInSetting } from '../../services/checkin.js';
import type { SlackDeps } from '../deps.js';
import { checkInModal } from '../views/checkin.js';
import { adminModal, settingsModal } from '../views/settings.js';
import { briefSetting } from '../../services/briefs.js';
import { scheduleSetting, type ScheduleTarget } from '../../services/reminders.js';
import { briefModal } from '../views/briefs.js';
import { scheduleModal } from '../views/reminders.js';

export async function openCheckIn(deps: SlackDeps, client: WebClient, triggerId: string, member: Member, prefill: { who?: string | null; whoUser?: string | null; category?: string | null }): Promise<void> {
  const setting = await checkInSetting(deps.db, deps.clock, member);
  await client.views.open({
    trigger_id: triggerId,
    view: checkInModal({
      playbook: setting.playbook,
      today: setting.today,
      ...(prefill.who ? { who: prefill.who } : {}),
      ...(prefill.whoUser ? { whoUser: prefill.whoUser } : {}),
      ...(prefill.category ? { category: prefill.category } : {}),
    }),
  });
}

export async function openSettings(client: WebClient, triggerId: string, member: Member, circle: Circle | null): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: settingsModal({
      member: {
        tzOverride: member.tz_override,
        slackTz: member.slack_tz,
        nudgeEnabled: member.nudge_enabled,
        nudgeTime: member.nudge_time,
        lane: member.lane,
        boardVisible: member.board_visible,
        workStart: member.work_start,
        workEnd: member.work_end,
      },
      timeZones: circle ? [circle.tz] : [],
    }),
  });
}

export async function openAdmin(client: WebClient, triggerId: string, circle: Circle): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: adminModal({
      circle: {
        name: circle.name,
        playbook: circle.playbook,
        goal: circle.goal,
        planDay: circle.plan_day,
        planTime: circle.plan_time,
        recapDay: circle.recap_day,
        recapTime: circle.recap_time,
        tz: circle.tz,
        pairingEnabled: circle.pairing_enabled,
        teamThreshold: circle.team_threshold,
      },
      playbooks: playbookKeys().map((key) => ({ key, title: getPlaybook(key)?.title ?? key })),
      // The circle id rides along, so the submit saves the circle the modal was opened for.
      privateMetadata: JSON.stringify({ circleId: circle.id }),
    }),
  });
}

/** The next full hour after `time` (`HH:MM`), capped at 23:00. */
function nextHour(time: string): string {
  const h = Math.min(23, Number(time.slice(0, 2)) + 1);
  return `${String(h).padStart(2, '0')}:00`;
}

/** The Schedule modal for one of the member's contacts or a name; false when the contact is not theirs. */
export async function openSchedule(deps: SlackDeps, client: WebClient, triggerId: string, member: Member, target: ScheduleTarget, category: string | null): Promise<boolean> {
  const setting = await scheduleSetting(deps.db, deps.clock, member, target, category);
  if (!setting) return false;
  await client.views.open({
    trigger_id: triggerId,
    view: scheduleModal({
      name: setting.name,
      days: setting.days,
      today: setting.today,
      suggestedTime: nextHour(setting.nowTime),
      categories: setting.playbookCategories,
      category: setting.category,
      privateMetadata: JSON.stringify({ contactId: setting.contactId, name: setting.name, category: setting.category }),
    }),
  });
  return true;
}

/** The brief modal for a member of the group (prefilled with what they shared before); false when not theirs. */
export async function openBrief(deps: SlackDeps, client: WebClient, triggerId: string, member: Member, groupId: number): Promise<boolean> {
  const setting = await briefSetting(deps.db, member, groupId);
  if (!setting.ok) return false;
  const b = setting.brief;
  await client.views.open({ trigger_id: triggerId, view: briefModal({ groupId, previous: b ? { workingOn: b.working_on, ideas: b.ideas, unsure: b.unsure } : null }) });
  return true;
}
