// Slack mrkdwn → HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes, <links|text>,
// <@U…> user and <#C…> channel mentions, <!here>, <!date^…>, :emoji: shortcodes.
import { colorEmoji, emojify } from './emoji.js';

const HTML_ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => HTML_ESC[c]);
}
/** Slack escapes &, < and > in text; undo that before escaping for HTML. */
export function unslack(s) {
  return String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function emojiHtml(escaped) {
  return escaped.replace(/:([a-z0-9_+'-]+(?:::skin-tone-\d)?):/gi, (m, name) => {
    const e = emojify(name.toLowerCase());
    if (!e) return m;
    if (!colorEmoji) return `<span class="emoji-text" title="${e}">:${esc(name)}:</span>`;
    return `<span class="emoji" title=":${esc(name)}:">${e}</span>`;
  });
}

/** Plain text (plain_text objects): escaped, emoji when asked. */
export function plain(text, emoji = true) {
  const s = esc(text ?? '').replace(/\n/g, '<br>');
  return emoji ? emojiHtml(s) : s;
}

function formatDate(tokens, epoch, ctx, fallback) {
  const d = new Date(Number(epoch) * 1000);
  if (Number.isNaN(d.getTime())) return esc(fallback);
  const tz = ctx.tz || undefined;
  const fmt = (o) => new Intl.DateTimeFormat('en-US', { timeZone: tz, ...o }).format(d);
  return esc(
    tokens.replace(/\{(\w+)\}/g, (m, t) => {
      switch (t) {
        case 'date_num': return fmt({ year: 'numeric', month: '2-digit', day: '2-digit' });
        case 'date': return fmt({ year: 'numeric', month: 'long', day: 'numeric' });
        case 'date_short': return fmt({ year: 'numeric', month: 'short', day: 'numeric' });
        case 'date_long': return fmt({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
        case 'date_pretty': return fmt({ month: 'long', day: 'numeric' });
        case 'date_short_pretty': return fmt({ month: 'short', day: 'numeric' });
        case 'date_long_pretty': return fmt({ weekday: 'long', month: 'long', day: 'numeric' });
        case 'time': return fmt({ hour: 'numeric', minute: '2-digit' });
        case 'time_secs': return fmt({ hour: 'numeric', minute: '2-digit', second: '2-digit' });
        default: return m;
      }
    }),
  );
}

/** One <…> control sequence → HTML. */
function controlHtml(inner, ctx) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? null : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = ctx.userName?.(id) ?? label ?? id;
    const self = id === ctx.me ? ' self' : '';
    return `<span class="mention${self}" data-user="${esc(id)}">@${esc(unslack(name))}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = ctx.channelName?.(id) ?? label ?? id;
    return `<a class="mention channel" href="#" data-channel="${esc(id)}">#${esc(unslack(name))}</a>`;
  }
  if (target.startsWith('!')) {
    const cmd = target.slice(1);
    if (cmd === 'here' || cmd === 'channel' || cmd === 'everyone') return `<span class="mention broadcast">@${cmd}</span>`;
    if (cmd.startsWith('date^')) {
      const [, epoch = '', tokens = '', link] = cmd.split('^');
      const text = formatDate(tokens, epoch, ctx, unslack(label ?? ''));
      return link ? `<a href="${esc(unslack(link))}" target="_blank" rel="noopener">${text}</a>` : text;
    }
    if (cmd.startsWith('subteam^')) return `<span class="mention">${esc(unslack(label ?? '@team'))}</span>`;
    return esc(unslack(label ?? cmd));
  }
  const href = unslack(target);
  if (!/^(https?:|mailto:|tel:|slack:)/i.test(href)) return esc(unslack(`<${inner}>`));
  const text = label !== null ? unslack(label) : href.replace(/^mailto:/i, '');
  return `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer">${esc(text)}</a>`;
}

function inline(line, ctx) {
  const saved = [];
  const keep = (html) => `\uE000${saved.push(html) - 1}\uE001`;
  let s = line
    .replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${esc(unslack(code))}</code>`))
    .replace(/<([^<>\n]+)>/g, (_, inner) => keep(controlHtml(inner, ctx)));
  s = esc(unslack(s));
  s = s
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/g, '$1<b>$2</b>')
    .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?![\w_])/g, '$1<i>$2</i>')
    .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g, '$1<s>$2</s>');
  s = emojiHtml(s);
  return s.replace(/\uE000(\d+)\uE001/g, (_, i) => saved[Number(i)]);
}

/** Slack mrkdwn text → HTML. ctx: { userName(id), channelName(id), me, tz } */
export function mrkdwn(text, ctx = {}) {
  const parts = String(text ?? '').split('```');
  let html = '';
  parts.forEach((part, i) => {
    if (i % 2 === 1 && i < parts.length - 1) {
      html += `<pre class="code-block">${esc(unslack(part.replace(/^\n/, '')))}</pre>`;
      return;
    }
    const chunk = i % 2 === 1 ? '```' + part : part;
    const lines = chunk.split('\n');
    let quote = [];
    const out = [];
    const flush = () => {
      if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
      quote = [];
    };
    for (const line of lines) {
      const q = /^(?:&gt;|>)\s?(.*)$/.exec(line);
      if (q) quote.push(inline(q[1], ctx));
      else {
        flush();
        out.push(inline(line, ctx));
      }
    }
    flush();
    html += out.join('<br>').replace(/<br>(<blockquote>)/g, '$1').replace(/(<\/blockquote>)<br>/g, '$1');
  });
  return html;
}

/** A text object (plain_text or mrkdwn) → HTML. */
export function textObj(t, ctx) {
  if (!t) return '';
  if (typeof t === 'string') return mrkdwn(t, ctx);
  return t.type === 'mrkdwn' ? mrkdwn(t.text, ctx) : plain(t.text, t.emoji !== false);
}
