/** The Slack emulator on a loopback port, with the outbox worker's WebClient pointed at it. */
import type { WebClient } from '@slack/web-api';
import { createWorkerClient } from '../../src/jobs/outbox-worker.js';
import { createEmulator, type EmulatorOptions } from '../../src/sandbox/emulator/index.js';

export async function startEmulator(options: EmulatorOptions = {}) {
  const emu = createEmulator(options);
  const { url } = await emu.start();
  const client = createWorkerClient(emu.token, { slackApiUrl: url, logLevel: 'error' as never });
  const clientFor = (): WebClient => client;
  return { emu, url, client, clientFor };
}
