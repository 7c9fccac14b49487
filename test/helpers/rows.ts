/** Row builders for database tests: whole rows with plain defaults, the test's own values on top. */
import { SettableClock, type Clock } from '../../src/clock.js';
import type { Db } from '../../src/db/index.js';
import type { Member, NewCall } from '../../src/db/types.js';
import { knownMember } from '../../src/services/members.js';
import { renderMessage } from '../../src/slack/views/messages.js';

/** A `calls` row: a 15-minute stretch conversation with Grace on Tuesday 2026-11-24 (2026-W48). */
export function callRow(over: Pick<NewCall, 'workspace_id' | 'member_id' | 'idempotency_key' | 'created_at'> & Partial<NewCall>): NewCall {
  return {
    circle_id: null,
    week: '2026-W48',
    call_date: '2026-11-24',
    contact_id: null,
    contact_name: 'Grace',
    contact_user_id: null,
    category: 'stretch',
    outcome: 'conversation',
    minutes: 15,
    follow_up_on: null,
    notes: null,
    ...over,
  };
}

/**
 * Members made the way first contact makes them (`knownMember`: created and greeted), each with a new
 * Slack id, "Pat" in the zone asked for.
 */
export function memberMaker(db: () => Db, clock: Clock, workspaceId: string): (tz?: string) => Promise<Member> {
  let seq = 0;
  return async (tz = 'Europe/Berlin') => {
    const lookup = async () => ({ displayName: 'Pat', tz, isAdmin: false });
    return (await knownMember({ db: db(), clock: clock, messages: renderMessage }, { workspaceId, slackUserId: `U${++seq}SVC`, lookup })).member;
  };
}

/** The services tests' workspace and moment: Wednesday 2026-11-25, 12:00 UTC (2026-W48). */
export const SVC_WS = 'T0SVC';
export const SVC_NOW = new Date('2026-11-25T12:00:00Z');

/** For a `describeDb` of services: a settable clock at SVC_NOW, the file's database and a member maker. */
export function serviceFixture(ctx: () => { db: Db }): { clock: SettableClock; db: () => Db; newMember: (tz?: string) => Promise<Member> } {
  const clock = new SettableClock(SVC_NOW);
  const db = () => ctx().db;
  return { clock, db, newMember: memberMaker(db, clock, SVC_WS) };
}
