/**
 * Outbox worker processes for the multi-process benchmarks (replicas, tenants): the parent starts this
 * benchmark's own file again with `--worker`; the child drains the outbox until nothing is pending and
 * prints one `RESULT {…}` line, which the parent reads back.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/db/index.js';
import type { OutboxWorker } from '../src/jobs/outbox-worker.js';
import { countOutboxByStatus } from '../src/store/outbox.js';

/** In the child: `drain()` until no row is pending (other processes may still hold some), then the totals. */
export async function drainUntilNonePending(worker: Pick<OutboxWorker, 'drain'>, db: Db): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const r = await worker.drain();
    sent += r.sent;
    failed += r.failed;
    if ((await countOutboxByStatus(db)).pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { sent, failed };
}

/** In the child: the result line the parent reads. */
export function printResult(result: object): void {
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/** In the parent: runs `benchmarkUrl` (its `import.meta.url`) with `--worker` and `env`, and resolves with the child's RESULT. */
export function workerProcess<T>(benchmarkUrl: string, env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(benchmarkUrl), '--worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as T);
      else reject(new Error(`worker exited with ${code}`));
    });
  });
}
