// Modal state values the way Slack reports them on view_submission. The page and the seeder may
// send shorthand values ("30", "conversation", ["yes"], "2026-11-30"); they are turned into Slack's
// shapes using the element's type and options. Inputs not given keep their initial value, as in
// Slack, where an untouched input still reports its initial value.

import { elementState } from '../platform/slack-blockkit.js';
import { initialStateValue, offeredOptions, type StoredView, type SubmitValues } from './emulator/index.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export class ValuesError extends Error {
  override name = 'ValuesError';
}

function optionsOf(el: Obj): Obj[] {
  const out: Obj[] = [];
  if (Array.isArray(el.options)) out.push(...el.options.filter(isObj));
  if (Array.isArray(el.option_groups)) {
    for (const g of el.option_groups) if (isObj(g) && Array.isArray(g.options)) out.push(...g.options.filter(isObj));
  }
  return out;
}

function optionText(o: Obj): string {
  return isObj(o.text) && typeof o.text.text === 'string' ? o.text.text : '';
}

function findOption(el: Obj, wanted: unknown, where: string, offered: Obj[]): Obj {
  const value = isObj(wanted) ? wanted.value : wanted;
  if (typeof value !== 'string') throw new ValuesError(`${where}: expected an option value`);
  const opts = [...optionsOf(el), ...offered];
  const found = opts.find((o) => o.value === value) ?? opts.find((o) => optionText(o).toLowerCase() === value.toLowerCase());
  if (!found) throw new ValuesError(`${where}: "${value}" is not one of ${opts.map((o) => String(o.value)).join(', ')}`);
  return found;
}

/** The elements of a view's input blocks (and actions blocks), by block id and action id. */
export function viewElements(view: Pick<StoredView, 'blocks'>): { blockId: string; actionId: string; element: Obj; input: boolean }[] {
  const out: { blockId: string; actionId: string; element: Obj; input: boolean }[] = [];
  for (const [i, b] of view.blocks.entries()) {
    if (!isObj(b)) continue;
    const blockId = typeof b.block_id === 'string' ? b.block_id : `auto_${i}`;
    const els: unknown[] = [];
    if (b.type === 'input' && b.element !== undefined) els.push(b.element);
    if (b.type === 'actions' && Array.isArray(b.elements)) els.push(...b.elements);
    if (b.type === 'section' && b.accessory !== undefined) els.push(b.accessory);
    for (const el of els) {
      if (isObj(el) && typeof el.action_id === 'string' && el.type !== 'button' && el.type !== 'overflow' && el.type !== 'image') {
        out.push({ blockId, actionId: el.action_id, element: el, input: b.type === 'input' });
      }
    }
  }
  return out;
}

/** Slack's state value for an element holding `v` (shorthand or already in Slack's shape). */
export function stateValueFor(el: Obj, v: unknown, where: string, offered: Obj[] = []): Obj {
  const type = String(el.type);
  if (isObj(v) && typeof v.type === 'string') return v;
  const field = elementState(type).state;
  const none = v === '' || v === undefined;
  switch (field) {
    case 'selected_option':
      return { type, [field]: v === null || none ? null : findOption(el, v, where, offered) };
    case 'selected_options': {
      const list = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
      return { type, [field]: list.map((x) => findOption(el, x, where, offered)) };
    }
    case 'selected_user':
      return { type, [field]: none ? null : v };
    case 'selected_users':
      return { type, [field]: v === null || v === undefined ? [] : Array.isArray(v) ? v : [v] };
    case 'selected_conversation':
    case 'selected_channel':
      return { type, [field]: v ?? null };
    case 'selected_date':
      if (v !== null && !none && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) throw new ValuesError(`${where}: a date is YYYY-MM-DD`);
      return { type, [field]: none ? null : v };
    case 'selected_time':
      if (v !== null && !none && (typeof v !== 'string' || !/^\d{2}:\d{2}$/.test(v))) throw new ValuesError(`${where}: a time is HH:MM`);
      return { type, [field]: none ? null : v };
    case 'value':
      if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'number') throw new ValuesError(`${where}: expected text`);
      return { type, [field]: v === undefined || v === null || v === '' ? null : String(v) };
  }
}

/**
 * Full submission values for a modal: every input's current state (what the user already chose
 * through block actions, else its initial value), overridden by `given` (shorthand allowed).
 * Unknown block or action ids are an error.
 */
export function submissionValues(view: Pick<StoredView, 'blocks' | 'state' | 'suggested'>, given: Record<string, Record<string, unknown>> = {}): SubmitValues {
  const elements = viewElements(view);
  const out: SubmitValues = {};
  for (const { blockId, actionId, element, input } of elements) {
    if (!input) continue;
    const current = view.state.values[blockId]?.[actionId];
    (out[blockId] ??= {})[actionId] = isObj(current) ? current : initialStateValue(element);
  }
  for (const [blockId, actions] of Object.entries(given)) {
    if (!isObj(actions)) throw new ValuesError(`values.${blockId} must be an object of action ids`);
    for (const [actionId, v] of Object.entries(actions)) {
      const found = elements.find((e) => e.blockId === blockId && e.actionId === actionId);
      if (!found) throw new ValuesError(`values.${blockId}.${actionId}: the modal has no such input`);
      // An external select holds only what the app's options endpoint offered (ask /suggest first).
      (out[blockId] ??= {})[actionId] = stateValueFor(found.element, v, `values.${blockId}.${actionId}`, offeredOptions(view, actionId, found.element));
    }
  }
  return out;
}
