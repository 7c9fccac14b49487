/** Every migration, in order. A test fails when a file in this folder is missing here. */
import type { Migration } from 'kysely/migration';
import * as initial from './20261124T1830_initial.js';
import * as outboxPriority from './20261124T2100_outbox_priority.js';
import * as clockStamps from './20261201T2100_clock_stamps.js';
import * as memberWeeks from './20261202T0100_member_weeks.js';
import * as callList from './20261202T0200_call_list.js';
import * as remindersBriefs from './20261202T0300_reminders_briefs.js';
import * as installations from './20261202T0400_installations.js';
import * as rateBudgets from './20261202T0410_rate_budgets.js';
import * as circleMemberWeeks from './20261203T0100_circle_member_weeks.js';
import * as callsCircleSetNull from './20261203T0200_calls_circle_set_null.js';
import * as channelSlots from './20261203T0300_channel_slots.js';
import * as memberCallSeries from './20261204T0100_member_call_series.js';

export const migrations: Record<string, Migration> = {
  '20261124T1830_initial': initial,
  '20261124T2100_outbox_priority': outboxPriority,
  '20261201T2100_clock_stamps': clockStamps,
  '20261202T0100_member_weeks': memberWeeks,
  '20261202T0200_call_list': callList,
  '20261202T0300_reminders_briefs': remindersBriefs,
  '20261202T0400_installations': installations,
  '20261202T0410_rate_budgets': rateBudgets,
  '20261203T0100_circle_member_weeks': circleMemberWeeks,
  '20261203T0200_calls_circle_set_null': callsCircleSetNull,
  '20261203T0300_channel_slots': channelSlots,
  '20261204T0100_member_call_series': memberCallSeries,
};
