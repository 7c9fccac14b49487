/**
 * Opening our modals. The trigger_id lives 3 seconds, so these read only what the modal shows (one or
 * two indexed reads) and call views.open at once; slower work (first contact, greeting) comes after.
 */
import type { WebClient } from '@slack/web-api';
import type { Circle, Member } from '../../services/models.js';
import { getPlaybook, playbookKeys } from '../../domain/playbooks.js';
import { checkInSetting } from '../../services/checkin.js';
import type { SlackDeps } from '../deps.js';
import { askForTimeText } from '../../domain/people.js';
import { memberPlaybook, personOf } from '../../services/people.js';
import { checkInModal } from '../views/checkin.js';
import { addPeopleModal, askForTimeModal, editPersonModal } from '../views/people.js';
import { adminModal, settingsModal } from '../views/settings.js';
import { briefSetting } from '../../services/briefs.js';
import { scheduleSetting, type ScheduleTarget } from '../../services/reminders.js';
import { briefModal } from '../views/briefs.js';
import { scheduleModal } from '../views/reminders.js';
import { deleteMyDataModal } from '../views/delete.js';

export async function openCheckIn(
  deps: SlackDeps,
  client: WebClient,
  triggerId: string,
  member: Member,
  prefill: { who?: string | null; whoUser?: string | null; category?: string | null; contactId?: number | null },
): Promise<void> {
  const [setting, contact] = await Promise.all([
    checkInSetting(deps.db, deps.clock, member),
    prefill.contactId ? personOf(deps.db, member, prefill.contactId) : Promise.resolve(null),
  ]);
  await client.views.open({
    trigger_id: triggerId,
    view: checkInModal({
      playbook: setting.playbook,
      today: setting.today,
      ...(prefill.who ? { who: prefill.who } : {}),
      ...(prefill.whoUser ? { whoUser: prefill.whoUser } : {}),
      ...(prefill.category ? { category: prefill.category } : {}),
      ...(contact ? { contact: { id: contact.id, name: contact.name } } : {}),
    }),
  });
}

/** What a people modal remembers: where it was opened from, so the list there can be refreshed after. */
export interface PeopleModalOrigin {
  responseUrl?: string;
  contactId?: number;
}

export function readOrigin(privateMetadata: string | undefined): PeopleModalOrigin {
  try {
    const v = JSON.parse(privateMetadata || '{}') as Record<string, unknown>;
    return {
      ...(typeof v.responseUrl === 'string' && v.responseUrl.startsWith('http') ? { responseUrl: v.responseUrl } : {}),
      ...(typeof v.contactId === 'number' && Number.isSafeInteger(v.contactId) ? { contactId: v.contactId } : {}),
    };
  } catch {
    return {};
  }
}

export async function openAddPeople(deps: SlackDeps, client: WebClient, triggerId: string, member: Member, origin: { responseUrl?: string | null; category?: string | null; names?: string | null } = {}): Promise<void> {
  const playbook = await memberPlaybook(deps.db, member);
  const view = addPeopleModal({ playbook, category: origin.category ?? null, names: origin.names ?? null });
  if (origin.responseUrl) view.private_metadata = JSON.stringify({ responseUrl: origin.responseUrl });
  await client.views.open({ trigger_id: triggerId, view });
}

/** False when the person is not (or no longer) the member's. */
export async function openEditPerson(deps: SlackDeps, client: WebClient, triggerId: string, member: Member, contactId: number, responseUrl?: string | null): Promise<boolean> {
  const [playbook, person] = await Promise.all([memberPlaybook(deps.db, member), personOf(deps.db, member, contactId)]);
  if (!person) return false;
  const view = editPersonModal({ person, playbook });
  view.private_metadata = JSON.stringify({ contactId, ...(responseUrl ? { responseUrl } : {}) });
  await client.views.open({ trigger_id: triggerId, view });
  return true;
}

export async function openAskForTime(deps: SlackDeps, client: WebClient, triggerId: string, member: Member, contactId: number, category: string): Promise<boolean> {
  const [playbook, person] = await Promise.all([memberPlaybook(deps.db, member), personOf(deps.db, member, contactId)]);
  if (!person) return false;
  const key = category || person.categories[0] || '';
  const title = playbook.categories.find((c) => c.key === key)?.title ?? null;
  await client.views.open({ trigger_id: triggerId, view: askForTimeModal({ name: person.name, categoryTitle: title, text: askForTimeText(key, person.name), contactId }) });
  return true;
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

/** `/calls delete-my-data`: the confirmation modal (nothing is read: it opens within the trigger's 3 s). */
export async function openDeleteMyData(client: WebClient, triggerId: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: deleteMyDataModal() });
}
