// Strict requests (issue 11, items 4, 5, 6 and 8): signed junk is a 4xx at once and never ends the
// process, timestamps more than 5 minutes away are refused, unknown actions are acked at once, and in
// single-token mode another workspace's requests are refused. Through Bolt's HTTP receiver, signed
// by the emulator as Slack signs them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { startHarness, type Harness } from '../slack/harness.js';
import { until } from '../helpers/wait.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_CT = 'application/json';
const MARK = 'FUZZ-PRIVATE-7d1c';

type Obj = Record<string, unknown>;

/** Every path into an object (arrays by index), up to `depth`. */
function paths(o: unknown, depth = 4, prefix: (string | number)[] = []): (string | number)[][] {
  if (depth === 0 || typeof o !== 'object' || o === null) return [];
  const out: (string | number)[][] = [];
  for (const [k, v] of Object.entries(o)) {
    const p = [...prefix, Array.isArray(o) ? Number(k) : k];
    out.push(p, ...paths(v, depth - 1, p));
  }
  return out;
}

function mutate(base: Obj, path: (string | number)[], value: unknown | typeof REMOVE): Obj {
  const copy = structuredClone(base);
  let at: Obj = copy;
  for (const k of path.slice(0, -1)) at = at[k as string] as Obj;
  const last = path.at(-1)!;
  if (value === REMOVE) delete at[last as string];
  else at[last as string] = value;
  return copy;
}
const REMOVE = Symbol('remove');
const VARIANTS: unknown[] = [REMOVE, null, 0, '', 'x', [], {}, true];

