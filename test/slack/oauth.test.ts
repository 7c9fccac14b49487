// OAuth mode end to end: installs through Bolt's installer against emulated workspaces, the state
// check, the welcome DM, tokens sealed in the database, re-installs, uninstall and revocation.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { startOAuthProduct, type OAuthProduct } from '../helpers/oauth.js';
import { until } from '../helpers/wait.js';
import { commandReply } from './harness.js';

describeDb('OAuth install', (ctx) => {
  let p: OAuthProduct;
  let ann: string;
  let bea: string;
  beforeAll(async () => {
    p = await startOAuthProduct(ctx(), [
      { id: 'T0AAA', name: 'Acme', domain: 'acme' },
      { id: 'T0BBB', name: 'Bolt', domain: 'bolt' },
    ]);
    ann = p.teams.T0AAA!.addUser({ name: 'ann', tz: 'Europe/Berlin', tz_offset: 3600, is_admin: true }).id;
    bea = p.teams.T0BBB!.addUser({ name: 'bea', tz: 'America/New_York', tz_offset: -18000, is_admin: true }).id;
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('/slack/install shows "Add to Slack" with the state cookie; a callback without that browser session is refused', async () => {
    const page = await fetch(`${p.base}/slack/install`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Add to Slack');
    expect(page.headers.get('set-cookie')).toMatch(/slack-app-oauth-state=/);
    const href = /href="([^"]+)"/.exec(html.slice(html.indexOf('add-to-slack')))![1]!.replace(/&amp;/g, '&');
    const q = new URL(href).searchParams;
    expect(q.get('client_id')).toBe('1234.5678');
    expect(q.get('scope')!.split(',')).toContain('chat:write');
    // Allow, but come back without the cookie (another browser): refused, nothing stored.
    const emu = p.teams.T0AAA!;
    const allow = await fetch(emu.authorizeUrl, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...Object.fromEntries(q), user: ann, decision: 'allow' }) });
    const back = await fetch(allow.headers.get('location')!);
    expect(back.status).toBe(400);
    expect(await back.text()).toContain('not installed');
    // A forged state with the cookie to match is refused too (it is not signed with our state secret).
    const forged = new URL(allow.headers.get('location')!);
    forged.searchParams.set('state', 'forged');
    expect((await fetch(forged, { headers: { cookie: 'slack-app-oauth-state=forged' } })).status).toBe(400);
    const rows = await ctx().db.selectFrom('installations').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('installs two workspaces; each installer gets a welcome DM in their own workspace; tokens are sealed', async () => {
    const a = await p.install('T0AAA', ann);
    expect(a.status).toBe(200);
    expect(a.body).toContain('Call Buddy is installed');
    expect((await p.install('T0BBB', bea)).status).toBe(200);
    await until(() => p.teams.T0AAA!.dmMessages(ann).length > 0 && p.teams.T0BBB!.dmMessages(bea).length > 0);
    expect(p.teams.T0AAA!.dmMessages(ann)[0]!.text).toContain('Thanks for adding Call Buddy to Acme');
    expect(p.teams.T0BBB!.dmMessages(bea)[0]!.text).toContain('Thanks for adding Call Buddy to Bolt');
    const rows = await ctx().db.selectFrom('installations').selectAll().orderBy('workspace_id').execute();
    expect(rows.map((r) => [r.workspace_id, r.installed_by, r.bot_user_id, r.is_enterprise_install])).toEqual([
      ['T0AAA', ann, 'U0BOTAAA', false],
      ['T0BBB', bea, 'U0BOTBBB', false],
    ]);
    const tokens = [...p.teams.T0AAA!.validTokens(), ...p.teams.T0BBB!.validTokens()];
    expect(tokens).toHaveLength(2);
    for (const r of rows) {
      expect(r.bot_token_enc).toMatch(/^v1\./);
      expect(r.bot_token_key_id).toBe(p.cipher.currentKeyId);
    }
    // No table holds a token in plain text, and no log line does.
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(ctx().db);
    for (const { table_name } of tables.rows) {
      const dump = await sql<{ t: string }>`select t::text as t from ${sql.table(table_name)} t`.execute(ctx().db);
      for (const token of tokens) expect(dump.rows.some((r) => r.t.includes(token)), `${table_name} holds a token`).toBe(false);
    }
    for (const token of tokens) expect(p.logs.some((l) => l.includes(token))).toBe(false);
  });

  it('commands in each workspace are answered in that workspace, through its own token', async () => {
    const ra = await commandReply({ emu: p.teams.T0AAA! }, ann, 'today');
    expect(ra.all).toContain('0/5');
    const rb = await commandReply({ emu: p.teams.T0BBB! }, bea, 'week');
    expect(rb.all).toContain('0/5');
    const members = await ctx().db.selectFrom('members').select(['workspace_id', 'slack_user_id']).orderBy('workspace_id').execute();
    expect(members).toEqual([{ workspace_id: 'T0AAA', slack_user_id: ann }, { workspace_id: 'T0BBB', slack_user_id: bea }]);
  });

  it('a re-install updates the row (installed_at kept, updated_at moved) and seals the token afresh', async () => {
    const before = await ctx().db.selectFrom('installations').selectAll().where('workspace_id', '=', 'T0AAA').executeTakeFirstOrThrow();
    p.clock.advance(60_000);
    expect((await p.install('T0AAA', ann)).status).toBe(200);
    const after = await ctx().db.selectFrom('installations').selectAll().where('workspace_id', '=', 'T0AAA').executeTakeFirstOrThrow();
    expect(after.installed_at.getTime()).toBe(before.installed_at.getTime());
    expect(after.updated_at!.getTime()).toBeGreaterThan(before.updated_at!.getTime());
    expect(after.bot_token_enc).not.toBe(before.bot_token_enc); // a fresh IV each seal
    expect(await ctx().db.selectFrom('installations').select('workspace_id').execute()).toHaveLength(2);
  });

  it('app_uninstalled clears the tokens at once, cancels pending messages, stops answering; the other workspace is untouched', async () => {
    const db = ctx().db;
    const member = await db.selectFrom('members').selectAll().where('workspace_id', '=', 'T0AAA').executeTakeFirstOrThrow();
    // A scheduled message waiting for later.
    await db.insertInto('outbox').values({ workspace_id: 'T0AAA', dedupe_key: 'later:1', kind: 'plan', method: 'chat.postMessage', channel_key: ann, payload: JSON.stringify({ channel: ann, text: 'later' }), member_id: member.id, not_before: new Date(p.clock.now().getTime() + 3_600_000), created_at: p.clock.now() }).execute();
    await db.insertInto('outbox').values({ workspace_id: 'T0BBB', dedupe_key: 'later:1', kind: 'plan', method: 'chat.postMessage', channel_key: bea, payload: JSON.stringify({ channel: bea, text: 'later' }), not_before: new Date(p.clock.now().getTime() + 3_600_000), created_at: p.clock.now() }).execute();
    const r = await p.teams.T0AAA!.uninstallApp();
    expect(r.status).toBe(200);
    await until(async () => (await db.selectFrom('installations').select('bot_token_enc').where('workspace_id', '=', 'T0AAA').executeTakeFirstOrThrow()).bot_token_enc === null);
    const ws = await db.selectFrom('workspaces').selectAll().orderBy('id').execute();
    expect(ws.map((w) => [w.id, w.status])).toEqual([['T0AAA', 'uninstalled'], ['T0BBB', 'active']]);
    expect(ws[0]!.uninstalled_at).not.toBeNull();
    const later = await db.selectFrom('outbox').select(['workspace_id', 'status']).where('dedupe_key', '=', 'later:1').orderBy('workspace_id').execute();
    expect(later).toEqual([{ workspace_id: 'T0AAA', status: 'cancelled' }, { workspace_id: 'T0BBB', status: 'pending' }]);
    // A command from the uninstalled workspace is not served (no installation: Bolt's authorize refuses it).
    const before = p.teams.T0AAA!.ephemerals(ann).length;
    await p.teams.T0AAA!.slashCommand({ user: ann, text: 'today' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(p.teams.T0AAA!.ephemerals(ann).length).toBe(before);
    // The other workspace still is.
    expect((await commandReply({ emu: p.teams.T0BBB! }, bea, 'today')).all).toContain('0/5');
    // The history is kept for the retention period.
    expect(await db.selectFrom('members').select('id').where('workspace_id', '=', 'T0AAA').execute()).toHaveLength(1);
  });

  it('a re-install within the retention period keeps the history and says so; "start fresh" deletes it', async () => {
    const db = ctx().db;
    expect((await p.install('T0AAA', ann)).status).toBe(200);
    await until(() => p.teams.T0AAA!.dmMessages(ann).some((m) => m.text.includes('Thanks') && JSON.stringify(m.blocks).includes('Welcome back')));
    expect((await db.selectFrom('workspaces').select('status').where('id', '=', 'T0AAA').executeTakeFirstOrThrow()).status).toBe('active');
    expect(await db.selectFrom('members').select('id').where('workspace_id', '=', 'T0AAA').execute()).toHaveLength(1);
    p.clock.advance(60_000);
    expect((await p.install('T0AAA', ann, '/slack/start-fresh')).status).toBe(200);
    expect(await db.selectFrom('members').select('id').where('workspace_id', '=', 'T0AAA').execute()).toHaveLength(0);
    expect(await db.selectFrom('members').select('id').where('workspace_id', '=', 'T0BBB').execute()).toHaveLength(1);
    expect((await db.selectFrom('installations').select('bot_token_enc').where('workspace_id', '=', 'T0AAA').executeTakeFirstOrThrow()).bot_token_enc).toMatch(/^v1\./);
  });

  it('tokens_revoked clears the token too', async () => {
    const db = ctx().db;
    await p.teams.T0BBB!.revokeTokens();
    await until(async () => (await db.selectFrom('installations').select('bot_token_enc').where('workspace_id', '=', 'T0BBB').executeTakeFirstOrThrow()).bot_token_enc === null);
    expect((await db.selectFrom('outbox').select('status').where('workspace_id', '=', 'T0BBB').where('dedupe_key', '=', 'later:1').executeTakeFirstOrThrow()).status).toBe('cancelled');
  });
});

describeDb('OAuth over Socket Mode', (ctx) => {
  let p: OAuthProduct;
  afterAll(async () => {
    await p?.stop();
  });

  it('installs through the install pages on PORT, then serves the workspace over the WebSocket with its own token', async () => {
    p = await startOAuthProduct(ctx(), [{ id: 'T0SOC', name: 'Socket Co', domain: 'socket' }], { socket: true });
    const emu = p.teams.T0SOC!;
    const sam = emu.addUser({ name: 'sam', tz: 'Europe/Berlin', tz_offset: 3600, is_admin: true }).id;
    await until(() => emu.socketConnections > 0);
    expect((await fetch(`${p.base}/healthz`)).status).toBe(200);
    const r = await p.install('T0SOC', sam);
    expect(r.status).toBe(200);
    await until(() => emu.dmMessages(sam).some((m) => m.text.includes('Thanks for adding Call Buddy')));
    expect((await commandReply({ emu }, sam, 'today')).all).toContain('0/5');
    const row = await ctx().db.selectFrom('installations').select(['workspace_id', 'bot_token_enc']).executeTakeFirstOrThrow();
    expect(row.workspace_id).toBe('T0SOC');
    expect(row.bot_token_enc).toMatch(/^v1\./);
  });
});

describeDb('OAuth: an org-wide (Enterprise Grid) install', (ctx) => {
  let p: OAuthProduct;
  afterAll(async () => {
    await p?.stop();
  });

  it('stores the install for the org, serves the org\'s workspace with the org token, and an uninstall stops both', async () => {
    p = await startOAuthProduct(ctx(), [{ id: 'T0ORG1', name: 'Org team', domain: 'orgteam', enterprise: { id: 'E0GRID', name: 'Grid Co' } }]);
    const emu = p.teams.T0ORG1!;
    const olu = emu.addUser({ name: 'olu', tz: 'Europe/Berlin', tz_offset: 3600, is_admin: true }).id;
    expect((await p.install('T0ORG1', olu, '/slack/install', true)).status).toBe(200);
    const db = ctx().db;
    const row = await db.selectFrom('installations').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ workspace_id: 'E0GRID', enterprise_id: 'E0GRID', is_enterprise_install: true, enterprise_name: 'Grid Co' });
    await until(() => emu.dmMessages(olu).some((m) => m.text.includes('Thanks for adding Call Buddy to Grid Co')));
    // A command from a workspace of the org: authorized by the org install, answered, remembered as the org's.
    expect((await commandReply({ emu }, olu, 'today')).all).toContain('0/5');
    expect((await db.selectFrom('workspaces').select('enterprise_id').where('id', '=', 'T0ORG1').executeTakeFirstOrThrow()).enterprise_id).toBe('E0GRID');
    expect(await db.selectFrom('members').select('workspace_id').execute()).toEqual([{ workspace_id: 'T0ORG1' }]);
    await emu.uninstallApp();
    await until(async () => (await db.selectFrom('workspaces').select('status').where('id', '=', 'T0ORG1').executeTakeFirstOrThrow()).status === 'uninstalled');
    expect((await db.selectFrom('installations').select('bot_token_enc').executeTakeFirstOrThrow()).bot_token_enc).toBeNull();
    expect((await db.selectFrom('workspaces').select('status').where('id', '=', 'E0GRID').executeTakeFirstOrThrow()).status).toBe('uninstalled');
  });
});
