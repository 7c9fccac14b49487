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
import { deleteMyDataModal } from '../views/delete.js';

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

/** `/calls delete-my-data`: the confirmation modal (nothing is read: it opens within the trigger's 3 s). */
export async function openDeleteMyData(client: WebClient, triggerId: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: deleteMyDataModal() });
}
