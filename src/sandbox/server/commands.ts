// Slash commands as Slack does them: the app's own command goes to the app, and Slack's /invite adds
// the app to a channel (and tells it, as Slack does).

import { HttpError } from '../http.js';
import { isObj, type Obj, type SandboxContext } from './context.js';

export async function invite(ctx: SandboxContext, user: string, channel: string, text: string) {
  const { emulator, appName } = ctx;
  const conv = emulator.conversation(channel);
  if (!conv || !conv.is_channel) throw new HttpError(400, '/invite works in channels');
  const bot = emulator.bot;
  const wanted = text.trim().replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, '$1').replace(/^@/, '').toLowerCase().replace(/\s+/g, '');
  if (![bot.user_id.toLowerCase(), bot.name.toLowerCase(), appName.toLowerCase().replace(/\s+/g, '')].includes(wanted)) {
    throw new HttpError(400, `In the sandbox, /invite adds the app: /invite @${bot.name}`);
  }
  if (!conv.members.includes(user)) throw new HttpError(400, `you are not a member of #${conv.name}`);
  if (conv.members.includes(bot.user_id)) return { ok: true, status: 200, already: true };
  emulator.joinChannel(conv.id, bot.user_id);
  emulator.postAsUser(bot.user_id, conv.id, `<@${bot.user_id}> joined #${conv.name} (invited by <@${user}>).`);
  const r = await emulator.event({ type: 'member_joined_channel', user: bot.user_id, channel: conv.id, channel_type: conv.is_private ? 'G' : 'C', team: emulator.team.id, inviter: user });
  return { ok: r.status === 200, status: r.status };
}

export async function runCommand(ctx: SandboxContext, user: string, channel: string, text: string) {
  const { emulator, command } = ctx;
  const m = /^(\/\S+)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) throw new HttpError(400, 'a slash command starts with /');
  const [, cmd = '', rest = ''] = m;
  if (cmd.toLowerCase() === '/invite') return invite(ctx, user, channel, rest);
  if (cmd.toLowerCase() !== command) throw new HttpError(400, `${cmd} is not a valid command. In this workspace, ${command} and /invite @callbuddy are.`);
  const res = await emulator.slashCommand({ user, channel, text: rest, command });
  // Slack shows an ack body to the member ("Only visible to you"), or in the channel.
  let reply: Obj | null = null;
  if (res.status !== 200) {
    reply = { text: `${command} failed with the error "dispatch_failed" (the app answered HTTP ${res.status}).` };
  } else if (isObj(res.body) && (typeof res.body.text === 'string' || Array.isArray(res.body.blocks))) {
    reply = res.body;
  } else if (typeof res.body === 'string' && res.body.trim() !== '') {
    reply = { text: res.body };
  }
  if (reply) {
    await fetch(res.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
  }
  return { ok: res.status === 200, status: res.status };
}
