/* global document, window, Node */
// Block Kit → DOM. Renders what Call Buddy sends (header, section with fields and accessories,
// context, divider, image, actions, input, rich_text) and wires interactive elements to callbacks.
import { esc, mrkdwn, plain, textObj } from './mrkdwn.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'html') el.innerHTML = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const ptext = (t) => (t && typeof t === 'object' ? t.text ?? '' : t ?? '');

function optionLabel(o) {
  return plain(ptext(o.text), true);
}

function allOptions(el) {
  return [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options ?? [])];
}

/**
 * opts: {
 *   ctx: mrkdwn context, surface: 'message' | 'modal' | 'home',
 *   onAction(el, blockId, extra): dispatch a block action (buttons, selects outside input blocks),
 *   draft: { get(blockId, actionId), set(blockId, actionId, value) } for inputs in modals,
 *   errors: { [blockId]: message }, users: [{id, realName}], conversations: [{id, name}],
 *   confirm(confirmObj): Promise<boolean>
 * }
 */
export function renderBlocks(blocks, opts) {
  const wrap = h('div', { class: `blocks surface-${opts.surface}` });
  (blocks ?? []).forEach((b, i) => {
    const blockId = b.block_id ?? `auto_${i}`;
    const el = renderBlock(b, blockId, opts);
    if (el) wrap.append(el);
  });
  return wrap;
}

function renderBlock(b, blockId, opts) {
  const ctx = opts.ctx;
  switch (b.type) {
    case 'header':
      return h('div', { class: 'b-header', html: plain(ptext(b.text)) });
    case 'divider':
      return h('hr', { class: 'b-divider' });
    case 'section': {
      const sec = h('div', { class: 'b-section', 'data-block-id': blockId });
      const body = h('div', { class: 'b-section-body' });
      if (b.text) body.append(h('div', { class: 'b-text', html: textObj(b.text, ctx) }));
      if (b.fields?.length) body.append(h('div', { class: 'b-fields' }, b.fields.map((f) => h('div', { class: 'b-field', html: textObj(f, ctx) }))));
      sec.append(body);
      if (b.accessory) {
        const acc = renderElement(b.accessory, blockId, opts, false);
        if (acc) sec.append(h('div', { class: `b-accessory acc-${b.accessory.type}` }, acc));
      }
      return sec;
    }
    case 'context':
      return h(
        'div',
        { class: 'b-context' },
        (b.elements ?? []).map((e) =>
          e.type === 'image'
            ? h('img', { class: 'b-context-img', src: imageSrc(e), alt: e.alt_text ?? '', onerror: hideBroken })
            : h('span', { class: 'b-context-text', html: textObj(e, ctx) }),
        ),
      );
    case 'image': {
      const fig = h('figure', { class: 'b-image' });
      if (b.title) fig.append(h('figcaption', { html: plain(ptext(b.title)) }));
      fig.append(h('img', { src: imageSrc(b), alt: b.alt_text ?? '', onerror: hideBroken }));
      return fig;
    }
    case 'actions':
      return h('div', { class: 'b-actions', 'data-block-id': blockId }, (b.elements ?? []).map((e) => renderElement(e, blockId, opts, false)));
    case 'input': {
      const id = `in-${blockId}`;
      const err = opts.errors?.[blockId];
      const box = h('div', { class: `b-input${err ? ' has-error' : ''}`, 'data-block-id': blockId });
      box.append(
        h('label', { class: 'b-label', for: id }, h('span', { html: plain(ptext(b.label)) }), b.optional ? h('span', { class: 'optional' }, ' (optional)') : null),
      );
      const el = renderElement({ ...b.element, _id: id, _dispatch: b.dispatch_action === true }, blockId, opts, true);
      if (el) box.append(el);
      if (err) box.append(h('div', { class: 'b-error', role: 'alert' }, h('span', { class: 'b-error-icon' }, '!'), h('span', { html: esc(err) })));
      if (b.hint) box.append(h('div', { class: 'b-hint', html: plain(ptext(b.hint)) }));
      return box;
    }
    case 'rich_text':
      return h('div', { class: 'b-rich' }, (b.elements ?? []).map((e) => richElement(e, ctx)));
    case 'markdown':
      return h('div', { class: 'b-text', html: mrkdwn(b.text ?? '', ctx) });
    case 'file':
    case 'video':
      return h('div', { class: 'b-context' }, `[${b.type}]`);
    default:
      return h('div', { class: 'b-unknown' }, `Unsupported block: ${b.type}`);
  }
}

/** The workspace whose files the page shows (set by the workspace switcher). */
export const fileScope = { workspace: '' };

