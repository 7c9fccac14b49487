/* global document, fetch, localStorage, EventSource, setTimeout, clearTimeout, setInterval, console */
// The sandbox page: a small Slack. Talks only to /sandbox/api (which acts through the emulator).
import { fileScope, fileUrl, h, renderBlocks } from './blocks.js';
import { esc, mrkdwn, plain } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
// The workspace shown (the switcher); the member acted as and the open conversation are kept per workspace.
const savedWs = localStorage.getItem('sandbox.ws') || null;
const S = {
  workspace: savedWs,
  workspaces: [],
  demo: null,
  users: [], bot: null, team: null, command: '/calls', subcommands: [],
  me: localStorage.getItem(`sandbox.as.${savedWs}`) || localStorage.getItem('sandbox.as') || null,
  current: localStorage.getItem(`sandbox.conv.${savedWs}`) || localStorage.getItem('sandbox.conv') || null,
  tab: 'home',
  conversations: [],
  clock: null,
  drafts: {},
  keys: {},
  lastSeenTs: {},
};


// ---------------------------------------------------------------- helpers
/** A call in the shown workspace (`workspace`: in the query of a GET, in the body of a POST). */
async function api(path, body) {
  const ws = S.workspace && path !== '/workspaces' ? S.workspace : null;
  const url = ws && body === undefined ? `${path}${path.includes('?') ? '&' : '?'}workspace=${encodeURIComponent(ws)}` : path;
  const payload = ws && body !== undefined ? { ...body, workspace: ws } : body;
  const res = await fetch(`/sandbox/api${url}`, payload === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new Error(data?.error ?? `HTTP ${res.status}`);
  return data;
}

let toastTimer;
function toast(text, error = false) {
  const t = $('toast');
  t.textContent = text;
  t.className = `toast${error ? ' error' : ''}`;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.hidden = true), error ? 6000 : 3000);
}

const PHONE_SVG = '<svg viewBox="0 0 24 24" width="60%" height="60%" fill="#fff" aria-hidden="true"><path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>';
const EYE_SVG = '<svg class="eye" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5C6.5 5 2.7 9.1 1.5 12c1.2 2.9 5 7 10.5 7s9.3-4.1 10.5-7C21.3 9.1 17.5 5 12 5zm0 11.5a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9zm0-2.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z"/></svg>';
const PALETTE = ['#e8912d', '#2eb67d', '#36c5f0', '#e01e5a', '#9b59b6', '#4a8bd6', '#d1603d', '#1f8a70', '#c2457a', '#6a5acd'];
function colorFor(id) {
  let n = 0;
  for (const c of id ?? '') n = (n * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[n % PALETTE.length];
}
const userById = (id) => S.users.find((u) => u.id === id) ?? (S.bot && S.bot.id === id ? S.bot : null);
function avatar(id, size = '') {
  const u = userById(id);
  if (u?.isBot) return h('span', { class: `avatar app ${size}`, 'aria-hidden': 'true', html: PHONE_SVG });
  return h('span', { class: `avatar ${size}`, style: `background:${colorFor(id)}`, 'aria-hidden': 'true' }, u?.initials ?? '?');
}
const meUser = () => userById(S.me);
const myTz = () => meUser()?.tz ?? 'UTC';
const ctx = () => ({
  me: S.me,
  tz: myTz(),
  userName: (id) => userById(id)?.realName,
  channelName: (id) => S.conversations.find((c) => c.id === id)?.name,
});
const city = (tz) => (tz.split('/').pop() ?? tz).replace(/_/g, ' ');
function fmt(date, o) {
  return new Intl.DateTimeFormat('en-US', { timeZone: myTz(), ...o }).format(date);
}
function dayKey(date) {
  return fmt(date, { year: 'numeric', month: '2-digit', day: '2-digit' });
}
function dayLabel(date) {
  const now = S.clock ? new Date(S.clock.now) : new Date();
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getTime() - 86_400_000));
  const k = dayKey(date);
  if (k === today) return 'Today';
  if (k === yesterday) return 'Yesterday';
  return fmt(date, { weekday: 'long', month: 'long', day: 'numeric' });
}

