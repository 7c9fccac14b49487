/** Publishing a member's App Home: their progress, streak and buttons. */
import type { WebClient } from '@slack/web-api';
import type { Member } from '../../services/models.js';
import { memberProgress, type MemberProgress } from '../../services/progress.js';
import type { SlackDeps } from '../deps.js';
import { homeView } from '../views/home.js';
import { homePeople, suggestionsFor } from '../../services/people.js';
import { homeReminders } from '../../services/reminders.js';

/** `known`: the member's progress when the caller computed it already (a check-in just saved). */
export async function publishHome(deps: SlackDeps, client: WebClient, member: Member, known?: MemberProgress): Promise<void> {
  const progress = known ?? (await memberProgress(deps.db, deps.clock, member));
  const [suggestions, list, reminders] = await Promise.all([
    suggestionsFor(deps.db, deps.clock, member, progress.playbook, progress.circle?.pairing_enabled === true),
    homePeople(deps.db, member),
    homeReminders(deps.db, deps.clock, member),
  ]);
  await client.views.publish({
    user_id: member.slack_user_id,
    view: homeView({
      progress,
      circle: progress.circle ? { name: progress.circle.name, channelId: progress.circle.channel_id } : null,
      suggestions,
      people: { ...list, today: progress.today },
      reminders: { ...reminders, today: progress.today },
    }),
  });
}
