/**
 * Token key rotation for operators.
 *
 *   TOKEN_ENCRYPTION_KEY=<new> TOKEN_ENCRYPTION_OLD_KEYS=<old>[,<older>] npm run rotate-key
 *
 * Re-seals every installation's token with the current key (TOKEN_ENCRYPTION_KEY), opening those
 * sealed with an old key. Run it with the same environment as the app (OAuth mode). The app keeps
 * serving meanwhile: start the replicas with the new key and the old keys first, run this, then drop
 * TOKEN_ENCRYPTION_OLD_KEYS. Prints counts and workspace ids, never a token or a key.
 */
import { ConfigError, loadConfig } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { resealTokens } from '../services/installations.js';
import { createTokenCipher } from '../store/token-cipher.js';

export async function runRotateKeyCli(env: Record<string, string | undefined> = process.env, out: (line: string) => void = console.log): Promise<number> {
  const config = loadConfig(env);
  if (!config.tokenKeys) {
    out('Configuration error: TOKEN_ENCRYPTION_KEY is not set for OAuth mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET): nothing to rotate.');
    return 1;
  }
  const cipher = createTokenCipher(config.tokenKeys.current, config.tokenKeys.old);
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeouts: config.databaseTimeouts });
  try {
    await migrateToLatest(handle.db);
    const r = await resealTokens(handle.db, cipher);
    out(`re-encrypted ${r.resealed} token(s) with key ${r.keyId}`);
    if (r.unreadable.length > 0) {
      out(`${r.unreadable.length} token(s) are sealed with a key that is not configured (add it to TOKEN_ENCRYPTION_OLD_KEYS): ${r.unreadable.join(', ')}`);
      return 1;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

const invoked = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invoked) {
  try {
    process.exitCode = await runRotateKeyCli();
  } catch (err) {
    console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
