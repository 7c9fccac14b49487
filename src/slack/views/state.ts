/**
 * Reading `view.state.values` (shape: `values[block_id][action_id] = { type, value | selected_* }`;
 * which field an element type uses is in src/platform/slack-blockkit.ts).
 * Our inputs use action id = block id; when they differ we read the block's first action.
 */
import { elementState } from '../../platform/slack-blockkit.js';

export interface ViewStateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[] | null;
  selected_user?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
  [key: string]: unknown;
}

export type ViewStateValues = Record<string, Record<string, ViewStateValue | undefined> | undefined>;

export function stateValue(values: ViewStateValues | undefined, blockId: string): ViewStateValue | undefined {
  const block = values?.[blockId];
  if (!block) return undefined;
  return block[blockId] ?? Object.values(block)[0];
}

/** The field's value whatever the element type: text, selected option, user, date or time. */
export function readText(values: ViewStateValues | undefined, blockId: string): string | null {
  const v = stateValue(values, blockId);
  if (!v) return null;
  const chosen = v[elementState(v.type).state];
  if (typeof chosen === 'string') return chosen;
  if (typeof chosen === 'object' && chosen !== null && typeof (chosen as { value?: unknown }).value === 'string') return (chosen as { value: string }).value;
  return null;
}

/** True when a checkbox group has `optionValue` ticked. */
export function readChecked(values: ViewStateValues | undefined, blockId: string, optionValue: string): boolean {
  const v = stateValue(values, blockId);
  return Array.isArray(v?.selected_options) && v.selected_options.some((o) => o?.value === optionValue);
}
