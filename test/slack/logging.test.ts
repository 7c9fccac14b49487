// At LOG_LEVEL=debug the WebClient (which Bolt hands its logger) would log whole request bodies and
// results, contact names and modal contents among them. Those lines must not reach our logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createEmulator, type Emulator } from '../../src/sandbox/emulator/index.js';
import { boltLogger, createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { describeDb } from '../helpers/db.js';
import { memoryLogger, SECRET, TOKEN, until } from './harness.js';

const debugLogger = () => memoryLogger('debug');

describe('boltLogger', () => {
  it('drops debug lines that carry request or message bodies, keeps the rest', () => {
    const { logger, logs } = debugLogger();
    const blog = boltLogger(logger);
    blog.debug('http request body: {"trigger_id":"1","view":{"initial_value":"Jane"}}');
    blog.debug('http request result: {"ok":true,"view":{"initial_value":"Jane"}}');
    blog.debug('http request headers: {"Authorization":"[[REDACTED]]"}');
    blog.debug('Received a message on the WebSocket: {"payload":{"text":"log Jane"}}');
    blog.debug('Sending a WebSocket message: {"payload":{"text":"log Jane"}}');
    blog.debug('{"command":"/calls","text":"log Jane"}');
    blog.debug("apiCall('views.open') start");
    blog.warn('http request failed', 'socket hang up');
    const all = logs.join('');
    expect(all).not.toContain('Jane');
    expect(all).toContain("apiCall('views.open') start");
    expect(all).toContain('http request failed');
  });
});

describeDb('debug logging through the app', (ctx) => {
  let emu: Emulator;
  let slack: SlackApp;
  let logs: string[];
  beforeAll(async () => {
    emu = createEmulator({ botToken: TOKEN, signingSecret: SECRET, team: { id: 'T0LOG', name: 'Log', domain: 'log' } });
    const { url } = await emu.start();
    const debug = debugLogger();
    logs = debug.logs;
    const config: Config = {
      mode: 'http',
      slack: { botToken: TOKEN, signingSecret: SECRET, apiUrl: url },
      dataDir: './data',
      port: 0,
      host: '127.0.0.1',
      logLevel: 'debug',
    };
    slack = createSlackApp({ config, db: ctx().db, clock: { now: () => new Date() }, logger: debug.logger, client: { retryConfig: { retries: 0 } } });
    await slack.start();
    emu.setAppUrl(`http://127.0.0.1:${slack.port()}/slack/events`);
  });
  afterAll(async () => {
    await slack?.stop();
    await emu?.stop();
  });

  it('/calls log <name> leaves the name out of the logs', async () => {
    const ann = emu.addUser({ name: 'ann' }).id;
    await emu.slashCommand({ user: ann, text: 'log Zebediah Quixotefield' });
    await until(() => emu.currentModal(ann) !== undefined);
    expect(JSON.stringify(emu.currentModal(ann))).toContain('Zebediah Quixotefield');
    const all = logs.join('');
    // Debug logging is on (the WebClient's call lines are there) ...
    expect(all).toContain("apiCall('views.open')");
    // ... but no body or result carrying the name.
    expect(all).not.toContain('Zebediah');
    expect(all).not.toContain('Quixotefield');
  });
});
