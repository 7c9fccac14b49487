/** Loggers for tests: silent (TEST_LOG_LEVEL=debug to watch), or keeping its JSON lines in memory. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export const silentLogger: Logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', { pretty: false });

/** A logger that keeps its JSON lines in memory (to check what is, and is never, logged). */
export function memoryLogger(level = 'info'): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger(level, { destination }), logs };
}
