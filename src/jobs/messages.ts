/** The scheduled jobs' messages, rendered with the Block Kit builders in src/slack/views/. */
import type { ScheduledMessages } from '../services/scheduled-messages.js';
import { weeklyPlanMessage } from '../slack/views/plan.js';
import {
  midweekAnsweredMessage,
  midweekCheckMessage,
  nudgeMessage,
  pairIntroMessage,
  pairingAnnouncement,
  recapMessage,
  streakAtRiskMessage,
} from '../slack/views/scheduled.js';

export const slackScheduledMessages: ScheduledMessages = {
  weeklyPlan: (i) => weeklyPlanMessage(i),
  pairingAnnouncement: (i) => pairingAnnouncement({ week: i.week, groups: i.groups, circleName: i.circleName }),
  pairIntro: (i) =>
    pairIntroMessage({
      week: i.week,
      memberSlackUserIds: i.members.map((m) => m.slackUserId),
      plans: i.members.map((m) => ({ slackUserId: m.slackUserId, categoryTitles: m.plan.map((c) => c.title) })),
    }),
  midweekCheck: (i) => midweekCheckMessage({ groupId: i.groupId, memberSlackUserIds: i.slackUserIds }),
  midweekAnswered: (i) =>
    midweekAnsweredMessage({ groupId: i.groupId, answer: i.answer, answeredBySlackUserId: i.slackUserId, answers: i.answers, callLogged: i.callLogged }),
  nudge: (i) =>
    nudgeMessage({
      suggestion: i.suggestion.category ? { title: i.suggestion.category.title, why: i.suggestion.category.why, emoji: i.suggestion.category.emoji, key: i.suggestion.category.key } : null,
      logged: i.suggestion.logged,
      goal: i.goal,
    }),
  streakAtRisk: (i) => streakAtRiskMessage({ streak: i.streak, logged: i.logged, goal: i.goal }),
  recap: (i) => recapMessage({ circleName: i.circleName, week: i.week, figures: i.figures, leaderboard: i.leaderboard, teamStreak: i.teamStreak }),
};
