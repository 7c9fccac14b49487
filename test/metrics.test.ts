import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, LABEL_VALUES, metricsRoute, requestKind, type Metrics } from '../src/metrics.js';

/** Every `name{label="value",…}` sample line of an exposition, as [label, value] pairs. */
function labelPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith('callbuddy_')) continue;
    const m = /\{(.*)\}/.exec(line);
    if (!m?.[1]) continue;
    for (const p of m[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) pairs.push([p[1]!, p[2]!]);
  }
  return pairs;
}

function exercise(metrics: Metrics): void {
  metrics.observeSend('chat.postMessage', 'ok', 0.12);
  metrics.observeSend('chat.postMessage', 'rate_limited', 0.01);
  metrics.observeSend('U0SOMEUSER', 'ok', 0.2); // a value that is no method
  metrics.observeSend('views.publish', 'Grace Hopper' as never, 0.3);
  metrics.countRetry('chat.update');
  metrics.countRetry('my secret note');
  metrics.observeTick({ plans: 3, recaps: 1, pairings: 0, errors: 1, ms: 420 }, new Date('2026-03-06T16:00:00Z'), new Date('2026-03-06T16:00:02.5Z'));
  metrics.countJob('plans');
  metrics.countJob('Ada Lovelace');
  metrics.observeAck('command', 0.05);
  metrics.observeAck('U0SOMEUSER', 0.05);
}

describe('metrics', () => {
  it('records what the issue lists, under fixed names', async () => {
    const metrics = createMetrics({
      outboxDepth: async () => ({ pending: 4, sent: 120, failed: 2 }),
      pool: () => ({ total: 10, idle: 7, waiting: 0 }),
    });
    exercise(metrics);
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('callbuddy_outbox_messages{status="pending"} 4');
    expect(body).toContain('callbuddy_outbox_messages{status="failed"} 2');
    expect(body).toContain('callbuddy_slack_send_seconds_count{method="chat.postMessage",result="ok"} 1');
    expect(body).toContain('callbuddy_slack_rate_limited_total{method="chat.postMessage"} 1');
    expect(body).toContain('callbuddy_outbox_retries_total{method="chat.update"} 1');
    expect(body).toContain('callbuddy_scheduler_tick_seconds_count 1');
    expect(body).toContain('callbuddy_scheduler_tick_lag_seconds 2.5');
    expect(body).toContain('callbuddy_jobs_total{kind="plans"} 4');
    expect(body).toContain('callbuddy_jobs_total{kind="recaps"} 1');
    expect(body).toContain('callbuddy_job_errors_total 1');
    expect(body).toContain('callbuddy_slack_ack_seconds_count{kind="command"} 1');
    expect(body).toContain('callbuddy_db_pool_connections{state="idle"} 7');
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
  });

  it('never carries a user, a contact or a note in a label: every value comes from the fixed lists', async () => {
    const metrics = createMetrics({ outboxDepth: async () => ({ pending: 1 }), pool: () => ({ total: 1 }) });
    exercise(metrics);
    const { body } = await metrics.render();
    for (const secret of ['U0SOMEUSER', 'Grace', 'secret', 'Ada']) expect(body).not.toContain(secret);
    const pairs = labelPairs(body);
    expect(pairs.length).toBeGreaterThan(10);
    for (const [label, value] of pairs) {
      if (label === 'le') continue; // histogram buckets
      expect(LABEL_VALUES[label], `label ${label}`).toBeDefined();
      expect(LABEL_VALUES[label], `${label}="${value}"`).toContain(value);
    }
    expect(body).toContain('callbuddy_slack_send_seconds_count{method="other",result="ok"} 1');
    expect(body).toContain('callbuddy_jobs_total{kind="other"} 1');
  });

  it('keeps serving when the outbox count fails (the database is down)', async () => {
    const metrics = createMetrics({ outboxDepth: async () => { throw new Error('connection refused'); }, processMetrics: false });
    const { body } = await metrics.render();
    expect(body).toContain('# TYPE callbuddy_outbox_messages gauge');
    expect(body).not.toContain('callbuddy_outbox_messages{');
  });

  it('tells Bolt request kinds apart', () => {
    expect(requestKind({ command: '/calls' })).toBe('command');
    expect(requestKind({ type: 'block_actions' })).toBe('action');
    expect(requestKind({ type: 'view_submission' })).toBe('view_submission');
    expect(requestKind({ type: 'event_callback' })).toBe('event');
    expect(requestKind({ type: 'something_new' })).toBe('other');
  });
});

describe('GET /metrics', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function serve(token: string | undefined): Promise<string> {
    const route = metricsRoute(createMetrics({ processMetrics: false }), token);
    server = createServer((req, res) => {
      if (req.url === route.path && route.method.includes(req.method ?? '')) route.handler(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  }

  it('is open without METRICS_TOKEN', async () => {
    const r = await fetch(await serve(undefined));
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('callbuddy_scheduler_tick_seconds');
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'a-long-metrics-token-123';
    const url = await serve(token);
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-of-same-len' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('callbuddy_jobs_total');
  });
});
