// At LOG_LEVEL=debug the WebClient (which Bolt hands its logger) would log whole request bodies and
// results, contact names and modal contents among them. Those lines must not reach our logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/slack/app.js';
import { describeDb } from '../helpers/db.js';
import { memoryLogger } from '../helpers/logger.js';
import { until } from '../helpers/wait.js';
import { startHarness, type Harness } from './harness.js';

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
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(ctx(), { logLevel: 'debug' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('/calls log <name> leaves the name out of the logs', async () => {
    const ann = h.emu.addUser({ name: 'ann' }).id;
    await h.emu.slashCommand({ user: ann, text: 'log Zebediah Quixotefield' });
    await until(() => h.emu.currentModal(ann) !== undefined);
    expect(JSON.stringify(h.emu.currentModal(ann))).toContain('Zebediah Quixotefield');
    const all = h.logs.join('');
    // Debug logging is on (the WebClient's call lines are there) ...
    expect(all).toContain("apiCall('views.open')");
    // ... but no body or result carrying the name.
    expect(all).not.toContain('Zebediah');
    expect(all).not.toContain('Quixotefield');
  });
});
