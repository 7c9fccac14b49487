// src/http/health.ts: /readyz adds the outbox worker's and the scheduler's liveness to the database's readiness.
import { describe, expect, it } from 'vitest';
import { withLiveness, type Readiness } from '../../src/http/health.js';

const up: Readiness = { ok: true, database: true, migrations: true };

describe('withLiveness', () => {
  it('leaves the database readiness alone when nothing is registered', () => {
    expect(withLiveness(up, undefined)).toEqual(up);
    expect(withLiveness(up, {})).toEqual(up);
  });

  it('is ready only when every registered part is alive, and says which is not', () => {
    expect(withLiveness(up, { outbox: () => true, scheduler: () => true })).toEqual({ ...up, outbox: true, scheduler: true });
    expect(withLiveness(up, { outbox: () => false, scheduler: () => true })).toEqual({ ...up, ok: false, outbox: false, scheduler: true });
    expect(withLiveness(up, { scheduler: () => false })).toEqual({ ...up, ok: false, scheduler: false });
    const down: Readiness = { ok: false, database: false, migrations: false };
    expect(withLiveness(down, { outbox: () => true, scheduler: () => true })).toEqual({ ...down, outbox: true, scheduler: true });
  });
});
