/**
 * The outbox tests' shared setup: an emulator on a settable clock, the emulator's workspace row, and a
 * worker factory over the real WebClient (the outbox worker, fault and afterSent tests use it alike).
 */
import { afterAll, beforeAll } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.js';
import { upsertWorkspace } from '../../src/store/workspaces.js';
import type { DbKind, TestDb } from './db.js';
import { startEmulator } from './emulator.js';
import { silentLogger } from './logger.js';

export const OUTBOX_WS = 'T0EMULATOR';

type WorkerOptions = Parameters<typeof createOutboxWorker>[0];

export interface OutboxHarness {
  clock: SettableClock;
  /** The emulator of this describe block (set in its beforeAll). */
  readonly env: Awaited<ReturnType<typeof startEmulator>>;
  worker(extra?: Partial<WorkerOptions>): ReturnType<typeof createOutboxWorker>;
}

/** Registers the emulator's start and stop in the calling describe block. */
export function outboxHarness(ctx: () => TestDb, kind: DbKind): OutboxHarness {
  const clock = new SettableClock('2026-11-23T09:00:00Z');
  let env: Awaited<ReturnType<typeof startEmulator>> | undefined;
  beforeAll(async () => {
    env = await startEmulator({ now: () => clock.now() });
    await upsertWorkspace(ctx().db, { id: OUTBOX_WS, at: clock.now() });
  });
  afterAll(async () => {
    await env?.emu.stop();
  });
  const started = () => {
    if (!env) throw new Error('the outbox harness is used before its beforeAll ran');
    return env;
  };
  return {
    clock,
    get env() {
      return started();
    },
    worker: (extra = {}) => createOutboxWorker({ db: ctx().db, dbKind: kind, clientFor: started().clientFor, clock, logger: silentLogger, ...extra }),
  };
}