function confirmDialog(c) {
  return new Promise((resolve) => {
    const done = (v) => {
      back.remove();
      resolve(v);
    };
    const back = h(
      'div',
      { class: 'modal-backdrop' },
      h(
        'div',
        { class: 'modal', role: 'dialog', 'aria-modal': 'true' },
        h('div', { class: 'modal-head' }, h('div', { class: 'modal-title', html: plain(c.title?.text ?? 'Are you sure?') })),
        h('div', { class: 'modal-body' }, h('div', { class: 'confirm-text', html: c.text?.type === 'mrkdwn' ? mrkdwn(c.text.text, ctx()) : plain(c.text?.text ?? '') })),
        h(
          'div',
          { class: 'modal-foot' },
          h('button', { class: 'btn', type: 'button', onclick: () => done(false) }, c.deny?.text ?? 'Cancel'),
          h('button', { class: `btn ${c.style === 'danger' ? 'btn-danger' : 'btn-primary'}`, type: 'button', onclick: () => done(true) }, c.confirm?.text ?? 'Yes'),
        ),
      ),
    );
    document.body.append(back);
  });
}

// ---------------------------------------------------------------- actions
async function act(target, el, blockId, extra) {
  try {
    await api('/action', { as: S.me, ...target, actionId: el.action_id, blockId, ...extra });
  } catch (err) {
    toast(err.message, true);
  }
  await refresh();
}

async function sendComposer(text) {
  const conv = currentConv();
  if (!conv || !text.trim()) return;
  try {
    await api('/command', { as: S.me, channel: conv.id, text });
  } catch (err) {
    toast(err.message, true);
  }
  await refresh();
}

// ---------------------------------------------------------------- rendering
function currentConv() {
  return S.conversations.find((c) => c.id === S.current) ?? null;
}

function renderSidebar() {
  const lists = { channel: $('channels'), group: $('dms'), app: $('apps') };
  for (const l of Object.values(lists)) l.replaceChildren();
  const sorted = [...S.conversations].sort((a, b) => a.name.localeCompare(b.name));
  for (const c of sorted) {
    const active = c.id === S.current;
    const unread = c.unread > 0 && !active;
    const other = c.members.find((m) => m.id !== S.me);
    const icon = c.kind === 'channel' ? h('span', { class: 'hash' }, c.isPrivate ? '🔒' : '#') : c.kind === 'app' ? avatar(S.bot?.id, 'avatar-xs') : avatar(other?.id, 'avatar-xs');
    const li = h(
      'li',
      {
        class: `side-item${active ? ' active' : ''}${unread ? ' unread' : ''}`,
        'data-conv': c.id, 'data-name': c.name, role: 'button', tabindex: '0',
        onclick: () => select(c.id),
        onkeydown: (e) => e.key === 'Enter' && select(c.id),
      },
      icon,
      h('span', { class: 'label' }, c.name),
      unread ? (c.kind === 'channel' ? h('span', { class: 'dot', title: `${c.unread} unread` }) : h('span', { class: 'badge' }, String(c.unread))) : null,
    );
    lists[c.kind]?.append(li);
  }
}

function renderHeader(conv) {
  const head = $('pane-header');
  head.replaceChildren();
  if (!conv) return;
  if (conv.kind === 'app') {
    head.append(avatar(S.bot?.id, 'avatar-sm'), h('span', { class: 'pane-title' }, conv.name), h('span', { class: 'pane-sub' }, 'App · weekly plans, check-ins, streaks'));
  } else {
    head.append(h('span', { class: 'pane-title' }, conv.kind === 'channel' ? `# ${conv.name}` : conv.name));
    const stack = h('span', { class: 'member-stack', title: conv.members.map((m) => m.name).join(', ') });
    for (const m of conv.members.slice(0, 3)) stack.append(avatar(m.id, 'avatar-xs'));
    stack.append(h('span', {}, ` ${conv.members.length}`));
    head.append(stack);
  }
  const tabs = $('tabs');
  tabs.hidden = conv.kind !== 'app';
  for (const t of tabs.querySelectorAll('.tab')) t.classList.toggle('active', t.dataset.tab === S.tab);
}

