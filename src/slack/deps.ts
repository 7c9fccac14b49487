/** What every listener gets: the database, the clock, the logger and a way to deliver the outbox now. */
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';

/** The outbox worker, as far as the listeners need it: deliver what is due now. */
export interface OutboxDrain {
  drain(): Promise<unknown>;
}

export interface SlackDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Delivers freshly enqueued messages (a confirmation, a greeting) right after the commit. */
  outbox?: OutboxDrain;
}
