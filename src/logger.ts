/** pino logger: JSON lines, pretty in a terminal; secrets and call notes are redacted by path. */
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'signingSecret',
  '*.signingSecret',
  'appToken',
  '*.appToken',
  'notes',
  '*.notes',
  '*.*.notes',
  'headers.authorization',
  '*.headers.authorization',
  'databaseUrl',
  '*.databaseUrl',
  'metricsToken',
  '*.metricsToken',
  // OAuth mode: an installation's token, sealed or not, and the app's own credentials.
  'bot_token_enc',
  '*.bot_token_enc',
  'clientSecret',
  '*.clientSecret',
  'stateSecret',
  '*.stateSecret',
  'tokenKeys',
  '*.tokenKeys',
];

export function createLogger(level: string, options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const pretty = options.pretty ?? (process.stdout.isTTY === true && !options.destination);
  const base = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'call-buddy' } };
  if (pretty) {
    // In this thread, not as a pino transport: a transport runs in a worker thread of its own, about
    // 12 MB for a terminal's few lines a minute. Loaded only here, so JSON logging never pays for it.
    const prettyStream = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
    return pino(base, prettyStream({ colorize: true, translateTime: 'SYS:HH:MM:ss', sync: true }));
  }
  return options.destination ? pino(base, options.destination as pino.DestinationStream) : pino(base);
}