/** The sandbox's address of an uploaded file of the shown workspace. */
export function fileUrl(id) {
  return `/sandbox/api/files/${encodeURIComponent(id)}${fileScope.workspace ? `?workspace=${encodeURIComponent(fileScope.workspace)}` : ''}`;
}

/** An image's address: its image_url, or an uploaded file (slack_file by id or by its url) served by the sandbox. */
export function imageSrc(img) {
  if (typeof img.image_url === 'string') return img.image_url;
  const ref = img.slack_file ?? {};
  const id = typeof ref.id === 'string' ? ref.id : /\/(?:files-pri\/[A-Z0-9]+-|files\/[A-Z0-9]+\/)(F[A-Z0-9]+)/.exec(ref.url ?? '')?.[1];
  return id ? fileUrl(id) : '';
}

function hideBroken(e) {
  const img = e.target;
  const alt = img.getAttribute('alt');
  if (alt) img.replaceWith(h('span', { class: 'img-alt' }, `🖼 ${alt}`));
  else img.remove();
}

function richElement(e, ctx) {
  const inlineEls = (els) =>
    (els ?? []).map((x) => {
      switch (x.type) {
        case 'text': {
          let html = plain(x.text);
          const st = x.style ?? {};
          if (st.code) html = `<code>${html}</code>`;
          if (st.bold) html = `<b>${html}</b>`;
          if (st.italic) html = `<i>${html}</i>`;
          if (st.strike) html = `<s>${html}</s>`;
          return html;
        }
        case 'link': return `<a href="${esc(x.url)}" target="_blank" rel="noopener">${esc(x.text ?? x.url)}</a>`;
        case 'emoji': return plain(`:${x.name}:`);
        case 'user': return mrkdwn(`<@${x.user_id}>`, ctx);
        case 'channel': return mrkdwn(`<#${x.channel_id}>`, ctx);
        case 'broadcast': return `<span class="mention broadcast">@${esc(x.range)}</span>`;
        default: return '';
      }
    }).join('');
  switch (e.type) {
    case 'rich_text_section': return h('div', { html: inlineEls(e.elements).replace(/\n/g, '<br>') });
    case 'rich_text_preformatted': return h('pre', { class: 'code-block', html: inlineEls(e.elements) });
    case 'rich_text_quote': return h('blockquote', { html: inlineEls(e.elements) });
    case 'rich_text_list': {
      const list = h(e.style === 'ordered' ? 'ol' : 'ul');
      for (const item of e.elements ?? []) list.append(h('li', { html: inlineEls(item.elements) }));
      return list;
    }
    default: return null;
  }
}

async function confirmed(el, opts) {
  if (!el.confirm || !opts.confirm) return true;
  return opts.confirm(el.confirm);
}

/** An overflow menu (⋯): each option dispatches, after its confirm dialog if any. */
function renderOverflow(el, blockId, opts) {
  const aid = el.action_id;
  const wrap = h('div', { class: 'overflow' });
  const menu = h('div', { class: 'overflow-menu', hidden: true });
  const toggle = h('button', { class: 'btn btn-icon', type: 'button', 'aria-label': 'More actions', 'data-action-id': aid }, '⋯');
  toggle.addEventListener('click', (ev) => {
    ev.stopPropagation();
    const open = menu.hidden;
    document.querySelectorAll('.overflow-menu').forEach((m) => (m.hidden = true));
    menu.hidden = !open;
  });
  for (const o of el.options ?? []) {
    menu.append(
      h('button', {
        class: 'overflow-item', type: 'button', html: optionLabel(o),
        onclick: async () => {
          menu.hidden = true;
          if (o.url) window.open(o.url, '_blank', 'noopener');
          if (await confirmed(el, opts)) await opts.onAction?.(el, blockId, { selectedOption: o.value });
        },
      }),
    );
  }
  wrap.append(toggle, menu);
  return wrap;
}

/** An interactive element. In input blocks (`inInput`) values go to the draft; elsewhere they dispatch. */
/** Labels of options picked in external selects, so a re-render shows the name, not the value. */
const pickedLabels = new Map();

/**
 * An external_select as Slack's client runs it: typing asks the app's options endpoint (through
 * opts.suggest, the sandbox's /suggest) once min_query_length characters are typed, and lists what it
 * offers, grouped when the answer has option groups; picking one sets the input.
 */
