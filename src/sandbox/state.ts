// The sandbox's persisted state: DATA_DIR/sandbox.json holds the emulated workspace (the emulator's
// snapshot), the sandbox clock, what each member has read, and where the demo circle lives.
// Written atomically (temp file + rename) so a crash never leaves half a file.

import fs from 'node:fs';
import path from 'node:path';
import type { SavedToken, WorkspaceData } from './emulator/index.js';

export interface DemoInfo {
  /** The demo circle's channel id (#five-calls). */
  channel: string;
  /** The time zone the demo circle's schedule is computed in (its first member's). */
  circleTz: string;
  /** The members, in seed order. */
  members: string[];
}

export interface SandboxState {
  version: 1;
  /** The sandbox clock (ISO instant). */
  clock: string;
  workspace: WorkspaceData;
  /** Per member, per conversation: the ts of the last message they have seen. */
  reads: Record<string, Record<string, string>>;
  demo: DemoInfo | null;
  /** When seeding finished (sandbox time); null while it has not. */
  seededAt: string | null;
  /** Further workspaces beside `workspace` (the workspace switcher), each with its reads and demo cast. */
  more?: WorkspaceState[];
  /** The emulated Slack app's issued tokens (OAuth installs) as Slack keeps them, hashed: the workspaces stay installed. */
  platform?: { tokens: SavedToken[] };
  /** What the composition root keeps for the app between runs (the sandbox never reads it). */
  app?: Record<string, string>;
}

export interface WorkspaceState {
  workspace: WorkspaceData;
  reads: Record<string, Record<string, string>>;
  demo: DemoInfo | null;
}

export const STATE_FILE = 'sandbox.json';

export function statePath(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

export class SandboxStateError extends Error {
  override name = 'SandboxStateError';
}

/** The saved state, or null when there is none (first start) or it was never fully seeded. */
export function loadSandboxState(dataDir: string): SandboxState | null {
  const file = statePath(dataDir);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SandboxStateError(`${file} is not valid JSON. Start with --reset to begin a fresh sandbox (npm start -- --reset).`);
  }
  const s = parsed as Partial<SandboxState>;
  if (s.version !== 1 || typeof s.clock !== 'string' || Number.isNaN(Date.parse(s.clock)) || s.workspace?.version !== 1) {
    throw new SandboxStateError(`${file} is not a sandbox state this version understands. Start with --reset (npm start -- --reset).`);
  }
  if (!s.seededAt) return null;
  return {
    version: 1, clock: s.clock, workspace: s.workspace, reads: s.reads ?? {}, demo: s.demo ?? null, seededAt: s.seededAt,
    ...(s.more ? { more: s.more } : {}), ...(s.platform ? { platform: s.platform } : {}), ...(s.app ? { app: s.app } : {}),
  };
}

export function saveSandboxState(dataDir: string, state: SandboxState): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = statePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  // It holds the sandbox app's token key: readable by the owner only.
  fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function deleteSandboxState(dataDir: string): void {
  fs.rmSync(statePath(dataDir), { force: true });
}
