// src/jobs/rate-limiter.ts with budgets in the database: two limiters (two replicas) on one database
// book one workspace's slots from one budget, a 429 seen by one pauses the other, and each workspace
// has its own budget.
import { expect, it } from 'vitest';
import { databaseBudgets, SlackRateLimiter } from '../../src/jobs/rate-limiter.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import { describeDb } from '../helpers/db.js';

describeDb('shared rate budgets', (ctx) => {
  const at = new Date('2026-11-24T12:00:00Z');
  const setup = async () => {
    const { db } = ctx();
    for (const ws of ['TRL1', 'TRL2']) await upsertWorkspace(db, { id: ws, at });
    let now = 1_900_000_000_000;
    const slots: { who: string; ws: string; at: number }[] = [];
    const replica = (who: string) => {
      const limiter = new SlackRateLimiter({ perMinute: { 'conversations.open': 60 }, safety: 1, burstFraction: 0 }, () => now, async () => {}, databaseBudgets(db));
      return {
        limiter,
        take: async (ws: string) => {
          let wait = 0;
          await limiter.acquire(ws, 'conversations.open', undefined, async (ms) => {
            wait = ms;
          });
          slots.push({ who, ws, at: now + wait });
        },
      };
    };
    return { db, slots, replica, advance: (ms: number) => (now += ms), now: () => now };
  };

  it('two replicas book one budget: one call a second between them, not one each', async () => {
    const { slots, replica } = await setup();
    const a = replica('a');
    const b = replica('b');
    for (let i = 0; i < 5; i++) {
      await a.take('TRL1');
      await b.take('TRL1');
    }
    const times = slots.map((s) => s.at).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(times.at(-1)! - times[0]!).toBe(9 * 1000);
  });

  it('a 429 seen by one replica holds the other back; another workspace is not slowed', async () => {
    const { slots, replica, now } = await setup();
    const a = replica('a');
    const b = replica('b');
    a.limiter.pause('TRL1', 'conversations.open', 30_000);
    await new Promise((r) => setTimeout(r, 200)); // the pause is written in the background
    await b.take('TRL1');
    await b.take('TRL2');
    const t1 = slots.find((s) => s.ws === 'TRL1')!;
    const t2 = slots.find((s) => s.ws === 'TRL2')!;
    expect(t1.at).toBeGreaterThanOrEqual(now() + 30_000);
    expect(t2.at).toBe(now());
  });
});
