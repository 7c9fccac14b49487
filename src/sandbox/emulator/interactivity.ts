// trigger_id and response_url bookkeeping. Both use real time (nowMs), not the virtual clock.

import { randomBytes } from 'node:crypto';

export const TRIGGER_TTL_MS = 3_000;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;
export const RESPONSE_URL_MAX_USES = 5;

interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

export type TriggerCheck = { ok: true; user: string } | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export class TriggerStore {
  private readonly triggers = new Map<string, Trigger>();
  private counter = 0;

  constructor(private readonly nowMs: () => number) {}

  issue(user: string): string {
    const now = this.nowMs();
    this.counter += 1;
    const id = `${Math.floor(now / 1000)}${String(this.counter).padStart(4, '0')}.${1000 + this.counter}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { user, issuedAt: now, used: false });
    if (this.triggers.size > 10_000) this.prune(now);
    return id;
  }

  /** Checks and consumes a trigger (single use, valid TRIGGER_TTL_MS after issue). */
  consume(id: string): TriggerCheck {
    const t = this.triggers.get(id);
    if (!t) return { ok: false, error: 'invalid_trigger_id' };
    if (t.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.nowMs() - t.issuedAt > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
    t.used = true;
    return { ok: true, user: t.user };
  }

  private prune(now: number): void {
    for (const [id, t] of this.triggers) if (now - t.issuedAt > TRIGGER_TTL_MS * 10) this.triggers.delete(id);
  }
}

export interface ResponseTarget {
  user: string;
  channel: string;
  /** The message the interaction came from, for replace_original / delete_original. */
  messageTs?: string;
  messageIsEphemeral?: boolean;
}

interface ResponseUrl extends ResponseTarget {
  issuedAt: number;
  uses: number;
}

export class ResponseUrlStore {
  private readonly urls = new Map<string, ResponseUrl>();

  constructor(private readonly nowMs: () => number) {}

  issue(target: ResponseTarget): string {
    const id = randomBytes(12).toString('hex');
    this.urls.set(id, { ...target, issuedAt: this.nowMs(), uses: 0 });
    return id;
  }

  use(id: string): { ok: true; target: ResponseTarget } | { ok: false; error: 'expired_url' | 'used_url' | 'invalid_url' } {
    const r = this.urls.get(id);
    if (!r) return { ok: false, error: 'invalid_url' };
    if (this.nowMs() - r.issuedAt > RESPONSE_URL_TTL_MS) return { ok: false, error: 'expired_url' };
    if (r.uses >= RESPONSE_URL_MAX_USES) return { ok: false, error: 'used_url' };
    r.uses += 1;
    return { ok: true, target: r };
  }
}
