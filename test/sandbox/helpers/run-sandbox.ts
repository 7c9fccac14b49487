// Starts the sandbox the way main.ts will (config -> db -> migrate -> sandbox runtime) in this
// process; used by the tests until, and alongside, main.ts's wiring.
//   node --import tsx test/sandbox/helpers/run-sandbox.ts   (PORT, DATA_DIR from the environment; --reset)
import { loadConfig } from '../../../src/config.js';
import { createDb } from '../../../src/db/index.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { createLogger } from '../../../src/logger.js';
import { startSandboxRuntime } from '../../../src/sandbox-runtime.js';

const t0 = performance.now();
const config = loadConfig();
const logger = createLogger(config.logLevel);
const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrateToLatest(handle.db);
const runtime = await startSandboxRuntime({ config, logger, db: handle.db, dbKind: handle.kind, reset: process.argv.includes('--reset') });
console.log(`Call Buddy sandbox: open ${runtime.url} (ready in ${Math.round(performance.now() - t0)} ms)`);
const stop = async () => {
  await runtime.stop();
  await handle.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
