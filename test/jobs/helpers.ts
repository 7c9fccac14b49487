/** Shared pieces for the jobs tests: a silent logger, an emulator and a WebClient pointed at it. */
import { pino } from 'pino';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logger.js';
import { createWorkerClient } from '../../src/jobs/outbox-worker.js';
import { createEmulator, type EmulatorOptions } from '../../src/sandbox/emulator/index.js';
import { createPgDatabaseFromTemplate } from '../helpers/db.js';

export const silentLogger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function startEmulator(options: EmulatorOptions = {}) {
  const emu = createEmulator(options);
  const { url } = await emu.start();
  const client = createWorkerClient(emu.token, { slackApiUrl: url, logLevel: 'error' as never });
  const clientFor = (): WebClient => client;
  return { emu, url, client, clientFor };
}

/**
 * A fresh PostgreSQL database copied from the migrated template, named `cbjobs_…` rather than
 * `cb_t_…`: the global setup of a concurrent test run drops every `cb_t_…` database it finds, which
 * would pull the database from under a long multi-process test.
 */
export async function openJobsPgDb(): Promise<{ url: string; close: () => Promise<void> }> {
  const database = await createPgDatabaseFromTemplate('cbjobs');
  return { url: database.url, close: database.drop };
}
