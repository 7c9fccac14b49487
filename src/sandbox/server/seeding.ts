// A fresh sandbox seeds its demo workspaces (the first with three weeks of history through the real
// app, any further one as a team that installed Call Buddy this week), installing the app into each
// through "Add to Slack" when the app runs in OAuth mode, and marks what happened before today as read.

import { seedDemo, seedNewTeam } from '../seed.js';
import { nextEvent, tickSafely } from './clock.js';
import type { SandboxContext } from './context.js';
import { installThroughOAuth } from './install.js';
import { humans } from './workspace-json.js';

/** Seeds the demo workspaces; true when it did. Without seeding, the empty workspaces are kept as they are. */
export async function seedFreshWorkspace(ctx: SandboxContext): Promise<boolean> {
  const { deps, clock, logger, store, live } = ctx;
  if (deps.seed === false) {
    store.seededAt = clock.now().toISOString();
    store.save();
    return false;
  }
  ctx.status.seeding = true;
  live.changed();
  const started = Date.now();
  const installUrl = deps.installUrl;
  const installer = (c: SandboxContext) => (installUrl ? { installApp: (user: string) => installThroughOAuth(installUrl, c.emulator, user) } : {});
  try {
    await ctx.queue.run(async () => {
      const [first, ...rest] = ctx.all;
      first!.team.demo = await seedDemo({
        emulator: first!.emulator, clock, logger,
        jumpTo: async (d) => { clock.set(d); await tickSafely(ctx); },
        nextEvent: (after) => nextEvent(ctx, after),
        ...installer(first!),
        ...(typeof deps.seed === 'object' ? deps.seed : {}),
      });
      for (const c of rest) {
        c.team.demo = await seedNewTeam({ emulator: c.emulator, logger, ...installer(c) });
        await tickSafely(ctx);
      }
    });
    // What happened before today has been seen; today's news is unread.
    const dayAgo = (clock.now().getTime() - 20 * 3_600_000) / 1000;
    for (const c of ctx.all) {
      const reads: typeof c.team.reads = {};
      for (const u of humans(c.emulator)) {
        for (const conv of c.emulator.conversations()) {
          if (!conv.members.includes(u.id)) continue;
          const last = c.emulator.messages(conv.id).filter((m) => Number(m.ts) < dayAgo).at(-1);
          if (last) (reads[u.id] ??= {})[conv.id] = last.ts;
        }
      }
      c.team.reads = reads;
    }
    store.seededAt = clock.now().toISOString();
    logger.info({ ms: Date.now() - started, workspaces: ctx.all.length }, 'sandbox: demo workspace ready');
  } finally {
    ctx.status.seeding = false;
    live.changed();
  }
  store.save();
  return true;
}
