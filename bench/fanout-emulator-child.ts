/**
 * The Slack emulator for the fan-out benchmark, in its own process, so that its call log, its
 * 10,000 conversations and messages and its HTTP handling neither count in the worker's RSS nor
 * share the worker's event loop. Started by bench/fanout.ts with `child_process.fork`:
 *
 *   fork('bench/fanout-emulator-child.ts', [], { execArgv: ['--import', 'tsx'], env: { FANOUT_EMU_LIMITS: '{…}' } })
 *
 * IPC protocol (request → reply, one at a time):
 *   started by itself          → { type: 'ready', url, token }
 *   { type: 'addUsers', names } → { type: 'users', ids }
 *   { type: 'report', users }   → { type: 'report', perUser (messages in each user's DM), posts, ok, http429,
 *                                   firstOkAt, lastOkAt, peakRssBytes }
 *   { type: 'stop' }            → { type: 'stopped' }, then the emulator stops and the process exits
 */
import { createEmulator, type RateLimitOptions } from '../src/sandbox/emulator/index.js';

type Request = { type: 'addUsers'; names: string[] } | { type: 'report'; users: string[] } | { type: 'stop' };

const send = (msg: unknown): void => {
  process.send?.(msg);
};

if (!process.send) {
  console.error('fanout-emulator-child: start me with child_process.fork (IPC channel needed)');
  process.exit(2);
}

const limits = JSON.parse(process.env.FANOUT_EMU_LIMITS ?? '{}') as RateLimitOptions;
const emu = createEmulator({ rateLimits: limits });
const { url } = await emu.start();

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const peak = (): number => Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

process.on('message', (raw: unknown) => {
  const m = raw as Request;
  void (async () => {
    if (m.type === 'addUsers') {
      const ids = m.names.map((name) => emu.addUser({ name, tz: 'UTC' }).id);
      send({ type: 'users', ids });
    } else if (m.type === 'report') {
      const posts = emu.calls('chat.postMessage');
      const ok = posts.filter((c) => c.ok);
      send({
        type: 'report',
        perUser: m.users.map((u) => emu.dmMessages(u).length),
        posts: posts.length,
        ok: ok.length,
        http429: posts.filter((c) => c.status === 429).length,
        firstOkAt: ok[0]?.at ?? null,
        lastOkAt: ok[ok.length - 1]?.at ?? null,
        peakRssBytes: peak(),
      });
    } else if (m.type === 'stop') {
      send({ type: 'stopped' });
      process.disconnect(); // → the 'disconnect' handler stops the emulator and exits
    }
  })();
});
// The parent went away: do not linger.
process.on('disconnect', () => {
  clearInterval(sampler);
  void emu.stop().finally(() => process.exit(0));
});

send({ type: 'ready', url, token: emu.token });
