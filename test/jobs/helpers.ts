/** Shared pieces for the jobs tests: a silent logger, an emulator and a WebClient pointed at it. */
import crypto from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { inject } from 'vitest';
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

/**
 * A fresh PostgreSQL database copied from the migrated template, named `cbjobs_…` rather than
 * `cb_t_…`: the global setup of a concurrent test run drops every `cb_t_…` database it finds, which
 * would pull the database from under a long multi-process test.
 */
export async function openJobsPgDb(): Promise<{ url: string; close: () => Promise<void> }> {
  const template = inject('pgTemplate');
  const base = process.env.TEST_DATABASE_URL;
  if (!template || !base) throw new Error('PostgreSQL is not configured for tests');
  const name = `cbjobs_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    close: async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      try {
        await a.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