function renderExternalSelect(el, blockId, opts, changed, draftGet) {
  const aid = el.action_id;
  const key = (v) => `${blockId}/${aid}/${v}`;
  let current = draftGet();
  if (current === undefined) current = el.initial_option?.value ?? '';
  if (el.initial_option) pickedLabels.set(key(el.initial_option.value), ptext(el.initial_option.text));
  const input = h('input', { type: 'text', class: 'text-input combo-input', id: el._id, 'data-action-id': aid, role: 'combobox', autocomplete: 'off', 'aria-expanded': 'false', placeholder: ptext(el.placeholder) || 'Type to search', value: current ? pickedLabels.get(key(current)) ?? '' : '' });
  const list = h('ul', { class: 'combo-list', role: 'listbox', hidden: true });
  const wrap = h('div', { class: 'combo', 'data-action-id': aid }, input, list);
  const min = typeof el.min_query_length === 'number' ? el.min_query_length : 3;
  let seq = 0;
  let timer;
  const pick = (o) => {
    pickedLabels.set(key(o.value), ptext(o.text));
    input.value = ptext(o.text);
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    changed(o.value, { selectedOption: o.value });
  };
  const show = (items, note) => {
    list.replaceChildren();
    if (note) list.append(h('li', { class: 'combo-note' }, note));
    for (const it of items) {
      if (it.group) list.append(h('li', { class: 'combo-group', role: 'presentation' }, it.group));
      else {
        const li = h('li', { class: 'combo-option', role: 'option', 'data-value': it.option.value }, ptext(it.option.text));
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          pick(it.option);
        });
        list.append(li);
      }
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const ask = async () => {
    const q = input.value;
    if (q.length < min) return show([], `Type at least ${min} characters`);
    const mine = ++seq;
    list.classList.add('busy');
    let r;
    try {
      r = await opts.suggest(el, blockId, q);
    } catch {
      r = { options: [], problems: ['failed'] };
    }
    list.classList.remove('busy');
    if (mine !== seq) return undefined;
    const items = r.optionGroups
      ? r.optionGroups.flatMap((g) => [{ group: ptext(g.label) }, ...g.options.map((o) => ({ option: o }))])
      : (r.options ?? []).map((o) => ({ option: o }));
    return show(items, items.length === 0 ? (r.problems?.length ? 'Could not load options' : 'No results') : null);
  };
  // Like Slack's menu: it opens when clicked or typed into, not when the modal focuses it.
  input.addEventListener('click', () => void ask());
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void ask(), 150);
  });
  input.addEventListener('blur', () => {
    window.setTimeout(() => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    }, 100);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    e.stopPropagation();
    const first = list.querySelector('.combo-option');
    if (first && !list.hidden) first.dispatchEvent(new window.MouseEvent('mousedown', { bubbles: true }));
  });
  return wrap;
}

