// sandbox.json: what the sandbox remembers between runs (each workspace, the clock, what each member
// has read, the demo's cast, the emulated Slack app's tokens). Saves are debounced; a half-seeded
// sandbox is never written.

import type { Emulator } from '../emulator/index.js';
import { deleteSandboxState, loadSandboxState, saveSandboxState, type DemoInfo, type SandboxState } from '../state.js';
import type { SandboxClock, SandboxLogger, StartSandboxDeps } from './types.js';

/** The saved state to start from (none after a reset), restored into the emulators and the clock. */
export function openSavedState(deps: StartSandboxDeps): SandboxState | null {
  if (deps.reset) deleteSandboxState(deps.dataDir);
  const loaded = deps.reset ? null : deps.state !== undefined ? deps.state : loadSandboxState(deps.dataDir);
  if (loaded) {
    deps.emulator.restore(loaded.workspace);
    for (const saved of loaded.more ?? []) deps.more?.find((e) => e.team.id === saved.workspace.team.id)?.restore(saved.workspace);
    deps.clock.set(new Date(loaded.clock));
  }
  return loaded;
}

/** One workspace's part of the saved state: what each member has read, and the demo's cast. */
export class WorkspaceSlot {
  constructor(
    readonly emulator: Emulator,
    public reads: SandboxState['reads'],
    public demo: DemoInfo | null,
    private readonly changed: () => void,
  ) {}

  /** The member has seen the conversation up to `ts`. */
  markRead(user: string, conv: string, ts: string | undefined): void {
    if (!ts) return;
    const mine = (this.reads[user] ??= {});
    if (Number(ts) > Number(mine[conv] ?? '0')) {
      mine[conv] = ts;
      this.changed();
    }
  }
}

export class SandboxPersistence {
  /** The first workspace, then the others (the switcher's order). */
  readonly slots: WorkspaceSlot[];
  seededAt: string | null;
  stopped = false;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: { dataDir: string; clock: SandboxClock; emulators: Emulator[]; logger: SandboxLogger; keep?: StartSandboxDeps['keep'] },
    loaded: SandboxState | null,
  ) {
    const [first, ...rest] = deps.emulators;
    this.slots = [
      new WorkspaceSlot(first!, loaded?.reads ?? {}, loaded?.demo ?? null, () => this.scheduleSave()),
      ...rest.map((e) => {
        const saved = loaded?.more?.find((m) => m.workspace.team.id === e.team.id);
        return new WorkspaceSlot(e, saved?.reads ?? {}, saved?.demo ?? null, () => this.scheduleSave());
      }),
    ];
    this.seededAt = loaded?.seededAt ?? null;
  }

  save = (): void => {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.seededAt) return; // a half-seeded workspace is not worth keeping
    const { clock, dataDir, logger } = this.deps;
    const [first, ...rest] = this.slots;
    const state: SandboxState = {
      version: 1, clock: clock.now().toISOString(), workspace: first!.emulator.snapshot(), reads: first!.reads, demo: first!.demo, seededAt: this.seededAt,
      ...(rest.length ? { more: rest.map((s) => ({ workspace: s.emulator.snapshot(), reads: s.reads, demo: s.demo })) } : {}),
      ...(this.deps.keep?.() ?? {}),
    };
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
}
