// sandbox.json: what the sandbox remembers between runs (the workspace, the clock, what each member
// has read, the demo's cast). Saves are debounced; a half-seeded workspace is never written.

import type { Emulator } from '../emulator/index.js';
import { deleteSandboxState, loadSandboxState, saveSandboxState, type DemoInfo, type SandboxState } from '../state.js';
import type { SandboxClock, SandboxLogger, StartSandboxDeps } from './types.js';

/** The saved state to start from (none after a reset), restored into the emulator and the clock. */
export function openSavedState(deps: StartSandboxDeps): SandboxState | null {
  if (deps.reset) deleteSandboxState(deps.dataDir);
  const loaded = deps.reset ? null : deps.state !== undefined ? deps.state : loadSandboxState(deps.dataDir);
  if (loaded) {
    deps.emulator.restore(loaded.workspace);
    deps.clock.set(new Date(loaded.clock));
  }
  return loaded;
}

export class SandboxPersistence {
  reads: SandboxState['reads'];
  demo: DemoInfo | null;
  seededAt: string | null;
  stopped = false;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: { dataDir: string; clock: SandboxClock; emulator: Emulator; logger: SandboxLogger },
    loaded: SandboxState | null,
  ) {
    this.reads = loaded?.reads ?? {};
    this.demo = loaded?.demo ?? null;
    this.seededAt = loaded?.seededAt ?? null;
  }

  save = (): void => {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.seededAt) return; // a half-seeded workspace is not worth keeping
    const { clock, emulator, dataDir, logger } = this.deps;
    const state: SandboxState = { version: 1, clock: clock.now().toISOString(), workspace: emulator.snapshot(), reads: this.reads, demo: this.demo, seededAt: this.seededAt };
    try {
      saveSandboxState(dataDir, state);
    } catch (err) {
      logger.error({ err }, 'sandbox: could not save sandbox.json');
    }
  };

  scheduleSave(): void {
    if (this.stopped || this.saveTimer) return;
    this.saveTimer = setTimeout(this.save, 400);
    this.saveTimer.unref();
  }

  /** The member has seen the conversation up to `ts`. */
  markRead(user: string, conv: string, ts: string | undefined): void {
    if (!ts) return;
    const mine = (this.reads[user] ??= {});
    if (Number(ts) > Number(mine[conv] ?? '0')) {
      mine[conv] = ts;
      this.scheduleSave();
    }
  }
}
