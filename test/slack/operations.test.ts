// Operations over a full flow (Slack's HTTP protocol against the emulator, debug logging on): members
// join, log calls with a contact's name and a note, ask for today and an export, the scheduler sends the
// recap with its chart. Then: the pino JSON logs hold no token, contact name or note; /metrics (behind
// METRICS_TOKEN) has what the issue lists, and no label value outside the fixed lists; /readyz reports
// the outbox worker and the scheduler.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startScheduler, type Scheduler } from '../../src/jobs/scheduler.js';
import { createMetrics, LABEL_VALUES } from '../../src/metrics.js';
import { renderMessage } from '../../src/slack/views/messages.js';
import { countOutboxByStatus } from '../../src/store/outbox.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { commandReply, initialValues, SECRET, startHarness, TOKEN, type Harness } from './harness.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const CONTACT = 'Zebediah Quixotefield';
const NOTE = 'NOTE-XYZZY spoke about the merger';

describeDb('operations: logs, metrics and health over a full flow', (ctx) => {
  let h: Harness;
  let scheduler: Scheduler;
  const metrics = createMetrics({ outboxDepth: () => countOutboxByStatus(ctx().db) });
  const people: string[] = [];

  beforeAll(async () => {
    const parts: { scheduler?: Scheduler } = {};
    h = await startHarness(ctx(), {
      now: new Date('2026-11-27T15:00:00Z'), // a Friday, an hour before the default recap time
      logLevel: 'debug', metrics, metricsToken: METRICS_TOKEN, files: true,
      liveness: { outbox: () => h.worker.alive(), scheduler: () => parts.scheduler?.alive() ?? false },
    });
    scheduler = startScheduler({ db: ctx().db, clock: h.clock, logger: h.logger, messages: renderMessage, cron: false, tickOnStart: false, metrics });
    parts.scheduler = scheduler;
    h.worker.start();
  });
  afterAll(async () => {
    await h?.worker.stop();
    await scheduler?.stop();
    await h?.stop();
  });

  const base = () => `http://127.0.0.1:${h.slack.port()}`;

  it('runs the flow: join, two check-ins with a name and a note, today, export, the recap with its chart', async () => {
    const ann = h.emu.addUser({ name: 'annops', real_name: 'Annabel Opsworth', tz: 'UTC' }).id;
    const ben = h.emu.addUser({ name: 'benops', real_name: 'Benedict Opsworth', tz: 'UTC' }).id;
    people.push(ann, ben);
    const channel = h.emu.addChannel({ name: 'ops-calls', members: [ann, ben] }).id;
    await commandReply(h, ann, 'join', channel);
    await commandReply(h, ben, 'join', channel);
    for (const user of [ann, ben]) {
      const before = h.emu.currentModal(user)?.id;
      await h.emu.slashCommand({ user, text: `log ${CONTACT}` });
      await until(() => h.emu.currentModal(user) !== undefined && h.emu.currentModal(user)!.id !== before);
      const modal = h.emu.currentModal(user)!;
      const r = await h.emu.submitView({
        user, viewId: modal.id,
        values: {
          ...initialValues(modal as unknown as { blocks: unknown[] }),
          category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
          outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
          notes: { notes: { type: 'plain_text_input', value: NOTE } },
        },
      });
      expect(r.outcome).toBe('closed');
    }
    await commandReply(h, ann, 'today', channel);
    expect((await commandReply(h, ann, 'export', channel)).all).toMatch(/Sent: a CSV/);

    h.clock.advance(70 * 60_000);
    const report = await scheduler.tick();
    expect(report.recaps).toBe(1);
    // The chart is drawn in a chart process that starts cold here (node, and tsx under vitest).
    await until(() => h.emu.messages(channel).some((m) => /Weekly recap/.test(m.text ?? '')), 30_000);
    const recap = h.emu.messages(channel).find((m) => /Weekly recap/.test(m.text ?? ''))!;
    expect(JSON.stringify(recap.blocks)).toMatch(/"slack_file":\{"id":"F/);
  }, 60_000);

  it('the pino JSON logs of that run hold no token, secret, contact name or note', () => {
    const lines = h.logs.join('').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) JSON.parse(line); // every line is JSON
    const all = lines.join('\n');
    expect(all).toContain("apiCall('files.completeUploadExternal')"); // debug logging was on
    for (const secret of [TOKEN, SECRET, METRICS_TOKEN, 'Zebediah', 'Quixotefield', 'NOTE-XYZZY', 'merger']) {
      expect(all, `the logs contain ${secret}`).not.toContain(secret);
    }
  });

  it('/metrics asks for the token, then shows what the run did with no label outside the fixed lists', async () => {
    expect((await fetch(`${base()}/metrics`)).status).toBe(401);
    expect((await fetch(`${base()}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const r = await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(r.status).toBe(200);
    const body = await r.text();
    for (const series of [
      /callbuddy_slack_send_seconds_count\{method="chat\.postMessage",result="ok"\} [1-9]/,
      /callbuddy_slack_send_seconds_count\{method="files\.completeUploadExternal",result="ok"\} 1/,
      /callbuddy_slack_ack_seconds_count\{kind="command"\} [1-9]/,
      /callbuddy_slack_ack_seconds_count\{kind="view_submission"\} 2/,
      /callbuddy_jobs_total\{kind="recaps"\} 1/,
      /callbuddy_outbox_messages\{status="sent"\} [1-9]/,
      /callbuddy_scheduler_tick_seconds_count 1/,
      /callbuddy_scheduler_tick_lag_seconds \d/,
      /process_cpu_user_seconds_total/,
      /nodejs_eventloop_lag_seconds/,
    ]) expect(body).toMatch(series);
    for (const line of body.split('\n')) {
      if (!line.startsWith('callbuddy_')) continue;
      for (const m of line.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
        if (m[1] === 'le') continue;
        expect(LABEL_VALUES[m[1]!], `label ${m[1]}`).toBeDefined();
        expect(LABEL_VALUES[m[1]!], line).toContain(m[2]);
      }
    }
    for (const s of [...people, 'Annabel', 'Zebediah', 'NOTE-XYZZY']) expect(body).not.toContain(s);
  });

  it('/readyz reports the outbox worker and the scheduler; a stopped worker makes it 503', async () => {
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, database: true, migrations: true, outbox: true, scheduler: true });
    await h.worker.stop();
    const stopped = await fetch(`${base()}/readyz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toMatchObject({ ok: false, database: true, outbox: false, scheduler: true });
  });
});
