// src/store/members.ts.
import { expect, it } from 'vitest';
import { memberTimeZone } from '../../src/domain/members.js';
import { ensureMember, getMemberBySlackId, markGreeted, updateMember } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

const now = new Date('2026-11-24T12:00:00Z');

describeDb('members store', (ctx) => {
  it('creates a member once and greets once, scoped to the workspace', async () => {
    const { db } = ctx();
    await upsertWorkspace(db, { id: 'T2', at: now });
    await upsertWorkspace(db, { id: 'T3', at: now });
    const first = await ensureMember(db, 'T2', { slackUserId: 'U1', displayName: 'Ada', slackTz: 'Europe/Berlin', at: now });
    const again = await ensureMember(db, 'T2', { slackUserId: 'U1', displayName: 'changed', at: now });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.member.id).toBe(first.member.id);
    expect(again.member.display_name).toBe('Ada');
    expect(await getMemberBySlackId(db, 'T3', 'U1')).toBeUndefined();
    expect(await markGreeted(db, 'T2', first.member.id, now)).toBe(true);
    expect(await markGreeted(db, 'T2', first.member.id, now)).toBe(false);
    expect(memberTimeZone(first.member)).toBe('Europe/Berlin');
    const updated = await updateMember(db, 'T2', first.member.id, { tz_override: 'Asia/Kolkata', lane: 'design' });
    expect(memberTimeZone(updated)).toBe('Asia/Kolkata');
  });
});
