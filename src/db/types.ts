/**
 * Table types for Kysely. bigint ids and counts come back as numbers on both drivers (see db/index.ts);
 * `date` columns come back as 'YYYY-MM-DD' strings; timestamptz as Date.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/**
 * A stamp the app must write: the Clock's instant, required on insert (the columns have no `now()`
 * default, see migrations/20261201T2100_clock_stamps.ts).
 */
type Stamp = ColumnType<Date, Date, Date>;
type Id = Generated<number>;
type Json<T> = ColumnType<T, string, string>;

export interface WorkspacesTable {
  id: string;
  name: string | null;
  domain: string | null;
  bot_user_id: string | null;
  status: Generated<'active' | 'uninstalled'>;
  created_at: Stamp;
  /** The Enterprise Grid org the workspace belongs to (an org-wide install's token serves it). */
  enterprise_id: string | null;
  /** When the app was uninstalled or its tokens revoked: the data is deleted DATA_RETENTION_DAYS later. */
  uninstalled_at: Timestamp | null;
}

export interface InstallationsTable {
  workspace_id: string;
  enterprise_id: string | null;
  app_id: string | null;
  bot_user_id: string | null;
  /** The bot token sealed with AES-256-GCM (see store/token-cipher.ts); null once revoked. */
  bot_token_enc: string | null;
  /** Which key sealed it (rotation re-seals rows whose key is not the current one). */
  bot_token_key_id: string | null;
  bot_id: string | null;
  is_enterprise_install: Generated<boolean>;
  team_name: string | null;
  enterprise_name: string | null;
  scopes: string | null;
  installed_by: string | null;
  installed_at: Stamp;
  updated_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface CirclesTable {
  id: Id;
  workspace_id: string;
  channel_id: string;
  name: string | null;
  created_by: string;
  tz: Generated<string>;
  playbook: Generated<string>;
  goal: Generated<number>;
  plan_day: Generated<number>;
  plan_time: Generated<string>;
  recap_day: Generated<number>;
  recap_time: Generated<string>;
  pairing_enabled: Generated<boolean>;
  team_threshold: Generated<number>;
  status: Generated<'active' | 'inactive'>;
  created_at: Stamp;
}

export interface MembersTable {
  id: Id;
  workspace_id: string;
  slack_user_id: string;
  display_name: Generated<string>;
  circle_id: number | null;
  joined_circle_at: Timestamp | null;
  slack_tz: Generated<string>;
  tz_override: string | null;
  lane: string | null;
  nudge_enabled: Generated<boolean>;
  nudge_time: Generated<string>;
  board_visible: Generated<boolean>;
  pairing_opt_out: Generated<boolean>;
  is_admin: Generated<boolean>;
  status: Generated<'active' | 'inactive'>;
  greeted_at: Timestamp | null;
  created_at: Stamp;
  /** Working hours, local `HH:MM` (09:00–18:00 unless set). */
  work_start: Generated<string>;
  work_end: Generated<string>;
}

export interface PausesTable {
  id: Id;
  workspace_id: string;
  member_id: number;
  first_week: string;
  last_week: string;
  until_date: string | null;
  resumed_at: Timestamp | null;
  created_at: Stamp;
}

export interface PlansTable {
  id: Id;
  workspace_id: string;
  member_id: number;
  week: string;
  circle_id: number | null;
  playbook: string;
  goal: number;
  categories: Json<string[]>;
  created_at: Stamp;
}

export interface ContactsTable {
  id: Id;
  workspace_id: string;
  member_id: number;
  name: string;
  slack_user_id: string | null;
  last_called_on: string | null;
  created_at: Stamp;
  /** Playbook category keys this person fits (the member's choice). */
  categories: Generated<string[]>;
  birthday_month: number | null;
  birthday_day: number | null;
  how_we_know: string | null;
  /** Private to the member. */
  notes: string | null;
  archived_at: Date | null;
  last_outcome: Outcome | null;
  calls_count: Generated<number>;
  conversations_count: Generated<number>;
  /** The last day the member asked them for a time by message (not a call). */
  asked_for_time_on: string | null;
  updated_at: Date | null;
}

export type Outcome = 'conversation' | 'voicemail' | 'no_answer';

export interface CallsTable {
  id: Id;
  workspace_id: string;
  member_id: number;
  circle_id: number | null;
  week: string;
  call_date: string;
  contact_id: number | null;
  contact_name: string;
  contact_user_id: string | null;
  category: string;
  outcome: Outcome;
  minutes: number | null;
  is_callback: Generated<boolean>;
  opportunity: Generated<boolean>;
  follow_up_on: string | null;
  notes: string | null;
  source: Generated<'modal' | 'pair_check' | 'import'>;
  idempotency_key: string;
  created_at: Stamp;
  /** A callback: the earlier unanswered call with the same person it answers. */
  callback_of: Generated<number | null>;
}

/**
 * Calls and conversations per member and week, kept by a trigger on `calls` (migration
 * 20261202T0100_member_weeks): read-only for the app. A row exists only for a week with calls.
 */
export interface MemberWeeksTable {
  workspace_id: string;
  member_id: number;
  week: string;
  calls: number;
  conversations: number;
}

/**
 * Calls by outcome per circle (the one each call was logged in), member and week, kept by a trigger on
 * `calls` (migration 20261203T0100_circle_member_weeks): read-only for the app. A row exists only for a
 * circle, member and week with calls.
 */
export interface CircleMemberWeeksTable {
  workspace_id: string;
  circle_id: number;
  week: string;
  member_id: number;
  calls: number;
  conversations: number;
  voicemails: number;
  no_answers: number;
}

/**
 * A member's calls per week, two bytes a week from `first_week` (a week number, the domain's weekIndex),
 * kept by a trigger on `calls` (migration 20261204T0100_member_call_series): read-only for the app, and
 * read as a slice (see store/circle-stats.ts).
 */
export interface MemberCallSeriesTable {
  workspace_id: string;
  member_id: number;
  first_week: number;
  weeks: Buffer;
}

export interface PairingsTable {
  id: Id;
  workspace_id: string;
  circle_id: number;
  week: string;
  seed: string;
  created_at: Stamp;
}

export interface PairingGroupsTable {
  id: Id;
  workspace_id: string;
  pairing_id: number;
  position: number;
  dm_channel_id: string | null;
  /** The call time proposed once everyone shared their brief. */
  proposed_call_at: Generated<Date | null>;
  proposal_overlap: Generated<boolean | null>;
}

export type Talked = 'yes' | 'not_yet' | 'cant';

export interface PairingMembersTable {
  workspace_id: string;
  group_id: number;
  member_id: number;
  talked: Talked | null;
  answered_at: Timestamp | null;
}

export interface RecapsTable {
  id: Id;
  workspace_id: string;
  circle_id: number;
  week: string;
  figures: Json<Record<string, unknown>>;
  created_at: Stamp;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxTable {
  id: Id;
  workspace_id: string;
  dedupe_key: string;
  kind: string;
  method: string;
  channel_key: string;
  payload: Json<Record<string, unknown>>;
  member_id: number | null;
  circle_id: number | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  /** 1 = an answer to a person (claimed first), 0 = scheduled. */
  priority: Generated<number>;
  not_before: Stamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  result: Json<Record<string, unknown>> | null;
  created_at: Stamp;
  sent_at: Timestamp | null;
}

export interface SlackEventsTable {
  event_id: string;
  workspace_id: string;
  type: string;
  received_at: Stamp;
}

export interface JobMarksTable {
  workspace_id: string;
  key: string;
  done_at: Stamp;
}

/** A workspace+method rate budget shared by the replicas (epoch ms of their wall clocks). */
export interface RateBudgetsTable {
  workspace_id: string;
  method: string;
  tat_ms: number;
  last_slot_ms: number;
  paused_until_ms: Generated<number>;
}

/** chat.postMessage's per-channel spacing shared by the replicas: the last slot booked for a channel (epoch ms). */
export interface ChannelSlotsTable {
  workspace_id: string;
  /** A hash of the channel id (a DM's channel is a member's user id). */
  channel_hash: string;
  slot_ms: number;
}

export type ReminderKind = 'follow_up' | 'retry' | 'scheduled';
export type ReminderStatus = 'pending' | 'sent' | 'done';

export interface RemindersTable {
  id: Id;
  workspace_id: string;
  member_id: number;
  contact_id: number | null;
  contact_name: string;
  call_id: number | null;
  category: string | null;
  kind: ReminderKind;
  /** The member's local date and time the reminder is for; `due_at` is that instant in their zone. */
  due_on: string;
  due_time: string;
  due_at: Timestamp;
  generation: Generated<number>;
  status: Generated<ReminderStatus>;
  dedupe_key: string;
  sent_at: Timestamp | null;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface BriefsTable {
  id: Id;
  workspace_id: string;
  member_id: number;
  group_id: number;
  working_on: string;
  ideas: string;
  unsure: string | null;
  version: Generated<number>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface Database {
  reminders: RemindersTable;
  briefs: BriefsTable;
  workspaces: WorkspacesTable;
  installations: InstallationsTable;
  circles: CirclesTable;
  members: MembersTable;
  pauses: PausesTable;
  plans: PlansTable;
  contacts: ContactsTable;
  calls: CallsTable;
  member_weeks: MemberWeeksTable;
  member_call_series: MemberCallSeriesTable;
  circle_member_weeks: CircleMemberWeeksTable;
  pairings: PairingsTable;
  pairing_groups: PairingGroupsTable;
  pairing_members: PairingMembersTable;
  recaps: RecapsTable;
  outbox: OutboxTable;
  slack_events: SlackEventsTable;
  job_marks: JobMarksTable;
  rate_budgets: RateBudgetsTable;
  channel_slots: ChannelSlotsTable;
}

export type Workspace = Selectable<WorkspacesTable>;
export type Circle = Selectable<CirclesTable>;
export type NewCircle = Insertable<CirclesTable>;
export type CircleUpdate = Updateable<CirclesTable>;
export type Member = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;
export type MemberUpdate = Updateable<MembersTable>;
export type Pause = Selectable<PausesTable>;
export type Plan = Selectable<PlansTable>;
export type Contact = Selectable<ContactsTable>;
export type Call = Selectable<CallsTable>;
export type NewCall = Insertable<CallsTable>;
export type Pairing = Selectable<PairingsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type Reminder = Selectable<RemindersTable>;
export type Brief = Selectable<BriefsTable>;