function messageEl(m, cont, conv) {
  const d = new Date(Number(m.ts) * 1000);
  const time = fmt(d, { hour: 'numeric', minute: '2-digit' });
  const body = h('div', { class: 'msg-body' });
  if (m.ephemeral) body.append(h('div', { class: 'only-you', html: `${EYE_SVG} Only visible to you` }));
  if (!cont) {
    body.append(
      h('div', { class: 'msg-head' }, h('span', { class: 'msg-author' }, m.author), m.bot ? h('span', { class: 'app-tag' }, 'App') : null, h('span', { class: 'msg-time', title: fmt(d, { dateStyle: 'full', timeStyle: 'short' }) }, time)),
    );
  }
  const target = { channel: conv.id, ts: m.ts };
  if (m.blocks?.length) {
    body.append(
      renderBlocks(m.blocks, {
        ctx: ctx(), surface: 'message', users: S.users, conversations: S.conversations, confirm: confirmDialog,
        onAction: (el, blockId, extra) => act(target, el, blockId, extra),
      }),
    );
  } else {
    body.append(h('div', { class: 'msg-text', html: mrkdwn(m.text, ctx()) }));
  }
  for (const f of m.files ?? []) {
    const src = fileUrl(f.id);
    body.append(
      f.mimetype.startsWith('image/')
        ? h('figure', { class: 'b-image msg-file' }, h('figcaption', {}, f.title), h('img', { src, alt: f.title }))
        : h('a', { class: 'msg-file', href: src, download: f.name }, `\u{1F4CE} ${f.title}`),
    );
  }
  if (m.edited) body.append(h('span', { class: 'edited' }, '(edited)'));
  const row = h('div', { class: `msg${cont ? ' cont' : ''}${m.ephemeral ? ' ephemeral' : ''}`, 'data-ts': m.ts, 'data-ephemeral': m.ephemeral ? 'true' : null });
  if (cont) row.append(h('span', { class: 'msg-time-hover' }, time));
  row.append(h('div', { class: 'msg-gutter' }, avatar(m.user ?? S.bot?.id)), body);
  return row;
}

function renderMessages(conv, messages) {
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const prevLast = S.lastSeenTs[conv.id];
  box.replaceChildren();
  if (messages.length === 0) {
    box.append(h('div', { class: 'empty' }, conv.kind === 'channel' ? `This is the very beginning of #${conv.name}.` : 'No messages yet.'));
  }
  let prev = null;
  let lastDay = '';
  for (const m of messages) {
    const d = new Date(Number(m.ts) * 1000);
    const day = dayKey(d);
    if (day !== lastDay) {
      box.append(h('div', { class: 'day-divider' }, h('span', {}, dayLabel(d))));
      lastDay = day;
      prev = null;
    }
    const cont = prev && prev.author === m.author && prev.ephemeral === m.ephemeral && Number(m.ts) - Number(prev.ts) < 300;
    const el = messageEl(m, cont, conv);
    if (prevLast && Number(m.ts) > Number(prevLast)) el.classList.add('new-flash');
    box.append(el);
    prev = m;
  }
  S.lastSeenTs[conv.id] = messages.at(-1)?.ts ?? '0';
  if (atBottom || prevLast === undefined || (messages.at(-1) && Number(messages.at(-1).ts) > Number(prevLast ?? 0))) box.scrollTop = box.scrollHeight;
}

function renderHome(view) {
  const box = $('home');
  box.replaceChildren();
  if (!view) {
    box.append(h('div', { class: 'empty' }, 'Opening Call Buddy…'));
    return;
  }
  box.append(
    renderBlocks(view.blocks, {
      ctx: ctx(), surface: 'home', users: S.users, conversations: S.conversations, confirm: confirmDialog,
      draft: draftFor(view.id),
      onAction: (el, blockId, extra) => act({ viewId: view.id }, el, blockId, extra),
    }),
  );
}

function draftFor(viewId) {
  const d = (S.drafts[viewId] ??= {});
  return {
    get: (b, a) => d[b]?.[a],
    set: (b, a, v) => ((d[b] ??= {})[a] = v),
  };
}

