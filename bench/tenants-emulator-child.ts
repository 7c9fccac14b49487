/**
 * Many emulated workspaces in one process for bench/tenants.ts (forked with an IPC channel): each its own
 * emulator with its own bot token and Slack's limits (per workspace, as Slack applies them).
 *
 *   started by itself → { type: 'ready', workspaces: [{ id, url, token, users }] }
 *   { type: 'report' } → { type: 'report', workspaces: [{ id, perUser, posts, ok, http429, firstOkAt, lastOkAt }] }
 *   { type: 'stop' }   → the emulators stop and the process exits
 */
import { createEmulator, type Emulator, type RateLimitOptions } from '../src/sandbox/emulator/index.js';

if (!process.send) {
  console.error('tenants-emulator-child: start me with child_process.fork');
  process.exit(2);
}
const N = Number(process.env.TENANTS_N ?? 100);
const MEMBERS = Number(process.env.TENANTS_MEMBERS ?? 100);
const limits = JSON.parse(process.env.TENANTS_LIMITS ?? '{}') as RateLimitOptions;
const emus: { id: string; emu: Emulator; url: string; users: string[] }[] = [];
for (let i = 0; i < N; i++) {
  const id = `T${String(i).padStart(4, '0')}`;
  const emu = createEmulator({ botToken: `xoxb-${id.toLowerCase()}-bench`, team: { id, name: id, domain: id.toLowerCase() }, rateLimits: limits });
  const { url } = await emu.start();
  const users = Array.from({ length: MEMBERS }, (_, j) => emu.addUser({ name: `m${j}`, tz: 'UTC' }).id);
  emus.push({ id, emu, url, users });
}
process.on('message', (raw: unknown) => {
  const m = raw as { type: string };
  if (m.type === 'report') {
    process.send!({
      type: 'report',
      workspaces: emus.map(({ id, emu, users }) => {
        const posts = emu.calls('chat.postMessage');
        const ok = posts.filter((c) => c.ok);
        return { id, perUser: users.map((u) => emu.dmMessages(u).length), posts: posts.length, ok: ok.length, http429: posts.filter((c) => c.status === 429).length, firstOkAt: ok[0]?.at ?? null, lastOkAt: ok.at(-1)?.at ?? null };
      }),
    });
  } else if (m.type === 'stop') process.disconnect();
});
process.on('disconnect', () => {
  void Promise.all(emus.map((e) => e.emu.stop())).finally(() => process.exit(0));
});
process.send({ type: 'ready', workspaces: emus.map(({ id, emu, url, users }) => ({ id, url, token: emu.token, users })) });
