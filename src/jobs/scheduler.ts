/**
 * The scheduler: a node-cron tick every minute (and once at start) that decides due work from the
 * database and the injected Clock — never from in-memory timers — and writes it (state + outbox rows in
 * one transaction). Every job is idempotent through unique keys, so any number of replicas may tick
 * at once: plans (member, week), pairings (circle, week), recaps (circle, week), and outbox dedupe keys
 * / job marks for the rest. Work missed while the process was down runs on the next tick, within the
 * same week only (see the top-level README.md, "Scheduled work and delivery").
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { sendDueBirthdayNotes } from '../services/birthdays.js';
import { sendDueAtRisk, sendDueNudges } from '../services/nudges.js';
import { pairDueCircles, sendDuePairChecks } from '../services/pairing.js';
import { sendDuePlans } from '../services/plans.js';
import { sendDueRecaps } from '../services/recap.js';
import { sendDueBriefNudges } from '../services/briefs.js';
import { sendDueReminders } from '../services/reminders.js';
import { sendDueReviews } from '../services/review.js';
import type { MessageRenderer, ServiceContext } from '../services/messages.js';
import { expirePauses } from '../services/scheduled-pauses.js';
import { purgeUninstalledWorkspaces } from '../services/workspaces.js';
import { listActiveWorkspaces } from '../store/workspaces.js';

export interface TickReport {
  at: Date;
  workspaces: number;
  pausesEnded: number;
  pairings: number;
  plans: number;
  pairChecks: number;
  nudges: number;
  atRisk: number;
  recaps: number;
  reminders: number;
  briefNudges: number;
  reviews: number;
  birthdays: number;
  /** Jobs that threw (logged; the next tick tries again). */
  errors: number;
  /** Uninstalled workspaces whose data was deleted this tick (with `retentionDays`). */
  purged?: number;
  ms: number;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The renderer of what the jobs say (the composition root passes `renderMessage` of src/slack/views/). */
  messages: MessageRenderer;
  /** Called after a tick that enqueued messages (wire the outbox worker's `notify`). */
  onEnqueued?: () => void;
  /** node-cron expression (default every minute); `false` for no timer (tests drive `tick()`). */
  cron?: string | false;
  /** Tick once at start (default true). */
  tickOnStart?: boolean;
  /** Prometheus metrics: tick duration and lag, the last tick's time, what each job produced, errors. */
  metrics?: Metrics;
  /**
   * DATA_RETENTION_DAYS: each tick deletes the data of workspaces uninstalled that many days ago or
   * more (unset: nothing is deleted).
   */
  retentionDays?: number;
}

export interface Scheduler {
  tick(): Promise<TickReport>;
  stop(): Promise<void>;
  /**
   * For /readyz: not stopped and, on a timer, a tick began within the last {@link TICK_STALE_MS}
   * (measured on the process's monotonic clock, never stored). Ticked on demand (no timer): not stopped.
   */
  alive(): boolean;
}

/** A timed scheduler whose last tick began longer ago than this is reported dead. */
export const TICK_STALE_MS = 3 * 60_000;

type JobName = 'pausesEnded' | 'pairings' | 'plans' | 'pairChecks' | 'nudges' | 'atRisk' | 'recaps' | 'birthdays' | 'reminders' | 'briefNudges' | 'reviews';

/** Order matters a little: pairing before plans, so a plan DM made in the same tick names the partner. */
const JOBS: [JobName, (ctx: ServiceContext, workspaceId: string) => Promise<number>][] = [
  ['pausesEnded', expirePauses],
  ['pairings', pairDueCircles],
  ['plans', sendDuePlans],
  ['pairChecks', sendDuePairChecks],
  ['nudges', sendDueNudges],
  ['atRisk', sendDueAtRisk],
  ['recaps', sendDueRecaps],
  ['birthdays', sendDueBirthdayNotes],
  ['reminders', sendDueReminders],
  ['briefNudges', sendDueBriefNudges],
  ['reviews', sendDueReviews],
];

export function startScheduler(options: SchedulerOptions): Scheduler {
  const log = options.logger.child({ component: 'scheduler' });
  const ctx: ServiceContext = { db: options.db, clock: options.clock, messages: options.messages };
  let current: Promise<TickReport> | undefined;
  let stopped = false;

  let lastTickStart = performance.now();

  async function runTick(): Promise<TickReport> {
    const t0 = performance.now();
    lastTickStart = t0;
    const startedAt = options.clock.now();
    const report: TickReport = { at: startedAt, workspaces: 0, pausesEnded: 0, pairings: 0, plans: 0, pairChecks: 0, nudges: 0, atRisk: 0, recaps: 0, birthdays: 0, reminders: 0, briefNudges: 0, reviews: 0, errors: 0, ms: 0 };
    if (options.retentionDays !== undefined) {
      try {
        const purged = await purgeUninstalledWorkspaces(options.db, report.at, options.retentionDays);
        report.purged = purged.length;
        if (purged.length > 0) log.info({ workspaces: purged, retentionDays: options.retentionDays }, 'deleted the data of uninstalled workspaces');
      } catch (err) {
        report.errors++;
        log.error({ err, job: 'retention' }, 'retention job failed; the next tick tries again');
      }
    }
    const workspaces = await listActiveWorkspaces(options.db);
    report.workspaces = workspaces.length;
    for (const ws of workspaces) {
      for (const [name, job] of JOBS) {
        try {
          report[name] += await job(ctx, ws.id);
        } catch (err) {
          report.errors++;
          log.error({ err, job: name, workspace: ws.id }, 'scheduled job failed; the next tick tries again');
        }
      }
    }
    report.ms = Math.round(performance.now() - t0);
    // Lag: how far into its minute the tick began (node-cron fires on the minute).
    options.metrics?.observeTick(report, new Date(Math.floor(startedAt.getTime() / 60_000) * 60_000), startedAt);
    const enqueued = report.pairings + report.plans + report.pairChecks + report.nudges + report.atRisk + report.recaps + report.birthdays + report.reminders + report.briefNudges + report.reviews;
    if (enqueued > 0) {
      log.info(report, 'tick enqueued work');
      options.onEnqueued?.();
    }
    return report;
  }

  /** One tick at a time in this process: a tick that is still running is joined, not doubled. */
  function tick(): Promise<TickReport> {
    if (current) return current;
    current = runTick().finally(() => {
      current = undefined;
    });
    return current;
  }

  let task: ScheduledTask | undefined;
  if (options.cron !== false) {
    task = cron.schedule(options.cron ?? '* * * * *', () => {
      if (stopped) return;
      tick().catch((err: unknown) => log.error({ err }, 'tick failed'));
    }, { name: 'call-buddy-tick', noOverlap: true });
  }
  if (options.tickOnStart ?? true) {
    tick().catch((err: unknown) => log.error({ err }, 'tick failed'));
  }

  return {
    tick,
    alive() {
      return !stopped && (options.cron === false || performance.now() - lastTickStart < TICK_STALE_MS);
    },
    async stop() {
      stopped = true;
      await task?.stop();
      await task?.destroy();
      await current?.catch(() => undefined);
    },
  };
}