function renderModal(data) {
  const root = $('modal-root');
  const view = data?.view;
  const key = view ? `${view.id}:${view.hash}:${JSON.stringify(data.errors)}` : '';
  if (key === S.keys.modal) return;
  S.keys.modal = key;
  root.replaceChildren();
  if (!view) return;
  const title = view.title?.text ?? '';
  const submit = view.submit?.text;
  const close = view.close?.text ?? (submit ? 'Cancel' : 'Close');
  const problem = h('span', { class: 'modal-problem', role: 'status' });
  const doClose = async () => {
    try {
      await api('/close', { as: S.me, viewId: view.id });
    } catch (err) {
      toast(err.message, true);
    }
    await refresh();
  };
  const doSubmit = async (btn) => {
    btn.disabled = true;
    btn.classList.add('busy');
    try {
      const r = await api('/submit', { as: S.me, viewId: view.id, values: S.drafts[view.id] ?? {} });
      // 'required': as in Slack, a required input is empty, so nothing went to the app; the modal
      // (refreshed below) shows "Please complete this required field." under each empty input.
      if (r.outcome === 'failed') problem.textContent = 'The app could not handle that. Try again.';
      if (r.outcome === 'closed' || r.outcome === 'cleared') delete S.drafts[view.id];
    } catch (err) {
      problem.textContent = err.message;
    } finally {
      btn.disabled = false;
      btn.classList.remove('busy');
    }
    await refresh();
  };
  const submitBtn = submit ? h('button', { class: 'btn btn-primary', type: 'button', 'data-role': 'submit' }, submit) : null;
  submitBtn?.addEventListener('click', () => doSubmit(submitBtn));
  const dialog = h(
    'div',
    { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': title, 'data-view-id': view.id, 'data-callback-id': view.callbackId },
    h('div', { class: 'modal-head' }, avatar(S.bot?.id, 'avatar-sm'), h('div', { class: 'modal-title', html: plain(title) }), h('button', { class: 'modal-x', type: 'button', 'aria-label': 'Close', onclick: doClose }, '✕')),
    h(
      'div',
      { class: 'modal-body' },
      renderBlocks(view.blocks, {
        ctx: ctx(), surface: 'modal', users: S.users, conversations: S.conversations, confirm: confirmDialog,
        errors: data.errors, draft: draftFor(view.id),
        onAction: (el, blockId, extra) => act({ viewId: view.id }, el, blockId, extra),
        suggest: (el, blockId, value) => api('/suggest', { as: S.me, viewId: view.id, actionId: el.action_id, blockId, value }),
      }),
    ),
    h('div', { class: 'modal-foot' }, problem, h('button', { class: 'btn', type: 'button', 'data-role': 'close', onclick: doClose }, close), submitBtn),
  );
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') void doClose();
    if (e.key === 'Enter' && e.target.tagName === 'INPUT' && submitBtn) {
      e.preventDefault();
      void doSubmit(submitBtn);
    }
  });
  root.append(h('div', { class: 'modal-backdrop' }, dialog));
  const firstError = dialog.querySelector('.has-error input, .has-error textarea, .has-error select');
  (firstError ?? dialog.querySelector('input, textarea, select'))?.focus();
}

function renderClock(c) {
  S.clock = c;
  const now = new Date(c.now);
  $('clock-time').textContent = `${fmt(now, { weekday: 'short', month: 'short', day: 'numeric' })} · ${fmt(now, { hour: 'numeric', minute: '2-digit' })} (${city(myTz())})`;
  $('clock-time').title = `Sandbox time, shown in ${myTz()}. Time stands still until you move it.`;
  const next = c.next ? `Next: ${c.next.label} · ${fmt(new Date(c.next.at), { weekday: 'short', hour: 'numeric', minute: '2-digit' })}` : 'No event scheduled';
  $('clock-next').textContent = next;
  $('clock-next').title = next;
  $('next-event').disabled = c.busy || c.seeding || !c.next;
  $('plus-day').disabled = c.busy || c.seeding;
  $('busy').hidden = !c.seeding;
}

function renderActing() {
  const sel = $('acting');
  sel.replaceChildren(...S.users.map((u) => h('option', { value: u.id, selected: u.id === S.me }, `${u.realName} · ${city(u.tz)}`)));
  $('acting-avatar').replaceWith(Object.assign(avatar(S.me, 'avatar-sm'), { id: 'acting-avatar' }));
}

// ---------------------------------------------------------------- data flow
let refreshing = null;
let again = false;
async function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      try {
        await load();
      } catch (err) {
        console.warn('sandbox: refresh failed', err);
      }
    } while (again);
  })();
  try {
    await refreshing;
  } finally {
    refreshing = null;
  }
}

