// src/slack/listeners/views/checkin-submit.ts: one check-in submit reads the member's circle once and
// computes the member's progress once, for both the confirmation DM and the Home. The database is
// wrapped with a Kysely plugin that counts the statements touching `circles` and `pauses` (every
// progress computation reads the member's pauses once, and nothing else on this path reads them).
import type { KyselyPlugin, OperationNode, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureCircle } from '../../src/store/circles.js';
import { setMemberCircle } from '../../src/store/members.js';
import { describeDb } from '../helpers/db.js';
import { until } from '../helpers/wait.js';
import { startHarness, type Harness } from './harness.js';

/** The tables a statement names (FROM, JOIN, INTO, UPDATE). */
function tablesOf(node: OperationNode): Set<string> {
  const found = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as { kind?: string; table?: { identifier?: { name?: string } } };
    if (o.kind === 'TableNode' && o.table?.identifier?.name) found.add(o.table.identifier.name);
    for (const v of Object.values(o)) walk(v);
  };
  walk(node);
  return found;
}

class TableCounter implements KyselyPlugin {
  counts = new Map<string, number>();
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    for (const t of tablesOf(args.node)) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
    return args.node;
  }
  async transformResult<R>(args: { result: R }): Promise<R> {
    return args.result;
  }
  reset(): void {
    this.counts.clear();
  }
}

describeDb('check-in submit, counted', (ctx) => {
  let h: Harness;
  const counter = new TableCounter();
  const ws = 'T0E2E';

  beforeAll(async () => {
    h = await startHarness({ ...ctx(), db: ctx().db.withPlugin(counter) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('reads the circle once and computes progress once for the confirmation and the Home', async () => {
    const db = ctx().db;
    const user = h.emu.addUser({ name: 'quinn', real_name: 'Quinn Count', tz: 'Europe/Berlin' }).id;
    expect((await h.emu.slashCommand({ user, text: 'log Grace Hopper' })).status).toBe(200);
    await until(() => h.emu.currentModal(user) !== undefined);
    await until(() => h.emu.dmMessages(user).length === 1); // the first-contact greeting
    const member = await db.selectFrom('members').selectAll().where('slack_user_id', '=', user).executeTakeFirstOrThrow();
    await until(async () => (await db.selectFrom('members').select('display_name').where('id', '=', member.id).executeTakeFirstOrThrow()).display_name !== '');
    // In a circle, so there is a circle to read.
    const { circle } = await ensureCircle(db, ws, { channelId: 'C0COUNT', name: 'count', createdBy: user, at: h.clock.now() });
    await setMemberCircle(db, ws, member.id, circle.id, h.clock.now());
    await h.worker.drain();
    const homesBefore = h.emu.calls('views.publish').length;

    counter.reset();
    const modal = h.emu.currentModal(user)!;
    const r = await h.emu.submitView({
      user,
      viewId: modal.id,
      values: {
        category: { category: { type: 'static_select', selected_option: { value: 'stretch' } } },
        outcome: { outcome: { type: 'radio_buttons', selected_option: { value: 'conversation' } } },
        who: { who: { type: 'plain_text_input', value: 'Grace Hopper' } },
      },
    });
    expect(r.status).toBe(200);
    await until(() => h.emu.dmMessages(user).length === 2); // the confirmation
    await until(() => h.emu.calls('views.publish').length > homesBefore); // the Home
    expect(h.emu.dmMessages(user).at(-1)!.text).toMatch(/1\/5/);
    expect({ circles: counter.counts.get('circles') ?? 0, progress: counter.counts.get('pauses') ?? 0 }).toEqual({ circles: 1, progress: 1 });
  });
});
