/**
 * Outbox listing for operators.
 *
 *   npm run outbox -- --failed [--workspace T123] [--limit 50] [--json]   failed messages, newest first
 *   npm run outbox                                                        counts per status
 *
 * Reads DATABASE_URL / DATA_DIR through loadConfig(). With PGlite, stop the app first (one process
 * per data directory).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createDb } from '../db/index.js';
import { countOutboxByStatus, listFailedMessages } from '../store/outbox.js';

export async function runOutboxCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      failed: { type: 'boolean', default: false },
      workspace: { type: 'string' },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out('usage: npm run outbox -- [--failed] [--workspace T…] [--limit N] [--json]');
    return 0;
  }
  const config = loadConfig();
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (!values.failed) {
      const counts = await countOutboxByStatus(handle.db, values.workspace);
      out(values.json ? JSON.stringify(counts) : `pending ${counts.pending}  sent ${counts.sent}  failed ${counts.failed}`);
      return 0;
    }
    const rows = await listFailedMessages(handle.db, { workspaceId: values.workspace, limit: Number(values.limit) || 100 });
    if (values.json) {
      out(JSON.stringify(rows.map((r) => ({ id: r.id, workspace: r.workspace_id, key: r.dedupe_key, kind: r.kind, method: r.method, to: r.channel_key, attempts: r.attempts, error: r.last_error, created_at: r.created_at }))));
      return 0;
    }
    if (rows.length === 0) {
      out('No failed messages.');
      return 0;
    }
    out(['id', 'workspace', 'kind', 'to', 'attempts', 'error', 'dedupe key', 'created'].join('\t'));
    for (const r of rows) {
      out([r.id, r.workspace_id, r.kind, r.channel_key, r.attempts, r.last_error ?? '', r.dedupe_key, new Date(r.created_at).toISOString()].join('\t'));
    }
    return 0;
  } finally {
    await handle.close();
  }
}

const invoked = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invoked) {
  try {
    process.exitCode = await runOutboxCli(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
    process.exitCode = 1;
  }
}
