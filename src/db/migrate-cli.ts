/** `npm run migrate`: apply pending migrations to the configured database and exit. */
import { loadConfig, ConfigError } from '../config.js';
import { createDb } from './index.js';
import { migrateToLatest } from './migrate.js';

try {
  const config = loadConfig();
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(handle.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await handle.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : (err as Error).message);
  process.exitCode = 1;
}
