/**
 * What the bot says, as domain-level models. Services decide what to say and enqueue the model, rendered
 * by the one renderer the composition root injects (`messages` in {@link ServiceContext}: the Block Kit
 * builders of src/slack/views/, see `renderMessage`). Services stay free of Slack code.
 */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Call, Outcome, ReminderKind } from '../db/types.js';
import type { ReviewFigures } from '../domain/review.js';
import type { CategorySuggestion } from '../domain/people.js';
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
  /** Per category, the person to call from the member's own list, and the member's local date. */
  suggestions?: CategorySuggestion[];
  today?: string;
  /** The member's local time when the plan is made (`HH:MM`): the greeting fits it. */
  localTime?: string;
  /** A plan made late in the week: the categories of the calls already logged this week (one per call). */
  loggedCategories?: string[];
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
  /** The call time proposed from the briefs, when everyone shared (each person's own time). */
  proposal?: ProposedTime | null;
}

/** A proposed call time as each partner sees it. */
export interface ProposedTime {
  overlap: boolean;
  /** The instant, ISO. */
  at: string;
  people: { slackUserId: string; date: string; time: string; city: string }[];
}

export interface ReminderInput {
  reminderId: number;
  reminderKind: ReminderKind;
  contactId: number | null;
  contactName: string;
  category: string | null;
  categoryTitle: string | null;
  /** A follow-up's note, first line only (the DM goes to the note's author alone). */
  noteLine: string | null;
  /** The call the reminder came from (a follow-up's or a retry's). */
  earlierCall: { date: string; outcome: Outcome } | null;
  dueOn: string;
  dueTime: string;
}

export interface BriefSharedInput {
  groupId: number;
  slackUserId: string;
  workingOn: string;
  ideas: string;
  unsure: string | null;
  /** 1 the first time; more when the member shared again. */
  version: number;
  /** Who in the group has not shared yet. */
  waitingFor: string[];
}

export interface BriefProposalInput extends ProposedTime {
  groupId: number;
}

export interface BriefNudgeInput {
  groupId: number;
  /** The partners (Slack ids), and which of them already shared. */
  partners: string[];
  shared: string[];
}

export interface ReviewInput {
  figures: ReviewFigures;
  /** Titles of the categories named in the figures. */
  categoryTitles: Record<string, string>;
  /** True for the four-weekly DM; false when asked for with /calls review. */
  scheduled: boolean;
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
  /** A callback: the earlier unanswered call it answers. */
  callbackOf?: { date: string; outcome: Outcome } | null;
  /** The follow-up reminder the call set, if any (its local date and time). */
  followUp?: { date: string; time: string } | null;
}

export interface BirthdayNoteInput {
  /** The member's local date. */
  date: string;
  /** The member's own people whose birthday it is. */
  people: { id: number; name: string }[];
  /** The playbook's birthday category key, or '' when the playbook has none. */
  category: string;
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
  | ({ kind: 'reminder' } & ReminderInput)
  | { kind: 'reminderSet'; contactName: string; date: string; time: string; reminderKind: 'retry' | 'scheduled' }
  | ({ kind: 'briefShared' } & BriefSharedInput)
  | ({ kind: 'briefProposal' } & BriefProposalInput)
  | ({ kind: 'briefNudge' } & BriefNudgeInput)
  | ({ kind: 'review' } & ReviewInput)
  | ({ kind: 'birthdayNote' } & BirthdayNoteInput)
  | { kind: 'greeting' }
  | ({ kind: 'installWelcome' } & InstallWelcomeInput);

export interface InstallWelcomeInput {
  /** The workspace (or org) name, if Slack gave one. */
  workspaceName: string | null;
  /** A re-install within the retention period: the history is still there. */
  returning: boolean;
  /** The re-install started fresh: the previous history was deleted. */
  fresh: boolean;
}

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
