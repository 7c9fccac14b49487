/** What the parts of the outbox worker share: its settings, its limiter and whether it is stopping. */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/index.js';
import type { Logger } from '../../logger.js';
import type { ClaimedOutboxRow } from '../../store/outbox.js';
import type { Metrics } from '../../metrics.js';
import type { SlackRateLimiter } from '../rate-limiter.js';
import type { MessageFiles } from './files.js';

/** A message Slack accepted: what an `afterSent` hook is told. */
export interface SentMessage {
  workspaceId: string;
  kind: string;
  method: string;
  payload: Record<string, unknown>;
  /** The channel it went to ('' when Slack did not say). */
  channel: string;
}

/**
 * Bookkeeping after a message of one kind was sent (e.g. the pairing side remembers a group DM's
 * channel). Registered by kind by the composition root, so the worker knows no feature.
 */
export type AfterSent = (db: Db, sent: SentMessage) => Promise<void>;
export type AfterSentHooks = Readonly<Record<string, AfterSent>>;

export type Outcome = 'sent' | 'failed' | 'retried' | 'released';

export interface WorkerContext {
  db: Db;
  clock: Clock;
  log: Logger;
  limiter: SlackRateLimiter;
  clientFor: (workspaceId: string) => WebClient;
  afterSent: AfterSentHooks;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  max429: number;
  random: () => number;
  staleAfterMs: (kind: string) => number;
  /** Renders and shows the files messages carry (`_file` in a payload); absent: text only. */
  files?: MessageFiles;
  /** Send latency and results, 429s, retries (absent: nothing is measured). */
  metrics?: Metrics;
  /** The worker is stopping: no new Web API call, no new claim. */
  stopping(): boolean;
}

export const isUserId = (id: string): boolean => /^[UW][A-Z0-9]+$/.test(id);

/** Runs the hook registered for the row's kind, if any. */
export async function runAfterSent(ctx: WorkerContext, row: ClaimedOutboxRow, channel: string): Promise<void> {
  const hook = ctx.afterSent[row.kind];
  if (hook) await hook(ctx.db, { workspaceId: row.workspace_id, kind: row.kind, method: row.method, payload: row.payload, channel });
}
