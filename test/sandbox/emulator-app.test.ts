// The emulator acting as Slack towards a real Bolt App with an HTTPReceiver.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type SlashCommand } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/sandbox/emulator/index.js';
import { until } from '../helpers/wait.js';

const TOKEN = 'xoxb-app-test';
const SECRET = 'app-test-signing-secret';

let emu: Emulator;
let app: App;
let alice: string;
let general: string;
let lastCommand: SlashCommand | undefined;
let seenAction: Record<string, unknown> | undefined;
let seenRetryNum: number | undefined;
let submissionsSeen = 0;
let eventsSeen: string[] = [];
let submitMode: 'errors' | 'close' | 'update' | 'push' = 'errors';
let skewMs = 0;
let rememberedTrigger: string | undefined;

const checkInModal = (callbackId = 'check_in', notify = false) => ({
  type: 'modal' as const,
  callback_id: callbackId,
  notify_on_close: notify,
  private_metadata: JSON.stringify({ week: '2026-W10' }),
  title: { type: 'plain_text' as const, text: 'Log a call' },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    { type: 'input' as const, block_id: 'who', optional: true, label: { type: 'plain_text' as const, text: 'Who' }, element: { type: 'plain_text_input' as const, action_id: 'name' } },
    {
      type: 'input' as const, block_id: 'outcome', label: { type: 'plain_text' as const, text: 'Outcome' },
      element: {
        type: 'static_select' as const, action_id: 'pick',
        options: [
          { text: { type: 'plain_text' as const, text: 'Conversation' }, value: 'conversation' },
          { text: { type: 'plain_text' as const, text: 'Voicemail' }, value: 'voicemail' },
        ],
      },
    },
  ],
});

beforeAll(async () => {
  emu = createEmulator({ botToken: TOKEN, signingSecret: SECRET, nowMs: () => Date.now() + skewMs });
  const { url } = await emu.start();
  alice = emu.addUser({ name: 'alice' }).id;
  general = emu.addChannel({ name: 'general', members: [alice] }).id;

  const receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
  app = new App({ token: TOKEN, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: url, retryConfig: { retries: 0 } } });

  app.command('/calls', async ({ command, ack, client, respond }) => {
    lastCommand = command;
    if (command.text === 'log') {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: checkInModal() });
    } else if (command.text === 'remember') {
      rememberedTrigger = command.trigger_id;
      await ack();
    } else if (command.text === 'slow') {
      await new Promise((r) => setTimeout(r, 3300));
      await ack({ text: 'too late' });
    } else if (command.text === 'respond') {
      await ack();
      await respond({ text: 'Only you can see this' });
      await respond({ response_type: 'in_channel', text: 'Everyone sees this' });
    } else {
      await ack({ text: `today: ${command.text}` });
    }
  });
  app.action('done', async ({ ack, body, respond }) => {
    await ack();
    seenAction = body as unknown as Record<string, unknown>;
    await respond({ replace_original: true, text: 'Marked done' });
  });
  app.action('pick', async ({ ack, body }) => {
    await ack();
    seenAction = body as unknown as Record<string, unknown>;
  });
  app.view('check_in', async ({ ack, view }) => {
    submissionsSeen++;
    if (submitMode === 'errors') {
      const name = view.state.values.who?.name?.value;
      if (!name) return ack({ response_action: 'errors', errors: { who: 'Who did you call?' } });
    }
    if (submitMode === 'update') return ack({ response_action: 'update', view: { ...checkInModal(), title: { type: 'plain_text', text: 'Saved' } } });
    if (submitMode === 'push') return ack({ response_action: 'push', view: checkInModal('second') });
    return ack();
  });
  app.view('second', async ({ ack }) => {
    await ack();
  });
  app.view({ callback_id: 'check_in', type: 'view_closed' }, async ({ ack }) => {
    eventsSeen.push('view_closed');
    await ack();
  });
  app.event('app_home_opened', async ({ event, client, context }) => {
    seenRetryNum = context.retryNum;
    eventsSeen.push(`app_home_opened:${event.user}`);
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Welcome home' } }] } });
  });

  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  emu.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
});

afterAll(async () => {
  await app.stop();
  await emu.stop();
});

beforeEach(() => {
  lastCommand = undefined;
  seenAction = undefined;
  eventsSeen = [];
  submitMode = 'errors';
});

