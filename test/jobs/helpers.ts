/** Shared pieces for the jobs tests: a silent logger, an emulator and a WebClient pointed at it. */
import { pino } from 'pino';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logger.js';
import { createWorkerClient } from '../../src/jobs/outbox-worker.js';
import { createEmulator, type EmulatorOptions } from '../../src/sandbox/emulator/index.js';

export const silentLogger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function startEmulator(options: EmulatorOptions = {}) {
  const emu = createEmulator(options);
  const { url } = await emu.start();
  const client = createWorkerClient(emu.token, { slackApiUrl: url, logLevel: 'error' as never });
  const clientFor = (): WebClient => client;
  return { emu, url, client, clientFor };
}
