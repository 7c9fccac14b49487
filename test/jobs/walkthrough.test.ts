/**
 * Walk-through: a circle of 12 members in 4 time zones through 3 weeks with the scheduler, the outbox
 * worker and the emulator, driven by a SettableClock in 30-minute steps (the emulator stamps messages
 * with the same clock).
 */
import { expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { pairsOf } from '../../src/domain/pairing.js';
import { addWeeks, instantAt, localDateOf, weekKeyOf } from '../../src/domain/weeks.js';
import { insertCallOnce } from '../../src/store/calls.js';
import { insertPause } from '../../src/store/pauses.js';
import { memberTimeZone } from '../../src/domain/members.js';
import { updateMember } from '../../src/store/members.js';
import { describeDb } from '../helpers/db.js';
import { startEmulator } from '../helpers/emulator.js';
import { memoryLogger } from '../helpers/logger.js';
import { WS, seedCircle } from './seed.js';
import { renderMessage } from '../../src/slack/views/messages.js';

const ZONES = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney'];
const WEEKS = ['2026-W48', '2026-W49', '2026-W50'];
const STEP = 30 * 60_000;

describeDb('walk-through: 12 members, 4 zones, 3 weeks', (ctx, kind) => {
  it('plans at local instants, fresh pairs, a pause honoured, one recap a week matching the calls', async () => {
    const { db } = ctx();
    const clock = new SettableClock('2026-11-22T12:00:00Z'); // Sunday of W47 everywhere
    const env = await startEmulator({ now: () => clock.now() });
    try {
      const { circleId, channelId, members } = await seedCircle(db, env.emu, {
        name: 'walkers', tz: 'Europe/London', zones: ZONES, size: 12, at: clock.now(), lanes: ['sales', 'design', 'eng'],
      });
      const paused = members[5]!;
      await insertPause(db, { workspaceId: WS, memberId: paused.id, firstWeek: WEEKS[1]!, lastWeek: WEEKS[1]!, at: clock.now() });
      await updateMember(db, WS, members[0]!.id, { nudge_enabled: true, nudge_time: '11:00' });
      // Warnings and errors are kept, so that a failure below says what went wrong at the time.
      const { logger, logs } = memoryLogger('warn');
      const scheduler = startScheduler({ db, clock, logger, messages: renderMessage, cron: false, tickOnStart: false });
      const worker = createOutboxWorker({ db, dbKind: kind, clientFor: env.clientFor, clock, logger, limits: { perChannelIntervalMs: 0, scale: 50 } });
      const logged = new Map<string, number>(); // week -> calls logged in the circle
      const end = new Date('2026-12-13T10:00:00Z').getTime();
      let n = 0;
      while (clock.now().getTime() < end) {
        clock.advance(STEP);
        // Every Wednesday 12:00 UTC, each active member logs a few calls (member i logs i % 6).
        const now = clock.now();
        if (now.getUTCDay() === 3 && now.getUTCHours() === 12 && now.getUTCMinutes() === 0) {
          for (const [i, m] of members.entries()) {
            const tz = memberTimeZone(m);
            const week = weekKeyOf(now, tz);
            for (let k = 0; k < i % 6; k++) {
              await insertCallOnce(db, {
                workspace_id: WS, member_id: m.id, circle_id: circleId, week, call_date: localDateOf(now, tz), contact_id: null,
                contact_name: `Contact ${k}`, contact_user_id: null, category: ['soundboard', 'stretch', 'outside-lane', 'past-collaborator', 'younger-mentor'][k]!,
                outcome: k % 2 ? 'voicemail' : 'conversation', minutes: 10, follow_up_on: null, notes: 'private', idempotency_key: `walk:${m.id}:${week}:${k}`, created_at: now,
              });
              logged.set(week, (logged.get(week) ?? 0) + 1);
            }
          }
        }
        await scheduler.tick();
        await worker.drain();
        n++;
      }
      await scheduler.stop();
      expect(n).toBeGreaterThan(900);
      expect(logs, 'warnings and errors logged by the scheduler and the worker').toEqual([]);
      // Nothing failed on the way, so every message went out at its first attempt.
      const retried = await db.selectFrom('outbox').select(['dedupe_key', 'attempts', 'last_error', 'created_at', 'sent_at']).where('attempts', '!=', 1).execute();
      expect(retried, 'messages sent after more than one attempt').toEqual([]);

      // Plans: one per member-week at the member's Monday 09:00, none in a paused week.
      for (const m of members) {
        const tz = memberTimeZone(m);
        const plans = env.emu.dmMessages(m.slack_user_id).filter((x) => /^Your \d+ calls for/.test(x.text));
        const expected = WEEKS.filter((w) => !(m.id === paused.id && w === WEEKS[1]));
        expect(plans.map((p) => Math.round(Number(p.ts)) * 1000), `plan instants for ${m.display_name} (${tz})`).toEqual(
          expected.map((w) => instantAt(w, 1, '09:00', tz).getTime()),
        );
      }
      // Pairs never repeat across the three weeks; the paused member is not paired in week 2.
      const groups = await db
        .selectFrom('pairings as p')
        .innerJoin('pairing_groups as g', 'g.pairing_id', 'p.id')
        .innerJoin('pairing_members as pm', 'pm.group_id', 'g.id')
        .select(['p.week', 'g.id', 'pm.member_id'])
        .where('p.circle_id', '=', circleId)
        .execute();
      const byGroup = new Map<number, { week: string; ids: string[] }>();
      for (const r of groups) {
        const g = byGroup.get(r.id) ?? { week: r.week, ids: [] };
        g.ids.push(String(r.member_id));
        byGroup.set(r.id, g);
      }
      const weeksPaired = [...new Set([...byGroup.values()].map((g) => g.week))].sort();
      expect(weeksPaired).toEqual(WEEKS);
      const allPairs = pairsOf([...byGroup.values()].map((g) => g.ids)).map(([a, b]) => `${a}-${b}`);
      expect(new Set(allPairs).size).toBe(allPairs.length);
      const week2 = [...byGroup.values()].filter((g) => g.week === WEEKS[1]).flatMap((g) => g.ids);
      expect(week2).not.toContain(String(paused.id));
      expect(week2).toHaveLength(11);
      // Group DMs: one intro and one mid-week check per group.
      const mpims = env.emu.conversations().filter((c) => c.is_mpim);
      const introCount = mpims.reduce((s, c) => s + env.emu.messages(c.id).filter((m) => m.text.startsWith("You're soundboard partners")).length, 0);
      expect(introCount).toBe(byGroup.size);
      const checkCount = mpims.reduce((s, c) => s + env.emu.messages(c.id).filter((m) => m.text.startsWith('Mid-week check')).length, 0);
      expect(checkCount).toBe(byGroup.size);

      // Recaps: one per week, at Friday 16:00 London, figures matching the calls logged.
      const channelMsgs = env.emu.messages(channelId);
      const recapRows = await db.selectFrom('recaps').selectAll().where('circle_id', '=', circleId).orderBy('week').execute();
      expect(recapRows.map((r) => r.week)).toEqual(WEEKS);
      for (const r of recapRows) {
        const figures = r.figures as unknown as { totals: { calls: number }; activeMembers: number };
        expect(figures.totals.calls, `calls in ${r.week}`).toBe(logged.get(r.week) ?? 0);
        expect(figures.activeMembers).toBe(r.week === WEEKS[1] ? 11 : 12);
        expect(JSON.stringify(r.figures)).not.toContain('private');
      }
      const recapPosts = await db.selectFrom('outbox').select(['dedupe_key', 'result', 'sent_at']).where('kind', '=', 'recap').orderBy('id').execute();
      expect(recapPosts).toHaveLength(3);
      for (const [i, p] of recapPosts.entries()) {
        expect(new Date(p.sent_at!).getTime()).toBe(instantAt(WEEKS[i]!, 5, '16:00', 'Europe/London').getTime());
        expect(channelMsgs.some((m) => m.ts === (p.result as { ts: string }).ts)).toBe(true);
      }
      // Nothing left undelivered, nothing failed; the nudged member got weekday nudges only.
      const left = await db.selectFrom('outbox').select(['dedupe_key', 'status']).where('status', '!=', 'sent').execute();
      expect(left).toEqual([]);
      const nudges = await db.selectFrom('outbox').select('dedupe_key').where('kind', '=', 'nudge').execute();
      expect(nudges.length).toBeGreaterThan(0);
      for (const x of nudges) {
        const date = x.dedupe_key.split(':')[2]!;
        expect([1, 2, 3, 4, 5]).toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
      }
      expect(addWeeks(WEEKS[0]!, 2)).toBe(WEEKS[2]);
    } finally {
      await env.emu.stop();
    }
  }, 180_000);
});
