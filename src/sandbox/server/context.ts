// What the sandbox server's parts share: its settings, the emulator, the saved state, live updates,
// the serial queue for clock moves and seeding, and whether the demo is still being seeded.

import type { Emulator } from '../emulator/index.js';
import { HttpError } from '../http.js';
import type { LiveUpdates } from './live-updates.js';
import type { SandboxPersistence, WorkspaceSlot } from './persistence.js';
import type { SandboxClock, SandboxLogger, StartSandboxDeps } from './types.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runs async work one at a time (clock moves, seeding). */
export function serial() {
  let chain: Promise<unknown> = Promise.resolve();
  let busy = 0;
  return {
    get busy(): boolean { return busy > 0; },
    run<T>(fn: () => Promise<T>): Promise<T> {
      busy += 1;
      const next = chain.then(fn, fn);
      chain = next.then(() => undefined, () => undefined);
      return next.finally(() => { busy -= 1; });
    },
  };
}

export interface SandboxContext {
  deps: StartSandboxDeps;
  emulator: Emulator;
  clock: SandboxClock;
  logger: SandboxLogger;
  command: string;
  appName: string;
  /** The command suggestions of the page's composer: the list `/calls help` shows. */
  subcommands: { name: string; usage: string; what: string; takesArgs: boolean }[];
  store: SandboxPersistence;
  /** This workspace's saved part (reads, demo cast). */
  team: WorkspaceSlot;
  /** Every workspace's context, the default first (the same list in each). */
  all: SandboxContext[];
  live: LiveUpdates;
  queue: ReturnType<typeof serial>;
  /** Inline errors of the last submission, per view id. */
  viewErrors: Map<string, Record<string, string>>;
  status: { seeding: boolean };
}

/** Acting on the workspace while the demo is being seeded would race the seeding. */
export function notReady(ctx: SandboxContext): void {
  if (ctx.status.seeding) throw new HttpError(503, 'The demo workspace is still being set up; try again in a few seconds.');
}

export function str(body: Obj, key: string, required: true): string;
export function str(body: Obj, key: string, required?: false): string | undefined;
export function str(body: Obj, key: string, required = false): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw new HttpError(400, `${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new HttpError(400, `${key} must be a string`);
  if (v.length > 4000) throw new HttpError(400, `${key} is too long`);
  return v;
}
