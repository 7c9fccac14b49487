// What a modal's inputs hold, as Slack sees it: an untouched input reports its initial value, and
// Slack's client does not submit a view whose required (not `optional`) input is empty.

import { elementState } from '../../platform/slack-blockkit.js';
import type { StoredView } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The state value an untouched element reports (its initial value). */
export function initialStateValue(el: Obj): Obj {
  const type = String(el.type);
  const { state: field, initial } = elementState(type);
  const start = initial === null ? undefined : el[initial];
  switch (field) {
    case 'selected_option':
      return { type, [field]: isObj(start) ? start : null };
    case 'selected_options':
      return { type, [field]: Array.isArray(start) ? start : [] };
    case 'selected_users':
      return { type, [field]: start ?? [] };
    case 'value':
      return { type, [field]: typeof start === 'string' && start !== '' ? start : null };
    default:
      return { type, [field]: start ?? null };
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
