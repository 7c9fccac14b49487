// The sandbox clock: moving it forward ticks the app's scheduler at every hour boundary crossed, and
// "next event" jumps to the app's next scheduled work.

import { HttpError } from '../http.js';
import { notReady, type Obj, type SandboxContext, str } from './context.js';
import type { ScheduledEvent } from './types.js';

const MAX_ADVANCE_HOURS = 24 * 31;
const HOUR = 3_600_000;

/** The shown workspace's next event (the clock is one for all; moving it serves every workspace on the way). */
export const nextEvent = async (ctx: SandboxContext, after: Date): Promise<ScheduledEvent | null> => (ctx.deps.nextEventAt ? ctx.deps.nextEventAt(after, ctx.emulator.team.id) : null);

export async function tickSafely(ctx: SandboxContext): Promise<void> {
  try {
    await ctx.deps.tick();
  } catch (err) {
    ctx.logger.error({ err }, 'sandbox: scheduler tick failed');
  }
}

/** Moves the clock forward to `target`, ticking at every hour boundary crossed and at the end. */
export async function advanceTo(ctx: SandboxContext, target: Date): Promise<void> {
  const { clock } = ctx;
  let t = clock.now().getTime();
  const end = target.getTime();
  while (t < end) {
    const boundary = Math.floor(t / HOUR) * HOUR + HOUR;
    if (boundary >= end) break;
    clock.set(new Date(boundary));
    t = boundary;
    await tickSafely(ctx);
  }
  clock.set(new Date(end));
  await tickSafely(ctx);
  ctx.live.changed();
}

export async function clockJson(ctx: SandboxContext) {
  const now = ctx.clock.now();
  const next = await nextEvent(ctx, now).then((e) => (e ? { at: e.at.toISOString(), label: e.label } : null));
  return { now: now.toISOString(), next, seeding: ctx.status.seeding, busy: ctx.queue.busy, version: ctx.live.version };
}

/** POST /sandbox/api/clock: { action: 'next-event' } or { action: 'advance', days?, hours? }. */
export async function moveClock(ctx: SandboxContext, body: Obj) {
  notReady(ctx);
  const action = str(body, 'action', true);
  if (action === 'next-event') {
    const event = await ctx.queue.run(async () => {
      const e = await nextEvent(ctx, ctx.clock.now());
      if (!e) return null;
      await advanceTo(ctx, e.at);
      return e;
    });
    if (!event) throw new HttpError(409, 'no scheduled event is known');
    return { ...(await clockJson(ctx)), event: { at: event.at.toISOString(), label: event.label } };
  }
  if (action === 'advance') {
    const num = (k: string): number => {
      const v = body[k];
      if (v === undefined || v === null) return 0;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HttpError(400, `${k} must be a number ≥ 0`);
      return v;
    };
    const hours = num('days') * 24 + num('hours');
    if (hours <= 0) throw new HttpError(400, 'give days and/or hours to advance by (more than 0)');
    if (hours > MAX_ADVANCE_HOURS) throw new HttpError(400, `advance by at most ${MAX_ADVANCE_HOURS / 24} days at a time`);
    await ctx.queue.run(() => advanceTo(ctx, new Date(ctx.clock.now().getTime() + hours * HOUR)));
    return clockJson(ctx);
  }
  throw new HttpError(400, "action must be 'next-event' or 'advance'");
}
