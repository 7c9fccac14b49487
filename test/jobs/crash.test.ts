/**
 * Crash safety: a delivery worker in a child process is SIGKILLed in the middle of a plan fan-out,
 * then a new one is started. Every member ends up with exactly one plan DM: rows that were on the wire
 * when the worker died are found in the DM history and marked sent, not posted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../src/clock.js';
import { createDb, type DbHandle } from '../../src/db/index.js';
import { sendDuePlans } from '../../src/services/plans.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { openJobsPgDb, postgresAvailable } from '../helpers/db.js';
import { startEmulator } from '../helpers/emulator.js';
import { until } from '../helpers/wait.js';
import { WS, seedSolo } from './seed.js';

const MEMBERS = 400;
const child = path.join(import.meta.dirname, 'crash-worker-child.ts');

function startChild(env: Record<string, string>): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    p.once('error', reject);
    p.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    p.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(p);
    });
  });
}

if (!postgresAvailable()) {
  describe.skip('crash safety [postgres: skipped, TEST_DATABASE_URL not set]', () => {});
} else {
  describe('crash safety [postgres]', () => {
    let handle: DbHandle;
    let drop: () => Promise<void>;
    let url: string;
    let env: Awaited<ReturnType<typeof startEmulator>>;
    const children: ChildProcess[] = [];
    beforeAll(async () => {
      const created = await openJobsPgDb();
      url = created.url;
      drop = created.close;
      handle = await createDb({ databaseUrl: url, poolMax: 4 });
      // Real limits, scaled: 600 × 0.5 = 300 posts a minute, so the fan-out takes over a minute.
      env = await startEmulator({ rateLimits: { scale: 0.5 } });
    });
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await env?.emu.stop();
      await handle?.close();
      await drop?.();
    });

    it('kills the worker mid fan-out, restarts it, and every member gets exactly one plan DM', async () => {
      const clock = new SettableClock('2026-11-23T10:00:00Z');
      const members = await seedSolo(handle.db, env.emu, MEMBERS, clock.now());
      expect(await sendDuePlans({ db: handle.db, clock, messages: renderMessage }, WS)).toBe(MEMBERS);
      // Faster limits for the run so the test stays short; still real 429s if the worker overshoots.
      env.emu.setRateLimits({ scale: 10 });
      const childEnv = { DATABASE_URL: url, SLACK_API_URL: env.url, SLACK_BOT_TOKEN: env.emu.token, LEASE_MS: '1500', SCALE: '10' };
      const first = await startChild(childEnv);
      children.push(first);
      const okPosts = () => env.emu.calls('chat.postMessage').filter((c) => c.ok).length;
      await until(() => okPosts() >= MEMBERS / 3, 30_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const atKill = okPosts();
      expect(atKill).toBeLessThan(MEMBERS);

      const second = await startChild(childEnv);
      children.push(second);
      await until(async () => {
        const r = await handle.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
        return Number(r.n) === 0;
      }, 60_000);
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));

      for (const m of members) {
        expect(env.emu.dmMessages(m.slack_user_id).length, `plan DMs to ${m.display_name}`).toBe(1);
      }
      const statuses = await handle.db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([['sent', MEMBERS]]);
      expect(okPosts()).toBe(MEMBERS);
      const recovered = await handle.db.selectFrom('outbox').select('id').where(sql<boolean>`result->>'recovered' = 'true'`).execute();
      console.log(`crash test: killed after ${atKill} posts; ${recovered.length} in-flight message(s) found in Slack and marked sent without a second post`);
    }, 120_000);
  });
}