function renderElement(el, blockId, opts, inInput) {
  const ctx = opts.ctx;
  const aid = el.action_id;
  const draftGet = () => opts.draft?.get(blockId, aid);
  const changed = (value, extra) => {
    if (inInput) {
      opts.draft?.set(blockId, aid, value);
      if (el._dispatch) opts.onAction?.(el, blockId, extra);
    } else opts.onAction?.(el, blockId, extra);
  };
  switch (el.type) {
    case 'button': {
      const btn = h(
        'button',
        { class: `btn${el.style ? ` btn-${el.style}` : ''}`, type: 'button', 'data-action-id': aid, html: plain(ptext(el.text)) },
      );
      btn.addEventListener('click', async () => {
        if (!(await confirmed(el, opts))) return;
        if (el.url) window.open(el.url, '_blank', 'noopener');
        btn.classList.add('busy');
        try {
          await opts.onAction?.(el, blockId, { value: el.value });
        } finally {
          btn.classList.remove('busy');
        }
      });
      return btn;
    }
    case 'image':
      return h('img', { class: 'b-acc-img', src: imageSrc(el), alt: el.alt_text ?? '', onerror: hideBroken });
    case 'overflow':
      return renderOverflow(el, blockId, opts);
    case 'external_select':
      if (opts.suggest) return renderExternalSelect(el, blockId, opts, changed, draftGet);
    // falls through: without an options endpoint to ask, it shows its initial option only
    case 'static_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const sel = h('select', { class: 'select', id: el._id, 'data-action-id': aid });
      sel.append(h('option', { value: '' }, ptext(el.placeholder) || 'Select an option'));
      let current = draftGet();
      if (el.type === 'static_select' || el.type === 'external_select') {
        if (current === undefined) current = el.initial_option?.value ?? '';
        const addOpts = (parent, list) => {
          for (const o of list ?? []) parent.append(h('option', { value: o.value, selected: o.value === current }, ptext(o.text)));
        };
        if (el.option_groups) {
          for (const g of el.option_groups) {
            const og = h('optgroup', { label: ptext(g.label) });
            addOpts(og, g.options);
            sel.append(og);
          }
        } else addOpts(sel, el.options);
      } else if (el.type === 'users_select') {
        if (current === undefined) current = el.initial_user ?? '';
        for (const u of opts.users ?? []) sel.append(h('option', { value: u.id, selected: u.id === current }, u.realName));
      } else {
        if (current === undefined) current = el.initial_conversation ?? el.initial_channel ?? '';
        for (const c of opts.conversations ?? []) sel.append(h('option', { value: c.id, selected: c.id === current }, c.kind === 'channel' ? `#${c.name}` : c.name));
      }
      if (current === '' || current === undefined) sel.firstChild.selected = true;
      sel.addEventListener('change', async () => {
        const v = sel.value;
        if (el.type === 'users_select') changed(v, { selectedUser: v });
        else if (el.type === 'static_select' || el.type === 'external_select') changed(v, { selectedOption: v });
        else changed(v, { value: v });
      });
      return sel;
    }
    case 'multi_static_select':
    case 'multi_users_select': {
      const sel = h('select', { class: 'select multi', id: el._id, multiple: true, 'data-action-id': aid });
      const cur = draftGet() ?? (el.type === 'multi_users_select' ? el.initial_users ?? [] : (el.initial_options ?? []).map((o) => o.value));
      const list = el.type === 'multi_users_select' ? (opts.users ?? []).map((u) => ({ value: u.id, text: u.realName })) : allOptions(el).map((o) => ({ value: o.value, text: ptext(o.text) }));
      for (const o of list) sel.append(h('option', { value: o.value, selected: cur.includes(o.value) }, o.text));
      sel.addEventListener('change', () => {
        const v = [...sel.selectedOptions].map((o) => o.value);
        changed(v, el.type === 'multi_users_select' ? { selectedUser: v[0] } : { selectedOptions: v });
      });
      return sel;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const multi = el.type === 'checkboxes';
      const group = h('div', { class: `choices ${el.type}`, id: el._id, role: multi ? 'group' : 'radiogroup', 'data-action-id': aid });
      let cur = draftGet();
      if (cur === undefined) cur = multi ? (el.initial_options ?? []).map((o) => o.value) : el.initial_option?.value ?? null;
      const name = `${blockId}-${aid}-${Math.random().toString(36).slice(2, 7)}`;
      for (const o of el.options ?? []) {
        const checked = multi ? cur.includes(o.value) : cur === o.value;
        const input = h('input', { type: multi ? 'checkbox' : 'radio', name, value: o.value, checked });
        input.addEventListener('change', () => {
          const boxes = [...group.querySelectorAll('input')];
          if (multi) {
            const v = boxes.filter((b) => b.checked).map((b) => b.value);
            changed(v, { selectedOptions: v });
          } else changed(o.value, { selectedOption: o.value });
        });
        group.append(
          h('label', { class: 'choice' }, input, h('span', { class: 'choice-text' }, h('span', { html: textObj(o.text, ctx) }), o.description ? h('span', { class: 'choice-desc', html: textObj(o.description, ctx) }) : null)),
        );
      }
      return group;
    }
    case 'datepicker': {
      const cur = draftGet() ?? el.initial_date ?? '';
      const input = h('input', { type: 'date', class: 'text-input date', id: el._id, value: cur, 'data-action-id': aid });
      input.addEventListener('change', () => changed(input.value, { selectedDate: input.value }));
      return input;
    }
    case 'timepicker': {
      const cur = draftGet() ?? el.initial_time ?? '';
      const input = h('input', { type: 'time', class: 'text-input time', id: el._id, value: cur, 'data-action-id': aid });
      input.addEventListener('change', () => changed(input.value, { value: input.value }));
      return input;
    }
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input': {
      const cur = draftGet() ?? el.initial_value ?? '';
      const type = el.type === 'number_input' ? 'text' : el.type === 'email_text_input' ? 'email' : el.type === 'url_text_input' ? 'url' : 'text';
      const attrs = { class: 'text-input', id: el._id, placeholder: ptext(el.placeholder) || null, 'data-action-id': aid, maxlength: el.max_length ?? null };
      const input = el.multiline ? h('textarea', { ...attrs, rows: 4 }) : h('input', { ...attrs, type, inputmode: el.type === 'number_input' ? (el.is_decimal_allowed ? 'decimal' : 'numeric') : null });
      input.value = cur;
      input.addEventListener('input', () => opts.draft?.set(blockId, aid, input.value));
      if (el._dispatch) input.addEventListener('change', () => opts.onAction?.(el, blockId, { value: input.value }));
      return input;
    }
    default:
      return h('span', { class: 'b-unknown' }, `[${el.type}]`);
  }
}
