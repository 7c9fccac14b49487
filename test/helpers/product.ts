// Starts Call Buddy as a newcomer does — `npm start` with no Slack credentials — in a child process
// with its own DATA_DIR and a free PORT, and waits until the sandbox answers.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './ports.js';

const root = path.resolve(import.meta.dirname, '../..');
/** The arguments of package.json's start script after `node` (its V8 flags and scripts/start.mjs). */
export const START_ARGS = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/).slice(1);

export interface Product {
  url: string;
  port: number;
  /** ms from spawn until the page and API answered with a seeded workspace. */
  readyMs: number;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startProduct(opts: { dataDir: string; port?: number; args?: string[]; timeoutMs?: number }): Promise<Product> {
  const port = opts.port ?? (await freePort());
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('SLACK_') && k !== 'DATABASE_URL') env[k] = v;
  Object.assign(env, { DATA_DIR: opts.dataDir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const t0 = Date.now();
  const child: ChildProcess = spawn(process.execPath, [...START_ARGS, ...(opts.args ?? [])], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = t0 + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the sandbox did not answer within ${opts.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    try {
      const r = await fetch(`${url}sandbox/api/clock`);
      if (r.ok && ((await r.json()) as { seeding: boolean }).seeding === false) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = Date.now() - t0;
  return {
    url, port, readyMs,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 8000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}