describe('emulator acting as Slack towards a Bolt app', () => {
  it('sends a signed slash command that Bolt accepts, with every field', async () => {
    const r = await emu.slashCommand({ user: alice, channel: general, text: 'hello' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ text: 'today: hello' });
    expect(lastCommand).toMatchObject({
      token: expect.any(String) as string,
      team_id: emu.team.id,
      team_domain: emu.team.domain,
      channel_id: general,
      channel_name: 'general',
      user_id: alice,
      user_name: 'alice',
      command: '/calls',
      text: 'hello',
      api_app_id: emu.bot.app_id,
      is_enterprise_install: 'false',
      response_url: r.responseUrl,
      trigger_id: r.triggerId,
    });
  });

  it('an ack later than 3 seconds is a timeout, as in Slack', async () => {
    const r = await emu.slashCommand({ user: alice, channel: general, text: 'slow' });
    expect(r).toMatchObject({ status: 408, body: 'operation_timeout' });
  });

  it('a forged signature and a stale timestamp get 401', async () => {
    const forged = await emu.slashCommand({ user: alice, text: 'x' }, { signature: 'v0=' + '0'.repeat(64) });
    expect(forged.status).toBe(401);
    const stale = await emu.slashCommand({ user: alice, text: 'x' }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const unsigned = await emu.slashCommand({ user: alice, text: 'x' }, { unsigned: true });
    expect(unsigned.status).toBe(401);
    expect(lastCommand).toBeUndefined();
  });

  it('response_url replies: ephemeral to the user, in_channel to the channel', async () => {
    const r = await emu.slashCommand({ user: alice, channel: general, text: 'respond' });
    expect(r.status).toBe(200);
    await until(() => emu.messages(general).some((m) => m.text === 'Everyone sees this'));
    expect(emu.ephemerals(alice, general).map((e) => e.text)).toContain('Only you can see this');
  });

  it('opens a modal from a slash command; response_action errors keeps it open', async () => {
    emu.clearCalls();
    await emu.slashCommand({ user: alice, text: 'log' });
    await until(() => emu.calls('views.open').length === 1);
    const modal = emu.currentModal(alice)!;
    expect(modal.callback_id).toBe('check_in');

    // A required input left empty: Slack's client does not submit; the app hears nothing.
    const before = submissionsSeen;
    const empty = await emu.submitView({ user: alice, viewId: modal.id, values: { who: { name: { type: 'plain_text_input', value: 'Sam' } } } });
    expect(empty).toMatchObject({ outcome: 'required', status: 0, errors: { outcome: 'Please complete this required field.' } });
    expect(Object.keys(empty.errors!)).toEqual(['outcome']);
    expect(submissionsSeen).toBe(before);
    expect(emu.currentModal(alice)?.id).toBe(modal.id);

    const outcome = { pick: { type: 'static_select', selected_option: { value: 'conversation' } } };
    const bad = await emu.submitView({ user: alice, viewId: modal.id, values: { who: { name: { type: 'plain_text_input', value: null } }, outcome } });
    expect(submissionsSeen).toBe(before + 1);
    expect(bad.outcome).toBe('errors');
    expect(bad.errors).toEqual({ who: 'Who did you call?' });
    expect(emu.currentModal(alice)?.id).toBe(modal.id);
    expect(bad.payload).toMatchObject({ type: 'view_submission', view: { id: modal.id, hash: modal.hash, callback_id: 'check_in', private_metadata: modal.private_metadata } });

    const good = await emu.submitView({ user: alice, viewId: modal.id, values: { who: { name: { type: 'plain_text_input', value: 'Sam' } } } });
    expect(good.outcome).toBe('closed');
    expect(emu.currentModal(alice)).toBeUndefined();
  });

  it('a trigger_id used more than 3 s after the command fails with expired_trigger_id', async () => {
    await emu.slashCommand({ user: alice, text: 'remember' });
    expect(rememberedTrigger).toBeDefined();
    skewMs = 3_001;
    try {
      await expect(app.client.views.open({ trigger_id: rememberedTrigger!, view: checkInModal() })).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
    } finally {
      skewMs = 0;
    }
  });

  it('block_actions on a message: payload shape, respond(replace_original) updates it', async () => {
    const web = app.client;
    const posted = await web.chat.postMessage({
      channel: alice, text: 'Your plan',
      blocks: [{ type: 'actions', block_id: 'plan', elements: [{ type: 'button', action_id: 'done', text: { type: 'plain_text', text: 'Done' }, value: 'call-1' }] }],
    });
    const r = await emu.blockAction({ user: alice, channel: posted.channel!, message: posted.ts!, actionId: 'done' });
    expect(r.status).toBe(200);
    await until(() => seenAction !== undefined);
    expect(seenAction).toMatchObject({
      type: 'block_actions',
      user: { id: alice },
      container: { type: 'message', message_ts: posted.ts, channel_id: posted.channel, is_ephemeral: false },
      channel: { id: posted.channel },
      trigger_id: r.triggerId,
      response_url: r.responseUrl,
      actions: [{ action_id: 'done', block_id: 'plan', type: 'button', value: 'call-1' }],
    });
    await until(() => emu.messages(posted.channel!).find((m) => m.ts === posted.ts)?.text === 'Marked done');
  });

  it('block_actions in a modal carry the view with its state', async () => {
    emu.clearCalls();
    await emu.slashCommand({ user: alice, text: 'log' });
    await until(() => emu.calls('views.open').length === 1);
    const modal = emu.currentModal(alice)!;
    await emu.blockAction({ user: alice, view: modal.id, actionId: 'pick', selectedOption: 'voicemail' });
    await until(() => seenAction !== undefined);
    expect(seenAction).toMatchObject({
      container: { type: 'view', view_id: modal.id },
      view: { id: modal.id, state: { values: { outcome: { pick: { type: 'static_select', selected_option: { value: 'voicemail' } } } } } },
      actions: [{ action_id: 'pick', block_id: 'outcome', selected_option: { value: 'voicemail' } }],
    });
    submitMode = 'push';
    const pushed = await emu.submitView({ user: alice, viewId: modal.id });
    expect(pushed.outcome).toBe('pushed');
    expect(emu.modalStack(alice)).toHaveLength(2);
    submitMode = 'close';
    const closed = await emu.submitView({ user: alice, viewId: emu.currentModal(alice)!.id, values: { outcome: { pick: { type: 'static_select', selected_option: { value: 'voicemail' } } } } });
    expect(closed.outcome).toBe('closed');
    expect(emu.currentModal(alice)?.id).toBe(modal.id);
    submitMode = 'update';
    const updated = await emu.submitView({ user: alice, viewId: modal.id, values: { who: { name: { type: 'plain_text_input', value: 'x' } } } });
    expect(updated.outcome).toBe('updated');
    expect(emu.currentModal(alice)?.title).toEqual({ type: 'plain_text', text: 'Saved' });
    const c = await emu.closeView({ user: alice, viewId: modal.id });
    expect(c.sent).toBe(false);
    expect(emu.currentModal(alice)).toBeUndefined();
  });

  it('view_closed is sent only when notify_on_close', async () => {
    const t = emu.issueTriggerId(alice);
    const opened = await app.client.views.open({ trigger_id: t, view: checkInModal('check_in', true) });
    const c = await emu.closeView({ user: alice, viewId: opened.view!.id! });
    expect(c.sent).toBe(true);
    expect(c.response?.status).toBe(200);
    await until(() => eventsSeen.includes('view_closed'));
  });

  it('app_home_opened event: the app publishes Home; retries carry x-slack-retry-num', async () => {
    const r = await emu.appHomeOpened(alice);
    expect(r.status).toBe(200);
    expect(r.envelope).toMatchObject({ type: 'event_callback', team_id: emu.team.id, api_app_id: emu.bot.app_id, event_id: r.eventId });
    await until(() => emu.homeView(alice) !== undefined);
    expect(emu.homeView(alice)?.blocks).toHaveLength(1);
    expect(seenRetryNum).toBeUndefined();

    const retry = await emu.appHomeOpened(alice, { eventId: r.eventId, retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.eventId).toBe(r.eventId);
    await until(() => seenRetryNum === 1);
  });

  it('events get unique event_ids and are signed', async () => {
    const a = await emu.event({ type: 'member_joined_channel', user: alice, channel: general });
    const b = await emu.event({ type: 'member_joined_channel', user: alice, channel: general });
    expect(a.eventId).not.toBe(b.eventId);
    expect(a.status).toBe(200);
    const forged = await emu.event({ type: 'member_joined_channel', user: alice, channel: general }, { signature: 'v0=bad' });
    expect(forged.status).toBe(401);
  });
});
