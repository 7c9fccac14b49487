// The app's timetable (nextScheduledEvent), on PGlite and PostgreSQL: the sandbox's "Next event" comes
// from it, so it must follow every circle's settings, the members' zones and their nudges.
import { expect, it } from 'vitest';
import { nextScheduledEvent } from '../../src/services/schedule.js';
import { ensureCircle, updateCircle } from '../../src/store/circles.js';
import { ensureMember, setMemberCircle, updateMember } from '../../src/store/members.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

const WS = 'TTIMETABLE';

describeDb('the app\'s timetable', (ctx) => {
  it('walks through a week: plans by zone, pairing before the first plan, mid-week check, at-risk nudges, recap; then follows an admin\'s changes', async () => {
    const { db } = ctx();
    const at = new Date('2026-11-20T12:00:00Z');
    await upsertWorkspace(db, { id: WS, at });
    const circle = (await ensureCircle(db, WS, { channelId: 'C1', name: 'five-calls', createdBy: 'U1', tz: 'America/New_York', at })).circle;
    const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney'];
    const ids: number[] = [];
    for (const [i, tz] of zones.entries()) {
      const m = (await ensureMember(db, WS, { slackUserId: `U${i + 1}`, displayName: `M${i + 1}`, slackTz: tz, at })).member;
      await setMemberCircle(db, WS, m.id, circle.id, at);
      ids.push(m.id);
    }
    const walk = async (from: string, n: number): Promise<string[]> => {
      let t = new Date(from);
      const labels: string[] = [];
      for (let i = 0; i < n; i++) {
        const e = await nextScheduledEvent(db, t);
        if (!e) break;
        expect(e.at.getTime()).toBeGreaterThan(t.getTime());
        labels.push(`${e.at.toISOString()} ${e.label}`);
        t = e.at;
      }
      return labels;
    };
    const week = await walk('2026-11-22T12:00:00Z', 10); // Sunday
    expect(week.slice(0, 4)).toEqual([
      '2026-11-22T22:00:00.000Z Soundboard pairing + Weekly plans (Sydney)',
      '2026-11-23T03:30:00.000Z Weekly plans (Kolkata)',
      '2026-11-23T08:00:00.000Z Weekly plans (Berlin)',
      '2026-11-23T14:00:00.000Z Weekly plans (New York)',
    ]);
    expect(week).toContain('2026-11-26T15:00:00.000Z Mid-week check');
    expect(week).toContain('2026-11-26T04:00:00.000Z Streak-at-risk nudges (Sydney)');
    expect(week).toContain('2026-11-27T21:00:00.000Z Weekly recap');

    // An admin moves the plans to Tuesday 07:30 and the recap to Thursday 12:00 in Berlin; pairing goes off.
    await updateCircle(db, WS, circle.id, { plan_day: 2, plan_time: '07:30', recap_day: 4, recap_time: '12:00', tz: 'Europe/Berlin', pairing_enabled: false });
    await updateMember(db, WS, ids[0]!, { nudge_enabled: true, nudge_time: '08:15' });
    const changed = await walk('2026-11-22T12:00:00Z', 14);
    expect(changed[0]).toBe('2026-11-23T13:15:00.000Z Daily nudges (New York)');
    expect(changed).toContain('2026-11-23T20:30:00.000Z Weekly plans (Sydney)');
    expect(changed).toContain('2026-11-24T06:30:00.000Z Weekly plans (Berlin)');
    expect(changed).toContain('2026-11-26T11:00:00.000Z Weekly recap');
    expect(changed.join('\n')).not.toMatch(/pairing|Mid-week/);
    expect(changed.join('\n')).not.toContain('2026-11-27T21:00:00.000Z');
  });

  it('knows nothing when nobody uses the app', async () => {
    expect(await nextScheduledEvent(ctx().db, new Date('2026-11-22T12:00:00Z'), { workspaceIds: ['TNOBODY'] })).toBeNull();
  });
});