async function load() {
  const clock = await api('/clock');
  if (!clock.seeding && !S.workspaces.length) await loadWorkspaces();
  if (!clock.seeding && !S.users.length) await loadUsers();
  renderClock(clock);
  if (clock.seeding) return;
  const ws = S.workspace;
  const { conversations } = await api(`/conversations?as=${S.me}`);
  // Switched workspace meanwhile: the next round loads the new one.
  if (ws !== S.workspace) return;
  S.conversations = conversations;
  if (!currentConv()) {
    const first = conversations.find((c) => c.kind === 'channel' && c.isMember && c.id === S.demo?.channel) ?? conversations.find((c) => c.kind === 'channel' && c.isMember) ?? conversations[0];
    S.current = first?.id ?? null;
  }
  const conv = currentConv();
  renderHeader(conv);
  if (conv) {
    const showHome = conv.kind === 'app' && S.tab === 'home';
    $('home').hidden = !showHome;
    $('messages').hidden = showHome;
    $('composer').hidden = showHome;
    if (showHome) {
      const { view } = await api(`/home?as=${S.me}`);
      const key = view ? `${view.id}:${view.hash}` : 'none';
      if (key !== S.keys.home) {
        S.keys.home = key;
        renderHome(view);
      }
    } else {
      const data = await api(`/conversations/${conv.id}/messages?as=${S.me}`);
      const key = `${conv.id}:${S.me}:${JSON.stringify(data.messages)}`;
      if (key !== S.keys.messages) {
        S.keys.messages = key;
        renderMessages(conv, data.messages);
      }
      const c = S.conversations.find((x) => x.id === conv.id);
      if (c) c.unread = 0;
    }
  }
  renderSidebar();
  renderModal(await api(`/modal?as=${S.me}`));
}

async function loadWorkspaces() {
  const { workspaces } = await api('/workspaces');
  S.workspaces = workspaces;
  if (!workspaces.some((w) => w.id === S.workspace)) S.workspace = workspaces[0]?.id ?? null;
  setFileScope();
  renderSwitcher();
}

/** Files of the first (default) workspace need no workspace in their address. */
function setFileScope() {
  fileScope.workspace = S.workspace && S.workspace !== S.workspaces[0]?.id ? S.workspace : '';
}

/** The workspace switcher: one button per workspace, as Slack's workspace rail. */
function renderSwitcher() {
  const box = $('ws-switch');
  box.hidden = S.workspaces.length < 2;
  box.replaceChildren(
    ...S.workspaces.map((w) =>
      h('button', {
        type: 'button', class: `ws-btn${w.id === S.workspace ? ' active' : ''}`, 'data-ws': w.id, 'aria-pressed': String(w.id === S.workspace),
        title: `${w.name} (${w.members} members): a workspace of its own; nothing crosses between them`,
        onclick: () => void switchWorkspace(w.id),
      }, h('span', { class: 'ws-icon' }, w.name.slice(0, 1)), h('span', { class: 'ws-label' }, w.name)),
    ),
  );
}

async function switchWorkspace(id) {
  if (id === S.workspace) return;
  S.workspace = id;
  localStorage.setItem('sandbox.ws', id);
  setFileScope();
  S.users = [];
  S.conversations = [];
  S.me = localStorage.getItem(`sandbox.as.${id}`) || null;
  S.current = localStorage.getItem(`sandbox.conv.${id}`) || null;
  S.keys = {};
  S.drafts = {};
  renderSwitcher();
  await refresh();
  const conv = currentConv();
  $('composer-input').placeholder = conv ? (conv.kind === 'channel' ? `Message #${conv.name}` : `Message ${conv.name}`) : 'Message';
}

async function loadUsers() {
  const ws = S.workspace;
  const data = await api('/users');
  if (ws !== S.workspace) return;
  S.users = data.users;
  S.demo = data.demo ?? null;
  S.bot = data.bot;
  S.team = data.team;
  S.command = data.command ?? '/calls';
  S.subcommands = data.subcommands ?? [];
  if (!S.users.some((u) => u.id === S.me)) S.me = S.users[0]?.id ?? null;
  $('team-name').textContent = data.team?.name ?? 'Sandbox';
  renderActing();
}

async function select(id) {
  S.current = id;
  localStorage.setItem(`sandbox.conv.${S.workspace}`, id);
  const conv = currentConv();
  S.keys = {};
  if (conv?.kind === 'app' && S.tab === 'home') await openHome();
  $('composer-input').placeholder = conv ? (conv.kind === 'channel' ? `Message #${conv.name}` : `Message ${conv.name}`) : 'Message';
  await refresh();
  if (conv?.kind !== 'app' || S.tab !== 'home') $('composer-input').focus();
}

async function openHome() {
  try {
    await api('/home', { as: S.me });
  } catch (err) {
    toast(err.message, true);
  }
}