describeDb('strict requests', (ctx) => {
  let h: Harness;
  let ann: string;
  beforeAll(async () => {
    h = await startHarness(ctx());
    ann = h.emu.addUser({ name: 'ann', tz: 'Europe/Berlin' }).id;
    await h.emu.slashCommand({ user: ann, text: 'help' });
    await until(() => h.emu.ephemerals(ann).length === 1);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const stillServing = async () => {
    const before = h.emu.ephemerals(ann).length;
    expect((await h.emu.slashCommand({ user: ann, text: 'help' })).status).toBe(200);
    await until(() => h.emu.ephemerals(ann).length === before + 1);
  };
  /** A real block_actions payload: "Log this call" on the reply to /calls today (its modal then closed). */
  const buttonPayload = async (): Promise<Obj> => {
    const before = h.emu.ephemerals(ann).length;
    await h.emu.slashCommand({ user: ann, text: 'today' });
    await until(() => h.emu.ephemerals(ann).length > before);
    const eph = h.emu.ephemerals(ann).at(-1)!;
    const r = await h.emu.blockAction({ user: ann, channel: eph.channel, message: eph.ts, actionId: findAction(eph.blocks ?? []) });
    await until(() => h.emu.currentModal(ann) !== undefined);
    for (const v of [...h.emu.modalStack(ann)].reverse()) await h.emu.closeView({ user: ann, viewId: v.id });
    return r.payload as Obj;
  };
  const refusals = () => h.logs.filter((l) => l.includes('refused a request to /slack/events'));

  it('a signed JSON null body, payload=null and other non-objects get 400 before Bolt sees them; the app keeps serving', async () => {
    for (const [body, ct] of [['null', JSON_CT], ['payload=null', FORM], ['[]', JSON_CT], ['"x"', JSON_CT], ['7', JSON_CT], ['payload=%5B%5D', FORM], ['{', JSON_CT], ['payload=', FORM], ['', JSON_CT]] as const) {
      const r = await h.emu.sendRaw(body, ct);
      expect(r.status, `${ct} ${body}`).toBe(400);
    }
    await stillServing();
  });

  it('fuzzed, correctly signed bodies never get a 5xx or a late answer, and are logged without their contents', async () => {
    const seen = h.emu.ephemerals(ann).length;
    const command = (await h.emu.slashCommand({ user: ann, text: `help ${MARK}` })).fields;
    await until(() => h.emu.ephemerals(ann).length > seen);
    const action = await buttonPayload();
    const submission: Obj = {
      type: 'view_submission', team: { id: 'T0E2E', domain: 'e2e' }, user: { id: ann, team_id: 'T0E2E', name: 'ann' }, api_app_id: 'A0CALLBUDDY', trigger_id: '1.2.3',
      view: { id: 'V0FUZZ', team_id: 'T0E2E', type: 'modal', callback_id: 'checkin', private_metadata: '', hash: 'h', state: { values: { who: { who: { type: 'plain_text_input', value: MARK } }, minutes: { minutes: { type: 'plain_text_input', value: '15' } } } } },
    };
    const event: Obj = { type: 'event_callback', team_id: 'T0E2E', api_app_id: 'A0CALLBUDDY', event_id: 'Ev0FUZZ', event_time: 1, event: { type: 'app_home_opened', user: ann, channel: 'D0X', tab: 'home', event_ts: '1.2' } };
    const bodies: [string, string][] = [];
    for (const k of Object.keys(command)) for (const v of [REMOVE, '', 'x']) {
      const f = { ...command };
      if (v === REMOVE) delete f[k];
      else f[k] = v as string;
      bodies.push([new URLSearchParams(f).toString(), FORM]);
    }
    for (const base of [action, submission]) for (const p of paths(base)) for (const v of VARIANTS) bodies.push([new URLSearchParams({ payload: JSON.stringify(mutate(base, p, v)) }).toString(), FORM]);
    for (const p of paths(event)) for (const v of VARIANTS) bodies.push([JSON.stringify(mutate(event, p, v)), JSON_CT]);

    const refusedBefore = refusals().length;
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const [body, ct] = bodies[next++]!;
        const t0 = Date.now();
        const r = await h.emu.sendRaw(body, ct);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status >= 500 || r.status === 408 || Date.now() - t0 > 2500) bad.push(`${r.status} ${ct === FORM ? String(new URLSearchParams(body).get("payload") ?? body) : body}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(bad).toEqual([]);
    expect(bodies.length).toBeGreaterThan(300);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(50);
    // One line per refusal, none with the body's contents.
    expect(refusals().length - refusedBefore).toBe(statuses.get(400) ?? 0);
    expect(h.logs.join('')).not.toContain(MARK);
    await stillServing();
  }, 120_000);

  it('an action id no listener knows is acked, not left to Slack\'s 3 s timeout', async () => {
    const action = await buttonPayload();
    const unknown = { ...action, actions: [{ ...(action.actions as Obj[])[0], action_id: 'no_such_action' }] };
    const r = await h.emu.sendRaw(new URLSearchParams({ payload: JSON.stringify(unknown) }).toString(), FORM);
    expect(r.status).toBe(200); // the emulator, like Slack, gives up after 3 s (408)
  });

  it('refuses (401) a request stamped more than 5 minutes in the future or the past, and writes nothing', async () => {
    const bob = h.emu.addUser({ name: 'bob', tz: 'Asia/Tokyo' }).id;
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 6 * 60, now - 6 * 60]) {
      const r = await h.emu.slashCommand({ user: bob, text: 'pause' }, { timestamp });
      expect(r.status).toBe(401);
    }
    const r = await h.emu.sendRaw(JSON.stringify({ type: 'event_callback', team_id: 'T0E2E', event_id: 'Ev0FUTURE', event: { type: 'app_uninstalled' } }), JSON_CT, { timestamp: now + 6 * 60 });
    expect(r.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await ctx().db.selectFrom('members').select('id').where('slack_user_id', '=', bob).execute()).toEqual([]);
    expect(await ctx().db.selectFrom('slack_events').select('event_id').where('event_id', '=', 'Ev0FUTURE').execute()).toEqual([]);
    expect((await ctx().db.selectFrom('workspaces').select('status').where('id', '=', 'T0E2E').executeTakeFirst())?.status).toBe('active');
    // Within the window (4 minutes ahead, as a skewed clock may be) is served.
    expect((await h.emu.slashCommand({ user: bob, text: 'help' }, { timestamp: now + 4 * 60 })).status).toBe(200);
  });

  it("refuses (403) another workspace's requests in single-token mode, says so once in the log, and writes nothing", async () => {
    const fields = (await h.emu.slashCommand({ user: ann, text: 'help' })).fields;
    const other = { ...fields, team_id: 'T0OTHER', team_domain: 'other', user_id: 'U0INTRUDER' };
    for (let i = 0; i < 3; i++) expect((await h.emu.sendRaw(new URLSearchParams(other).toString(), FORM)).status).toBe(403);
    const event = { type: 'event_callback', team_id: 'T0OTHER', event_id: 'Ev0OTHER', event: { type: 'app_home_opened', user: 'U0INTRUDER', tab: 'home' } };
    expect((await h.emu.sendRaw(JSON.stringify(event), JSON_CT)).status).toBe(403);
    expect(h.logs.filter((l) => l.includes('refusing requests from another workspace') && l.includes('T0OTHER'))).toHaveLength(1);
    expect(await ctx().db.selectFrom('members').select('id').where('workspace_id', '=', 'T0OTHER').execute()).toEqual([]);
    expect(await ctx().db.selectFrom('workspaces').select('id').where('id', '=', 'T0OTHER').execute()).toEqual([]);
  });
});

/** The first action id in some blocks. */
function findAction(blocks: unknown[]): string {
  const m = /"action_id":"([^"]+)"/.exec(JSON.stringify(blocks));
  if (!m) throw new Error('no button in the reply');
  return m[1]!;
}
