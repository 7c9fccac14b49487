// The outbox under a misbehaving Slack: a row that always gets 429 is bounded by count and by time
// (issue 11, item 7), and a drain with concurrency 1 never stops with work left (item 9).
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { ensureMember } from '../../src/store/members.js';
import { enqueueMessage, getOutboxMessage } from '../../src/store/outbox.js';
import { describeDb } from '../helpers/db.js';
import { OUTBOX_WS, outboxHarness } from '../helpers/outbox.js';

const WS = OUTBOX_WS;

/** Delays the answer of every outbox claim (a slow database), so sends in flight finish meanwhile. */
function slowClaims(ms: number): KyselyPlugin {
  const claims = new WeakSet<object>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const text = JSON.stringify(args.node);
      if (text.includes('for update skip locked')) claims.add(args.queryId);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (claims.has(args.queryId)) await new Promise((r) => setTimeout(r, ms));
      return args.result;
    },
  };
}

describeDb('outbox under faults', (ctx, kind) => {
  const h = outboxHarness(ctx, kind);
  const { clock } = h;
  const worker = h.worker;

  async function planFor(name: string, db: Db = ctx().db) {
    const u = h.env.emu.addUser({ name, tz: 'Europe/Paris' });
    const m = (await ensureMember(db, WS, { slackUserId: u.id, displayName: name, at: clock.now() })).member;
    const key = `fault-plan:${m.id}`;
    await enqueueMessage(db, { workspaceId: WS, at: clock.now(), dedupeKey: key, kind: 'plan', method: 'chat.postMessage', channelKey: u.id, payload: { channel: u.id, text: `plan for ${name}` }, memberId: m.id, notBefore: clock.now() });
    return { u, m, key };
  }

  it('a row that always gets 429 is marked failed after maxAttempts claims, with the reason, after a bounded number of calls', async () => {
    const { key } = await planFor('always-429');
    h.env.emu.setFaultMode('chat.postMessage', { status: 429, retryAfter: 1 });
    try {
      h.env.emu.clearCalls();
      const w = worker({ max429PerSend: 1, maxAttempts: 3 });
      for (let i = 0; i < 6 && (await getOutboxMessage(ctx().db, WS, key))?.status === 'pending'; i++) {
        await w.drain();
        clock.advance(5_000);
      }
      const row = await getOutboxMessage(ctx().db, WS, key);
      expect(row?.status).toBe('failed');
      expect(row?.last_error).toMatch(/gave up after 3 attempts: rate limited by Slack/);
      // 3 claims, each with at most max429PerSend + 1 calls.
      expect(h.env.emu.calls('chat.postMessage').length).toBeLessThanOrEqual(6);
    } finally {
      h.env.emu.setFaultMode('chat.postMessage', null);
    }
  });

  it('a row that keeps getting 429 is given up once it is stale (a day after it was queued), never sent late', async () => {
    const { u, key } = await planFor('stale-429');
    h.env.emu.setFaultMode('chat.postMessage', { status: 429, retryAfter: 1 });
    try {
      const w = worker({ max429PerSend: 0 });
      await w.drain();
      expect((await getOutboxMessage(ctx().db, WS, key))?.status).toBe('pending');
      clock.advance(25 * 3_600_000);
      await w.drain();
      const row = await getOutboxMessage(ctx().db, WS, key);
      expect(row?.status).toBe('failed');
      expect(row?.last_error).toMatch(/^stale: not delivered within 24 h of being queued: rate limited/);
    } finally {
      h.env.emu.setFaultMode('chat.postMessage', null);
    }
    await worker().drain();
    expect(h.env.emu.dmMessages(u.id)).toEqual([]);
  });

  it('a drain with concurrency 1 delivers every due row even when sends finish while it claims', async () => {
    const db = ctx().db.withPlugin(slowClaims(150));
    const rows = [];
    for (let i = 0; i < 4; i++) rows.push(await planFor(`serial${i}`));
    const w = worker({ db, concurrency: 1 });
    expect(await w.drain()).toEqual({ sent: 4, failed: 0, retried: 0 });
    for (const r of rows) expect(h.env.emu.dmMessages(r.u.id).map((m) => m.text)).toEqual([`plan for ${r.u.name}`]);
  });
});