// ---------------------------------------------------------------- composer with command suggestions
function setupComposer() {
  const input = $('composer-input');
  const box = $('suggest');
  let items = [];
  let sel = 0;
  const show = () => {
    const v = input.value;
    const m = /^\/(\S*)(?:\s(\S*))?$/.exec(v);
    if (!m || (m[2] === undefined && !S.command.slice(1).startsWith(m[1])) || (m[2] !== undefined && m[1] !== S.command.slice(1))) {
      box.hidden = true;
      items = [];
      return;
    }
    const word = (m[2] ?? '').toLowerCase();
    items = S.subcommands.filter((s) => s.name.startsWith(word));
    if (!items.length) {
      box.hidden = true;
      return;
    }
    sel = Math.min(sel, items.length - 1);
    box.replaceChildren(
      h('div', { class: 'suggest-head' }, 'Call Buddy commands'),
      ...items.map((s, i) =>
        h('div', { class: `suggest-item${i === sel ? ' sel' : ''}`, onmousedown: (e) => (e.preventDefault(), pick(i)) }, h('span', { class: 'sc' }, `${S.command} ${s.name}`), h('span', { class: 'sd' }, s.what)),
      ),
    );
    box.hidden = false;
  };
  const pick = (i) => {
    const s = items[i];
    input.value = `${S.command} ${s.name}${s.takesArgs ? ' ' : ''}`;
    box.hidden = true;
    input.focus();
  };
  input.addEventListener('input', () => {
    sel = 0;
    show();
  });
  input.addEventListener('keydown', (e) => {
    if (box.hidden || !items.length) return;
    const typed = (/^\/\S*\s(\S*)$/.exec(input.value)?.[1] ?? '').toLowerCase();
    if (e.key === 'Enter' && items[sel] && items[sel].name !== typed) {
      // Like Slack: Enter on an unfinished command completes it instead of sending.
      e.preventDefault();
      pick(sel);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      sel = (sel + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      show();
      e.preventDefault();
    } else if (e.key === 'Tab') {
      pick(sel);
      e.preventDefault();
    } else if (e.key === 'Escape') box.hidden = true;
  });
  input.addEventListener('blur', () => setTimeout(() => (box.hidden = true), 100));
  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    box.hidden = true;
    await sendComposer(text);
  });
}

function setupClock() {
  const run = async (body, btn) => {
    btn.disabled = true;
    const old = btn.textContent;
    btn.textContent = '…';
    try {
      const r = await api('/clock', body);
      if (r.event) toast(`Jumped to ${r.event.label}`);
    } catch (err) {
      toast(err.message, true);
    } finally {
      btn.textContent = old;
    }
    await refresh();
  };
  $('next-event').addEventListener('click', () => run({ action: 'next-event' }, $('next-event')));
  $('plus-day').addEventListener('click', () => run({ action: 'advance', days: 1 }, $('plus-day')));
}

async function start() {
  setupComposer();
  setupClock();
  document.addEventListener('click', () => document.querySelectorAll('.overflow-menu').forEach((m) => (m.hidden = true)));
  $('acting').addEventListener('change', async (e) => {
    S.me = e.target.value;
    localStorage.setItem(`sandbox.as.${S.workspace}`, S.me);
    S.keys = {};
    renderActing();
    if (S.clock) renderClock(S.clock);
    const conv = currentConv();
    if (conv?.kind === 'app') S.current = null;
    await refresh();
  });
  for (const t of document.querySelectorAll('.tab')) {
    t.addEventListener('click', async () => {
      S.tab = t.dataset.tab;
      S.keys = {};
      if (S.tab === 'home') await openHome();
      await refresh();
    });
  }
  document.addEventListener('click', (e) => {
    const link = e.target.closest?.('[data-channel]');
    if (link) {
      e.preventDefault();
      if (S.conversations.some((c) => c.id === link.dataset.channel)) void select(link.dataset.channel);
    }
  });
  await refresh();
  const conv = currentConv();
  if (conv) $('composer-input').placeholder = conv.kind === 'channel' ? `Message #${conv.name}` : `Message ${conv.name}`;
  let version = S.clock?.version;
  try {
    const es = new EventSource('/sandbox/api/events');
    es.onmessage = (ev) => {
      const v = JSON.parse(ev.data).version;
      if (v !== version) {
        version = v;
        void refresh();
      }
    };
  } catch {
    /* polling below */
  }
  setInterval(() => void refresh(), 4000);
}

void start();
export { esc };
