/**
 * The one place that renders what the bot says: a service's message model (src/services/messages.ts)
 * in, chat.postMessage arguments out, through the Block Kit builders of this folder. The composition
 * root injects it as `messages` (the Slack app's deps, the scheduler's context).
 */
import { findCategory } from '../../domain/playbooks.js';
import type { CheckInConfirmationInput, DomainMessage, RenderedMessage } from '../../services/messages.js';
import { checkInConfirmation, greetingMessage, installWelcomeMessage } from './confirmations.js';
import { birthdayNoteMessage } from './people.js';
import { weeklyPlanMessage } from './plan.js';
import { briefNudgeMessage, briefProposalMessage, briefSharedMessage, midweekProposalLine } from './briefs.js';
import { reminderMessage, reminderSetMessage } from './reminders.js';
import { reviewMessage } from './review.js';
import {
  midweekAnsweredMessage,
  midweekCheckMessage,
  nudgeMessage,
  pairIntroMessage,
  pairingAnnouncement,
  recapMessage,
  streakAtRiskMessage,
} from './scheduled.js';

function confirmation({ call, progress, completedNow, callbackOf, followUp }: CheckInConfirmationInput): RenderedMessage {
  const category = findCategory(progress.playbook, call.category);
  return checkInConfirmation({
    categoryTitle: category?.title ?? call.category,
    ...(category ? { categoryEmoji: category.emoji } : {}),
    ...(call.contact_name.trim() !== '' ? { personName: call.contact_name } : {}),
    outcome: call.outcome,
    logged: progress.suggestion.logged,
    goal: progress.goal,
    streak: progress.streak.current,
    completedNow,
    callId: call.id,
    callbackOf: callbackOf ?? null,
    followUp: followUp ?? null,
  });
}

export function renderMessage(m: DomainMessage): RenderedMessage {
  switch (m.kind) {
    case 'weeklyPlan':
      return weeklyPlanMessage(m);
    case 'pairingAnnouncement':
      return pairingAnnouncement({ week: m.week, groups: m.groups, circleName: m.circleName });
    case 'pairIntro':
      return pairIntroMessage({
        week: m.week,
        groupId: m.groupId,
        memberSlackUserIds: m.members.map((x) => x.slackUserId),
        plans: m.members.map((x) => ({ slackUserId: x.slackUserId, categoryTitles: x.plan.map((c) => c.title) })),
      });
    case 'midweekCheck':
      return midweekCheckMessage({ groupId: m.groupId, memberSlackUserIds: m.slackUserIds, proposalLine: m.proposal ? midweekProposalLine(m.proposal) : null });
    case 'midweekAnswered':
      return midweekAnsweredMessage({ groupId: m.groupId, answer: m.answer, answeredBySlackUserId: m.slackUserId, answers: m.answers, callLogged: m.callLogged });
    case 'nudge': {
      const c = m.suggestion.category;
      return nudgeMessage({ suggestion: c ? { title: c.title, why: c.why, emoji: c.emoji, key: c.key } : null, logged: m.suggestion.logged, goal: m.goal });
    }
    case 'streakAtRisk':
      return streakAtRiskMessage({ streak: m.streak, logged: m.logged, goal: m.goal });
    case 'recap':
      return recapMessage({ circleName: m.circleName, week: m.week, figures: m.figures, leaderboard: m.leaderboard, teamStreak: m.teamStreak });
    case 'checkInConfirmation':
      return confirmation(m);
    case 'greeting':
      return greetingMessage();
    case 'reminder':
      return reminderMessage(m);
    case 'reminderSet':
      return reminderSetMessage({ contactName: m.contactName, date: m.date, time: m.time, kind: m.reminderKind });
    case 'briefShared':
      return briefSharedMessage(m);
    case 'briefProposal':
      return briefProposalMessage(m);
    case 'briefNudge':
      return briefNudgeMessage(m);
    case 'review':
      return reviewMessage(m);
    case 'birthdayNote':
      return birthdayNoteMessage(m);
    case 'installWelcome':
      return installWelcomeMessage(m);
  }
}
