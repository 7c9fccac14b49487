/**
 * Facts about Slack's Block Kit, written once: the limits Slack enforces and where each element's
 * value lives in `view.state.values`. A leaf that imports nothing of ours, so the app's builders
 * (src/slack/views), the emulator's validator (src/sandbox/emulator) and the tests all use this one
 * copy. Lengths count UTF-16 code units, as Slack (and JavaScript's `.length`) does.
 */

export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  optionGroupLabel: 75,
  staticSelectOptions: 100,
  optionGroups: 100,
  checkboxOptions: 10,
  radioOptions: 10,
  overflowMin: 1,
  overflowMax: 5,
  actionsElements: 25,
  contextElements: 10,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  /** plain_text_input: `max_length`, `min_length` and `initial_value`. */
  textInput: 3000,
  altText: 2000,
  imageUrl: 3000,
  imageTitle: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  id: 255,
  markdownBlock: 12000,
  /** An options endpoint's answer (block_suggestion): at most 100 options, or 100 option groups of 100. */
  suggestionOptions: 100,
  /** external_select: characters typed before Slack asks the options endpoint, unless `min_query_length` says otherwise. */
  minQueryLengthDefault: 3,
  /** How long Slack waits for the options endpoint (ms); later answers are not shown. */
  suggestionTimeoutMs: 3000,
} as const;

/** The field of a state value (`values[block_id][action_id]`) that holds what the user chose. */
export type StateField =
  | 'value'
  | 'selected_option'
  | 'selected_options'
  | 'selected_user'
  | 'selected_users'
  | 'selected_conversation'
  | 'selected_channel'
  | 'selected_date'
  | 'selected_time';

/** For each interactive element type: its state field, and the element field that sets its initial value. */
const ELEMENT_STATE = new Map<string, { state: StateField; initial: string | null }>(Object.entries({
  static_select: { state: 'selected_option', initial: 'initial_option' },
  external_select: { state: 'selected_option', initial: 'initial_option' },
  radio_buttons: { state: 'selected_option', initial: 'initial_option' },
  overflow: { state: 'selected_option', initial: null },
  multi_static_select: { state: 'selected_options', initial: 'initial_options' },
  multi_external_select: { state: 'selected_options', initial: 'initial_options' },
  checkboxes: { state: 'selected_options', initial: 'initial_options' },
  users_select: { state: 'selected_user', initial: 'initial_user' },
  multi_users_select: { state: 'selected_users', initial: 'initial_users' },
  conversations_select: { state: 'selected_conversation', initial: 'initial_conversation' },
  channels_select: { state: 'selected_channel', initial: 'initial_channel' },
  datepicker: { state: 'selected_date', initial: 'initial_date' },
  timepicker: { state: 'selected_time', initial: 'initial_time' },
} satisfies Record<string, { state: StateField; initial: string | null }>));

/** Text-like inputs (plain_text_input, number_input, email/url inputs, …) report `value`. */
const TEXT_STATE = { state: 'value', initial: 'initial_value' } as const;

/** Where an element of `type` reports its value in `view.state.values`, and what sets its initial value. */
export function elementState(type: string | undefined): { state: StateField; initial: string | null } {
  return (type !== undefined ? ELEMENT_STATE.get(type) : undefined) ?? TEXT_STATE;
}
