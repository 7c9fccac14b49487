// What the sandbox server is given and what it hands back.

import type { Emulator } from '../emulator/index.js';
import type { SeedOptions } from '../seed.js';
import type { SandboxState } from '../state.js';

export interface SandboxLogger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface SandboxClock {
  now(): Date;
  set(d: Date): void;
}

export type HealthHandler = () => Promise<{ status: number; body: unknown }>;

export interface StartSandboxDeps {
  port: number;
  host?: string;
  dataDir: string;
  logger: SandboxLogger;
  clock: SandboxClock;
  emulator: Emulator;
  /**
   * Further workspaces beside `emulator`, on the same emulated Slack app (the page's workspace
   * switcher; API calls name one with `workspace`, the first is the default).
   */
  more?: Emulator[];
  /**
   * The app's "Add to Slack" page (…/slack/install). When given, seeding installs the app into each
   * workspace through the OAuth flow, as a person's browser does; without it the app holds a token already.
   */
  installUrl?: string;
  /** Extra state the caller keeps in sandbox.json (the emulated Slack app's tokens, the app's own). */
  keep?: () => Pick<SandboxState, 'platform' | 'app'>;
  /** The app's request URL (…/slack/events) on another loopback port. */
  appUrl: string;
  /** Runs the real scheduler once and delivers the outbox. */
  tick: () => Promise<void>;
  /**
   * The app's next scheduled event in a workspace strictly after an instant (the composition root passes
   * the app's own timetable). Absent: no event is known ("Next event" answers 409).
   */
  nextEventAt?: (after: Date, workspaceId: string) => Promise<ScheduledEvent | null>;
  /** Start fresh: forget DATA_DIR/sandbox.json (the database reset is the caller's). */
  reset: boolean;
  /** State loaded by the caller (loadSandboxState); undefined: loaded here. */
  state?: SandboxState | null;
  /** /healthz and /readyz: proxied to this origin (e.g. http://127.0.0.1:PORT), or answered by handlers. */
  health?: { proxy: string } | { healthz: HealthHandler; readyz: HealthHandler };
  /** Seed a demo workspace when there is no saved state (default true). */
  seed?: boolean | SeedOptions;
  /** The app's slash command (default /calls) and its display name. */
  command?: string;
  appName?: string;
}

/** A moment the app's scheduler has work, and what it is ("Weekly recap"). */
export interface ScheduledEvent {
  at: Date;
  label: string;
}

export interface Sandbox {
  url: string;
  port: number;
  /** True when this start seeded a fresh workspace. */
  seeded: boolean;
  /** Writes sandbox.json now. */
  save(): void;
  stop(): Promise<void>;
}
