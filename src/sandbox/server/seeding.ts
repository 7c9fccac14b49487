// A fresh sandbox seeds a demo workspace (three weeks of history through the real app), and marks
// what happened before today as read.

import { seedDemo } from '../seed.js';
import { nextEvent, tickSafely } from './clock.js';
import type { SandboxContext } from './context.js';
import { humans } from './workspace-json.js';

/** Seeds the demo workspace; true when it did. Without seeding, the empty workspace is kept as is. */
export async function seedFreshWorkspace(ctx: SandboxContext): Promise<boolean> {
  const { deps, emulator, clock, logger, store, live } = ctx;
  if (deps.seed === false) {
    store.seededAt = clock.now().toISOString();
    store.save();
    return false;
  }
  ctx.status.seeding = true;
  live.changed();
  const started = Date.now();
  try {
    store.demo = await ctx.queue.run(() =>
      seedDemo({
        emulator, clock, logger,
        jumpTo: async (d) => { clock.set(d); await tickSafely(ctx); },
        nextEvent: (after) => nextEvent(ctx, after),
        ...(typeof deps.seed === 'object' ? deps.seed : {}),
      }),
    );
    // What happened before today has been seen; today's news is unread.
    const reads: typeof store.reads = {};
    const dayAgo = (clock.now().getTime() - 20 * 3_600_000) / 1000;
    for (const u of humans(emulator)) {
      for (const c of emulator.conversations()) {
        if (!c.members.includes(u.id)) continue;
        const last = emulator.messages(c.id).filter((m) => Number(m.ts) < dayAgo).at(-1);
        if (last) (reads[u.id] ??= {})[c.id] = last.ts;
      }
    }
    store.reads = reads;
    store.seededAt = clock.now().toISOString();
    logger.info({ ms: Date.now() - started }, 'sandbox: demo workspace ready');
  } finally {
    ctx.status.seeding = false;
    live.changed();
  }
  store.save();
  return true;
}
