// What a modal's inputs hold, as Slack sees it: an untouched input reports its initial value, and
// Slack's client does not submit a view whose required (not `optional`) input is empty.

import type { StoredView } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The state value an untouched element reports (its initial value). */
export function initialStateValue(el: Obj): Obj {
  const type = String(el.type);
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
    case 'external_select':
      return { type, selected_option: isObj(el.initial_option) ? el.initial_option : null };
    case 'multi_static_select':
    case 'checkboxes':
      return { type, selected_options: Array.isArray(el.initial_options) ? el.initial_options : [] };
    case 'users_select':
      return { type, selected_user: el.initial_user ?? null };
    case 'multi_users_select':
      return { type, selected_users: el.initial_users ?? [] };
    case 'conversations_select':
      return { type, selected_conversation: el.initial_conversation ?? null };
    case 'channels_select':
      return { type, selected_channel: el.initial_channel ?? null };
    case 'datepicker':
      return { type, selected_date: el.initial_date ?? null };
    case 'timepicker':
      return { type, selected_time: el.initial_time ?? null };
    default:
      return { type, value: typeof el.initial_value === 'string' && el.initial_value !== '' ? el.initial_value : null };
  }
}

/** What Slack's client says under an empty required input (and submits nothing). */
export const REQUIRED_FIELD_MESSAGE = 'Please complete this required field.';

/** True when a state value holds nothing: no text, no option, no user, no date… */
export function isEmptyStateValue(value: Obj): boolean {
  return Object.entries(value).every(([k, v]) => k === 'type' || v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0));
}

/**
 * The required input blocks of a modal that hold nothing (their state, else their initial value), as
 * `{ [blockId]: message }`: what Slack's client shows instead of submitting.
 */
export function emptyRequiredInputs(view: Pick<StoredView, 'blocks' | 'state'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of view.blocks) {
    if (!isObj(b) || b.type !== 'input' || b.optional === true || typeof b.block_id !== 'string' || !isObj(b.element)) continue;
    const actionId = typeof b.element.action_id === 'string' ? b.element.action_id : undefined;
    const current = actionId !== undefined ? view.state.values[b.block_id]?.[actionId] : undefined;
    if (isEmptyStateValue(isObj(current) ? current : initialStateValue(b.element))) out[b.block_id] = REQUIRED_FIELD_MESSAGE;
  }
  return out;
}
