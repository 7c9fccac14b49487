// src/services/members.ts: first contact creates, looks up and greets a member once.
import { expect, it } from 'vitest';
import { knownMember } from '../../src/services/members.js';
import { describeDb } from '../helpers/db.js';
import { serviceFixture, SVC_WS as WS } from '../helpers/rows.js';
import { renderMessage } from '../../src/slack/views/messages.js';

describeDb('members service', (ctx) => {
  const { clock, db } = serviceFixture(ctx);

  it('knownMember creates and greets once, even when racing; a known member costs no lookup', async () => {
    let lookups = 0;
    const lookup = async () => {
      lookups++;
      return { displayName: 'Rae', tz: 'Not/AZone', isAdmin: true };
    };
    const results = await Promise.all([1, 2, 3].map(() => knownMember({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, slackUserId: 'URACE', lookup })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.greeted)).toHaveLength(1);
    expect(results[0]!.member).toMatchObject({ slack_tz: 'UTC', display_name: 'Rae', is_admin: true });
    const outbox = await db().selectFrom('outbox').selectAll().where('dedupe_key', 'like', 'greet:%').execute();
    expect(outbox).toHaveLength(1);
    const before = lookups;
    const again = await knownMember({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, slackUserId: 'URACE', lookup });
    expect(again).toMatchObject({ created: false, greeted: false });
    expect(lookups).toBe(before);
  });

  it('knownMember looks a user up again when users.info failed at first contact, and reactivates an unreachable member', async () => {
    const failing = async () => {
      throw new Error('users.info: internal_error');
    };
    const first = await knownMember({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, slackUserId: 'UFLAKY', lookup: failing });
    expect(first.member).toMatchObject({ slack_tz: 'UTC', display_name: '' });
    const again = await knownMember({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, slackUserId: 'UFLAKY', lookup: async () => ({ displayName: 'Flo', tz: 'Europe/Paris', isAdmin: false }) });
    expect(again.member).toMatchObject({ slack_tz: 'Europe/Paris', display_name: 'Flo' });
    expect(again.greeted).toBe(false);

    await db().updateTable('members').set({ status: 'inactive' }).where('id', '=', again.member.id).execute();
    let lookups = 0;
    const counted = async () => {
      lookups++;
      return null;
    };
    const back = await knownMember({ db: db(), clock: clock, messages: renderMessage }, { workspaceId: WS, slackUserId: 'UFLAKY', lookup: counted });
    expect(back.member.status).toBe('active');
    expect(lookups).toBe(0);
  });
});
