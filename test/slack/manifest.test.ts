// manifest.yml: valid against Slack's manifest JSON Schema, and its bot scopes cover every Web API
// method the app calls (found by reading src/, outside the emulator).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../src/platform/scopes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(root, '../shared/slack');
const schemaDir = path.join(shared, 'manifest-schema');
const methodsFile = path.join(shared, 'slack-api-ref.methods-subset.json');
const haveShared = fs.existsSync(path.join(schemaDir, 'manifest.schema.json'));
if (!haveShared) console.warn(`manifest test: ${schemaDir} is absent; schema and scope checks are skipped`);

interface Manifest {
  _metadata: { major_version: number };
  features: { slash_commands: { command: string; url?: string; usage_hint?: string }[]; app_home: Record<string, boolean> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean }; event_subscriptions: { bot_events: string[] } };
}

const manifest = parse(fs.readFileSync(path.join(root, 'manifest.yml'), 'utf8')) as Manifest;

/** Files of the app itself (the emulator lists every method it emulates, so it is left out). */
function appSources(dir = path.join(root, 'src')): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (p !== path.join(root, 'src', 'sandbox')) out.push(...appSources(p));
    } else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Web API methods named in the code: `client.chat.postMessage(`, and method strings such as 'views.publish'. */
function calledMethods(): Set<string> {
  const methods = new Set<string>();
  const families = 'chat|conversations|users|views|files|reactions|team|usergroups|pins|bookmarks|reminders|dnd|emoji';
  const call = new RegExp(`\\bclient\\.(${families})\\.([a-zA-Z]+)\\(`, 'g');
  const literal = new RegExp(`['"\`]((?:${families})\\.[a-zA-Z]+(?:\\+(?:${families})\\.[a-zA-Z]+)*)['"\`]`, 'g');
  for (const file of appSources()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(call)) methods.add(`${m[1]}.${m[2]}`);
    for (const m of text.matchAll(literal)) for (const part of m[1]!.split('+')) methods.add(part);
  }
  return methods;
}

describe('manifest.yml', () => {
  it('declares /calls, the Home and Messages tabs, interactivity and the bot events', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/calls']);
    expect(manifest.features.slash_commands[0]!.usage_hint).toBeTruthy();
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      ['app_home_opened', 'app_uninstalled', 'member_joined_channel', 'member_left_channel', 'tokens_revoked'],
    );
  });

  it('asks OAuth installs for exactly its bot scopes (BOT_SCOPES)', () => {
    expect([...BOT_SCOPES]).toEqual(manifest.oauth_config.scopes.bot);
  });

  it.skipIf(!haveShared)("is valid against Slack's manifest schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const v of ['1.0.0', '2.0.0']) {
      const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, `manifest.schema.${v}.json`), 'utf8')) as object;
      ajv.addSchema(schema, `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${v}.json`);
    }
    const router = JSON.parse(fs.readFileSync(path.join(schemaDir, 'manifest.schema.json'), 'utf8')) as object;
    const validate = ajv.compile(router);
    const ok = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
    // The schema does catch a broken manifest.
    expect(validate({ ...manifest, settings: { ...manifest.settings, socket_mode_enabled: 'no' } })).toBe(false);
  });

  it.skipIf(!haveShared)('lists a bot scope for every Web API method the app calls, and no scope it does not need', () => {
    const ref = JSON.parse(fs.readFileSync(methodsFile, 'utf8')) as { methods: Record<string, { scope: { bot?: string[] } }> };
    const granted = new Set(manifest.oauth_config.scopes.bot);
    const methods = calledMethods();
    expect(methods.has('views.open')).toBe(true);
    expect(methods.has('users.info')).toBe(true);
    const needed = new Set<string>(['commands']);
    for (const method of methods) {
      const info = ref.methods[method];
      expect(info, `${method} is not in the method reference`).toBeDefined();
      const options = info!.scope.bot ?? [];
      if (options.length === 0) continue;
      // Slack lists alternatives (one per conversation type); the app needs the ones it has.
      const have = options.filter((s) => granted.has(s));
      expect(have, `${method} needs one of ${options.join(', ')}`).not.toEqual([]);
      for (const s of have) needed.add(s);
    }
    // member_joined_channel / member_left_channel need channels:read (public) and groups:read (private).
    needed.add('channels:read');
    needed.add('groups:read');
    expect([...granted].filter((s) => !needed.has(s))).toEqual([]);
  });
});
