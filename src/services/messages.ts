/**
 * What the bot says, as domain-level models. Services decide what to say and enqueue the model, rendered
 * by the one renderer the composition root injects (`messages` in {@link ServiceContext}: the Block Kit
 * builders of src/slack/views/, see `renderMessage`). Services stay free of Slack code.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Call } from '../db/types.js';
import type { Playbook } from '../domain/playbooks.js';
import type { LeaderboardRow, RecapFigures } from '../domain/recap.js';
import type { TodaySuggestion } from '../domain/today.js';
import type { MemberProgress } from './progress.js';

export interface RenderedMessage {
  text: string;
  blocks?: unknown[];
}

export interface PlanMessageInput {
  displayName: string;
  week: string;
  playbook: Playbook;
  goal: number;
  /** Whether the member is paired this week at all (in a circle with pairing on). */
  pairing: boolean;
  partnerSlackUserIds: string[];
  dates: { start: string; end: string };
}

export interface PairingAnnouncementInput {
  week: string;
  circleName: string | null;
  /** Slack user ids per group (pairs and at most one trio). */
  groups: string[][];
}

export interface PairIntroInput {
  week: string;
  groupId: number;
  members: { slackUserId: string; displayName: string; plan: { key: string; title: string }[] }[];
}

export interface MidweekCheckInput {
  week: string;
  groupId: number;
  slackUserIds: string[];
}

export interface MidweekAnsweredInput {
  groupId: number;
  /** Who clicked and what they said. */
  slackUserId: string;
  answer: 'yes' | 'not_yet' | 'cant';
  /** Every member's latest answer (null: not answered yet). */
  answers: { slackUserId: string; answer: 'yes' | 'not_yet' | 'cant' | null }[];
  /** True when this click logged the soundboard call (only the first Yes does). */
  callLogged: boolean;
}

export interface NudgeInput {
  displayName: string;
  week: string;
  playbook: Playbook;
  suggestion: TodaySuggestion;
  goal: number;
}

export interface StreakAtRiskInput {
  displayName: string;
  week: string;
  streak: number;
  logged: number;
  goal: number;
}

export interface RecapInputModel {
  week: string;
  circleName: string | null;
  goal: number;
  figures: RecapFigures;
  leaderboard: LeaderboardRow[];
  teamStreak: { current: number; best: number };
}

/** One week of the recap chart: counts only (no names, no notes). */
export interface RecapChartWeek {
  week: string;
  conversations: number;
  voicemails: number;
  noAnswer: number;
  /** The week's goal line in calls: the circle's goal times its active members. */
  goal: number;
  activeMembers: number;
  membersReached: number;
}

/**
 * A file a message carries, as a model: the outbox worker renders it (through the `files` renderer the
 * composition root injects), uploads it and shows it in the message; without it the text goes alone.
 * Stored in the outbox payload as `_file`, which is never sent to Slack as an argument.
 */
export type MessageFileModel = { kind: 'recapChart'; title: string; weeks: RecapChartWeek[] };

/** How many weeks the recap chart shows, the recap's own week last. */
export const RECAP_CHART_WEEKS = 12;

export interface CheckInConfirmationInput {
  call: Call;
  progress: MemberProgress;
  /** This call made the week complete: the count reached the goal just now, and the call is in this week. */
  completedNow: boolean;
}

/** Everything the bot says on its own or in answer, as a model; `kind` names the message. */
export type DomainMessage =
  | ({ kind: 'weeklyPlan' } & PlanMessageInput)
  | ({ kind: 'pairingAnnouncement' } & PairingAnnouncementInput)
  | ({ kind: 'pairIntro' } & PairIntroInput)
  | ({ kind: 'midweekCheck' } & MidweekCheckInput)
  | ({ kind: 'midweekAnswered' } & MidweekAnsweredInput)
  | ({ kind: 'nudge' } & NudgeInput)
  | ({ kind: 'streakAtRisk' } & StreakAtRiskInput)
  | ({ kind: 'recap' } & RecapInputModel)
  | ({ kind: 'checkInConfirmation' } & CheckInConfirmationInput)
  | { kind: 'greeting' };

/** Turns a message model into chat.postMessage arguments (without channel). */
export type MessageRenderer = (message: DomainMessage) => RenderedMessage;

/** What a use case needs: the database, the clock and the renderer of what it says. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
  messages: MessageRenderer;
}

/** Default day and time for members without a circle (solo): Monday 09:00 local. */
export const SOLO_PLAN_DAY = 1;
export const SOLO_PLAN_TIME = '09:00';
/** Mid-week pair check: Thursday 10:00 circle time. Streak at risk: Thursday 15:00 member time. */
export const PAIR_CHECK_DAY = 4;
export const PAIR_CHECK_TIME = '10:00';
export const AT_RISK_DAY = 4;
export const AT_RISK_TIME = '15:00';
