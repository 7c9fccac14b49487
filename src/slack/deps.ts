/** What every listener gets: the database, the clock, the logger and a way to deliver the outbox now. */
import type { Clock } from '../clock.js';
import type { Db } from '../services/models.js';
import type { Logger } from '../logger.js';
import type { MessageRenderer } from '../services/messages.js';

/** The outbox worker, as far as the listeners need it: deliver what is due now. */
export interface OutboxDrain {
  /** `minPriority: 1`: deliver only answers to a person, never wait on a scheduled fan-out. */
  drain(options?: { minPriority?: number }): Promise<unknown>;
}

export interface SlackDeps {
  db: Db;
  clock: Clock;
  /** Renders what the services say (src/slack/views/messages.ts); with db and clock, a service context. */
  messages: MessageRenderer;
  logger: Logger;
  /** Delivers freshly enqueued messages (a confirmation, a greeting) right after the commit. */
  outbox?: OutboxDrain;
  /** Where a listener runs its work after the ack (see {@link createAfterAck}). */
  afterAck: <T>(work: () => Promise<T>) => Promise<T>;
  /** Work still running after its request was answered; `stop()` waits for it. */
  inflight: Set<Promise<unknown>>;
}

/** Registers `work` in `inflight` until it settles, and returns it. */
export function tracked<T>(inflight: Set<Promise<unknown>>, work: Promise<T>): Promise<T> {
  inflight.add(work);
  const done = () => inflight.delete(work);
  work.then(done, done);
  return work;
}

/**
 * Runs work that follows an ack with bounded concurrency, after yielding once to the event loop: under
 * a burst, the acks of requests already received go out before the slower follow-up work (queries,
 * response_url posts) competes with them for the CPU. Replies may wait a little; acks do not.
 */
export function createAfterAck(concurrency: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
