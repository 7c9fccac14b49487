/**
 * Child process for the crash test: an outbox worker on PostgreSQL delivering into the emulator the
 * test started. Env: DATABASE_URL, SLACK_API_URL, SLACK_BOT_TOKEN, LEASE_MS, SCALE. Runs until killed.
 */
import { pino } from 'pino';
import { systemClock } from '../../src/clock.js';
import { createDb } from '../../src/db/index.js';
import { createOutboxWorker, createWorkerClient } from '../../src/jobs/outbox-worker.js';

const handle = await createDb({ databaseUrl: process.env.DATABASE_URL!, poolMax: 8 });
const client = createWorkerClient(process.env.SLACK_BOT_TOKEN, { slackApiUrl: process.env.SLACK_API_URL, logLevel: 'error' as never });
const worker = createOutboxWorker({
  db: handle.db,
  dbKind: 'postgres',
  clientFor: () => client,
  clock: systemClock,
  logger: pino({ level: 'warn' }),
  leaseMs: Number(process.env.LEASE_MS ?? 2000),
  pollMs: 100,
  concurrency: 16,
  limits: { scale: Number(process.env.SCALE ?? 1) },
});
worker.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.stop().then(() => handle.close()).then(() => process.exit(0));
});
