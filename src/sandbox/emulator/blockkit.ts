// Pure Block Kit validation against the limits Slack enforces (see README). Errors read like
// Slack's own: "<what> [json-pointer:/blocks/0/text/text]". An empty array means valid. The limits
// themselves live in src/platform/slack-blockkit.ts, shared with the app's builders and the tests.
import { BLOCK_KIT_LIMITS } from '../../platform/slack-blockkit.js';

export type Surface = 'message' | 'modal' | 'home';

type Obj = Record<string, unknown>;

const LIMITS = BLOCK_KIT_LIMITS;

const BLOCK_TYPES = new Set([
  'section', 'header', 'actions', 'context', 'divider', 'input', 'image', 'rich_text', 'video', 'file', 'markdown', 'context_actions',
]);

const SELECT_TYPES = new Set([
  'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select',
  'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select', 'multi_channels_select',
]);
const INPUT_ONLY = new Set([
  'plain_text_input', 'number_input', 'email_text_input', 'url_text_input', 'file_input', 'rich_text_input',
]);
const INTERACTIVE = new Set([
  'button', 'checkboxes', 'datepicker', 'datetimepicker', 'timepicker', 'overflow', 'radio_buttons', 'workflow_button',
  ...SELECT_TYPES,
]);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a `slack_file` reference names an image the app may show (the emulator checks its files). */
export type SlackFileCheck = (ref: { id?: string; url?: string }) => boolean;

export interface BlockCheckOptions {
  /** Without it a slack_file is checked for its shape only. */
  slackFile?: SlackFileCheck;
}

class Collector {
  readonly errors: string[] = [];
  constructor(readonly options: BlockCheckOptions = {}) {}
  add(message: string, pointer: string): void {
    this.errors.push(`${message} [json-pointer:${pointer}]`);
  }
}

function checkLength(c: Collector, value: unknown, max: number, pointer: string): void {
  if (typeof value === 'string' && value.length > max) c.add(`must be less than ${max + 1} characters`, pointer);
}

function checkId(c: Collector, value: unknown, pointer: string, required = false): void {
  if (value === undefined) {
    if (required) c.add('missing required field: ' + pointer.split('/').pop(), pointer);
    return;
  }
  if (typeof value !== 'string') {
    c.add('must be a string', pointer);
    return;
  }
  checkLength(c, value, LIMITS.id, pointer);
}

/** A composition text object. */
function checkText(
  c: Collector,
  value: unknown,
  pointer: string,
  opts: { max: number; plainOnly?: boolean; required?: boolean },
): void {
  if (value === undefined) {
    if (opts.required !== false) c.add('missing required field: ' + pointer.split('/').pop(), pointer);
    return;
  }
  if (!isObj(value)) {
    c.add('must be a text object', pointer);
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    c.add('must provide a valid text object type (plain_text or mrkdwn)', `${pointer}/type`);
  } else if (opts.plainOnly && value.type !== 'plain_text') {
    c.add('must be plain_text', `${pointer}/type`);
  }
  if (value.type === 'mrkdwn' && value.emoji !== undefined) {
    c.add('emoji is only allowed on plain_text', `${pointer}/emoji`);
  }
  if (typeof value.text !== 'string') {
    c.add('missing required field: text', `${pointer}/text`);
    return;
  }
  if (value.text.length === 0) c.add('must be more than 0 characters', `${pointer}/text`);
  checkLength(c, value.text, opts.max, `${pointer}/text`);
}

function checkOption(c: Collector, option: unknown, pointer: string, plainOnly: boolean): void {
  if (!isObj(option)) {
    c.add('must be an option object', pointer);
    return;
  }
  checkText(c, option.text, `${pointer}/text`, { max: LIMITS.optionText, plainOnly });
  if (typeof option.value !== 'string') c.add('missing required field: value', `${pointer}/value`);
  else {
    if (option.value.length === 0) c.add('must be more than 0 characters', `${pointer}/value`);
    checkLength(c, option.value, LIMITS.optionValue, `${pointer}/value`);
  }
  if (option.description !== undefined) {
    checkText(c, option.description, `${pointer}/description`, { max: LIMITS.optionDescription, plainOnly });
  }
}

function checkOptions(c: Collector, options: unknown, pointer: string, max: number, min: number, plainOnly: boolean): void {
  if (!Array.isArray(options)) {
    c.add('missing required field: options', pointer);
    return;
  }
  if (options.length < min) c.add(`must provide at least ${min} items`, pointer);
  if (options.length > max) c.add(`must provide at most ${max} items`, pointer);
  const values = new Set<string>();
  options.forEach((o, i) => {
    checkOption(c, o, `${pointer}/${i}`, plainOnly);
    if (isObj(o) && typeof o.value === 'string') {
      if (values.has(o.value)) c.add('duplicate option value', `${pointer}/${i}/value`);
      values.add(o.value);
    }
  });
}

function checkConfirm(c: Collector, confirm: unknown, pointer: string): void {
  if (confirm === undefined) return;
  if (!isObj(confirm)) {
    c.add('must be a confirmation dialog object', pointer);
    return;
  }
  checkText(c, confirm.title, `${pointer}/title`, { max: LIMITS.confirmTitle, plainOnly: true });
  checkText(c, confirm.text, `${pointer}/text`, { max: LIMITS.confirmText });
  checkText(c, confirm.confirm, `${pointer}/confirm`, { max: LIMITS.confirmButton, plainOnly: true });
  checkText(c, confirm.deny, `${pointer}/deny`, { max: LIMITS.confirmButton, plainOnly: true });
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}$/;

function checkElement(c: Collector, el: unknown, pointer: string, where: 'actions' | 'accessory' | 'input'): void {
  if (!isObj(el)) {
    c.add('must be an element object', pointer);
    return;
  }
  const type = el.type;
  if (typeof type !== 'string') {
    c.add('missing required field: type', `${pointer}/type`);
    return;
  }
  if (type === 'image') {
    if (where !== 'accessory') c.add(`invalid element type for ${where}: image`, `${pointer}/type`);
    checkImage(c, el, pointer);
    return;
  }
  const known = INTERACTIVE.has(type) || INPUT_ONLY.has(type);
  if (!known) {
    c.add(`unsupported element type: ${type}`, `${pointer}/type`);
    return;
  }
  if (INPUT_ONLY.has(type) && where !== 'input') {
    c.add(`element type ${type} is only allowed in input blocks`, `${pointer}/type`);
  }
  if (where === 'input' && (type === 'button' || type === 'overflow' || type === 'workflow_button')) {
    c.add(`element type ${type} is not allowed in input blocks`, `${pointer}/type`);
  }
  checkId(c, el.action_id, `${pointer}/action_id`);
  checkConfirm(c, el.confirm, `${pointer}/confirm`);
  if (el.placeholder !== undefined) checkText(c, el.placeholder, `${pointer}/placeholder`, { max: LIMITS.placeholder, plainOnly: true });

  switch (type) {
    case 'button':
      checkText(c, el.text, `${pointer}/text`, { max: LIMITS.buttonText, plainOnly: true });
      checkLength(c, el.value, LIMITS.buttonValue, `${pointer}/value`);
      checkLength(c, el.url, LIMITS.buttonUrl, `${pointer}/url`);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
        c.add('must be one of: primary, danger', `${pointer}/style`);
      }
      break;
    case 'static_select':
    case 'multi_static_select':
      if (el.options === undefined && el.option_groups === undefined) {
        c.add('must provide either options or option_groups', pointer);
      } else if (el.options !== undefined && el.option_groups !== undefined) {
        c.add('must provide only one of options or option_groups', pointer);
      } else if (el.options !== undefined) {
        checkOptions(c, el.options, `${pointer}/options`, LIMITS.staticSelectOptions, 1, true);
      } else if (Array.isArray(el.option_groups)) {
        if (el.option_groups.length > LIMITS.optionGroups) c.add(`must provide at most ${LIMITS.optionGroups} items`, `${pointer}/option_groups`);
        el.option_groups.forEach((g, i) => {
          const gp = `${pointer}/option_groups/${i}`;
          if (!isObj(g)) return c.add('must be an option group', gp);
          checkText(c, g.label, `${gp}/label`, { max: LIMITS.optionGroupLabel, plainOnly: true });
          checkOptions(c, g.options, `${gp}/options`, LIMITS.staticSelectOptions, 1, true);
        });
      }
      if (el.initial_option !== undefined) checkOption(c, el.initial_option, `${pointer}/initial_option`, true);
      break;
    case 'checkboxes':
      checkOptions(c, el.options, `${pointer}/options`, LIMITS.checkboxOptions, 1, false);
      break;
    case 'radio_buttons':
      checkOptions(c, el.options, `${pointer}/options`, LIMITS.radioOptions, 1, false);
      if (el.initial_option !== undefined) checkOption(c, el.initial_option, `${pointer}/initial_option`, false);
      break;
    case 'overflow':
      checkOptions(c, el.options, `${pointer}/options`, LIMITS.overflowMax, LIMITS.overflowMin, true);
      break;
    case 'datepicker':
      if (el.initial_date !== undefined && (typeof el.initial_date !== 'string' || !DATE_RE.test(el.initial_date))) {
        c.add('must be a date in the format YYYY-MM-DD', `${pointer}/initial_date`);
      }
      break;
    case 'timepicker':
      if (el.initial_time !== undefined && (typeof el.initial_time !== 'string' || !TIME_RE.test(el.initial_time))) {
        c.add('must be a time in the format HH:mm', `${pointer}/initial_time`);
      }
      break;
    case 'plain_text_input':
      if (el.max_length !== undefined && (typeof el.max_length !== 'number' || el.max_length < 1 || el.max_length > LIMITS.textInput)) {
        c.add(`max_length must be between 1 and ${LIMITS.textInput}`, `${pointer}/max_length`);
      }
      if (el.min_length !== undefined && (typeof el.min_length !== 'number' || el.min_length < 0 || el.min_length > LIMITS.textInput)) {
        c.add(`min_length must be between 0 and ${LIMITS.textInput}`, `${pointer}/min_length`);
      }
      checkLength(c, el.initial_value, LIMITS.textInput, `${pointer}/initial_value`);
      break;
    case 'number_input':
      if (typeof el.is_decimal_allowed !== 'boolean') c.add('missing required field: is_decimal_allowed', `${pointer}/is_decimal_allowed`);
      break;
    default:
      break;
  }
}

function checkSlackFile(c: Collector, ref: Obj, pointer: string): void {
  const id = typeof ref.id === 'string' ? ref.id : undefined;
  const url = typeof ref.url === 'string' ? ref.url : undefined;
  if ((id === undefined) === (url === undefined)) c.add('must provide either id or url', pointer);
  else if (c.options.slackFile && !c.options.slackFile(id !== undefined ? { id } : { url })) c.add('invalid slack file', pointer);
}

function checkImage(c: Collector, b: Obj, pointer: string): void {
  if ((typeof b.image_url === 'string') === isObj(b.slack_file)) c.add('must provide either image_url or slack_file', pointer);
  if (isObj(b.slack_file)) checkSlackFile(c, b.slack_file, `${pointer}/slack_file`);
  checkLength(c, b.image_url, LIMITS.imageUrl, `${pointer}/image_url`);
  if (typeof b.alt_text !== 'string') c.add('missing required field: alt_text', `${pointer}/alt_text`);
  else checkLength(c, b.alt_text, LIMITS.altText, `${pointer}/alt_text`);
}

function checkBlock(c: Collector, block: unknown, pointer: string, surface: Surface): void {
  if (!isObj(block)) {
    c.add('must be a block object', pointer);
    return;
  }
  const type = block.type;
  if (typeof type !== 'string') {
    c.add('missing required field: type', `${pointer}/type`);
    return;
  }
  if (!BLOCK_TYPES.has(type)) {
    c.add(`unsupported block type: ${type}`, `${pointer}/type`);
    return;
  }
  checkId(c, block.block_id, `${pointer}/block_id`);

  switch (type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) c.add('must provide either text or fields', pointer);
      if (block.text !== undefined) checkText(c, block.text, `${pointer}/text`, { max: LIMITS.sectionText });
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) c.add('must be an array', `${pointer}/fields`);
        else {
          if (block.fields.length === 0) c.add('must provide at least 1 items', `${pointer}/fields`);
          if (block.fields.length > LIMITS.sectionFields) c.add(`must provide at most ${LIMITS.sectionFields} items`, `${pointer}/fields`);
          block.fields.forEach((f, i) => checkText(c, f, `${pointer}/fields/${i}`, { max: LIMITS.sectionFieldText }));
        }
      }
      if (block.accessory !== undefined) checkElement(c, block.accessory, `${pointer}/accessory`, 'accessory');
      break;
    }
    case 'header':
      checkText(c, block.text, `${pointer}/text`, { max: LIMITS.headerText, plainOnly: true });
      break;
    case 'actions': {
      if (!Array.isArray(block.elements)) {
        c.add('missing required field: elements', `${pointer}/elements`);
        break;
      }
      if (block.elements.length === 0) c.add('must provide at least 1 items', `${pointer}/elements`);
      if (block.elements.length > LIMITS.actionsElements) c.add(`must provide at most ${LIMITS.actionsElements} items`, `${pointer}/elements`);
      const seen = new Set<string>();
      block.elements.forEach((el, i) => {
        checkElement(c, el, `${pointer}/elements/${i}`, 'actions');
        if (isObj(el) && typeof el.action_id === 'string') {
          if (seen.has(el.action_id)) c.add(`duplicate action_id: ${el.action_id}`, `${pointer}/elements/${i}/action_id`);
          seen.add(el.action_id);
        }
      });
      break;
    }
    case 'context': {
      if (!Array.isArray(block.elements)) {
        c.add('missing required field: elements', `${pointer}/elements`);
        break;
      }
      if (block.elements.length === 0) c.add('must provide at least 1 items', `${pointer}/elements`);
      if (block.elements.length > LIMITS.contextElements) c.add(`must provide at most ${LIMITS.contextElements} items`, `${pointer}/elements`);
      block.elements.forEach((el, i) => {
        const p = `${pointer}/elements/${i}`;
        if (isObj(el) && el.type === 'image') checkImage(c, el, p);
        else checkText(c, el, p, { max: LIMITS.sectionText });
      });
      break;
    }
    case 'divider':
      break;
    case 'image':
      checkImage(c, block, pointer);
      if (block.title !== undefined) checkText(c, block.title, `${pointer}/title`, { max: LIMITS.imageTitle, plainOnly: true });
      break;
    case 'input':
      if (surface !== 'modal') c.add(`input blocks are only allowed in modals, not in ${surface}`, `${pointer}/type`);
      checkText(c, block.label, `${pointer}/label`, { max: LIMITS.inputLabel, plainOnly: true });
      if (block.hint !== undefined) checkText(c, block.hint, `${pointer}/hint`, { max: LIMITS.inputHint, plainOnly: true });
      if (block.element === undefined) c.add('missing required field: element', `${pointer}/element`);
      else checkElement(c, block.element, `${pointer}/element`, 'input');
      if (block.optional !== undefined && typeof block.optional !== 'boolean') c.add('must be a boolean', `${pointer}/optional`);
      break;
    case 'rich_text':
      if (!Array.isArray(block.elements)) c.add('missing required field: elements', `${pointer}/elements`);
      break;
    case 'markdown':
      if (surface !== 'message') c.add(`markdown blocks are only allowed in messages`, `${pointer}/type`);
      if (typeof block.text !== 'string') c.add('missing required field: text', `${pointer}/text`);
      else checkLength(c, block.text, LIMITS.markdownBlock, `${pointer}/text`);
      break;
    case 'video':
      for (const f of ['alt_text', 'title', 'thumbnail_url', 'video_url']) {
        if (block[f] === undefined) c.add(`missing required field: ${f}`, `${pointer}/${f}`);
      }
      break;
    case 'file':
      if (typeof block.external_id !== 'string') c.add('missing required field: external_id', `${pointer}/external_id`);
      if (surface !== 'message') c.add('file blocks are only allowed in messages', `${pointer}/type`);
      break;
    default:
      break;
  }
}

/**
 * Validates a `blocks` array for a surface. Returns human-readable errors; [] when valid.
 * `pointerRoot` prefixes the json-pointer (e.g. "/view/blocks").
 */
export function validateBlocks(blocks: unknown, surface: Surface, pointerRoot = '/blocks', options: BlockCheckOptions = {}): string[] {
  const c = new Collector(options);
  if (!Array.isArray(blocks)) {
    c.add('must be an array', pointerRoot);
    return c.errors;
  }
  const max = surface === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
  if (blocks.length > max) c.add(`no more than ${max} items allowed`, pointerRoot);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    checkBlock(c, b, `${pointerRoot}/${i}`, surface);
    if (isObj(b) && typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) c.add(`duplicate block_id: ${b.block_id}`, `${pointerRoot}/${i}/block_id`);
      blockIds.add(b.block_id);
    }
  });
  return c.errors;
}

/** Validates a view object (modal or home) as sent to views.open/push/update/publish. */
export function validateView(view: unknown, options: BlockCheckOptions = {}): string[] {
  const c = new Collector(options);
  if (!isObj(view)) {
    c.add('must be an object', '/view');
    return c.errors;
  }
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    c.add('must be one of: modal, home', '/view/type');
    return c.errors;
  }
  if (type === 'modal') {
    checkText(c, view.title, '/view/title', { max: LIMITS.viewTitle, plainOnly: true });
    if (view.submit !== undefined) checkText(c, view.submit, '/view/submit', { max: LIMITS.viewButton, plainOnly: true });
    if (view.close !== undefined) checkText(c, view.close, '/view/close', { max: LIMITS.viewButton, plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) c.add('submit is required when an input block is within the blocks array', '/view/submit');
  } else {
    if (view.title !== undefined) checkText(c, view.title, '/view/title', { max: LIMITS.viewTitle, plainOnly: true });
  }
  if (view.blocks === undefined) c.add('missing required field: blocks', '/view/blocks');
  else c.errors.push(...validateBlocks(view.blocks, type, '/view/blocks', options));
  if (view.private_metadata !== undefined) {
    if (typeof view.private_metadata !== 'string') c.add('must be a string', '/view/private_metadata');
    else checkLength(c, view.private_metadata, LIMITS.privateMetadata, '/view/private_metadata');
  }
  checkId(c, view.callback_id, '/view/callback_id');
  checkId(c, view.external_id, '/view/external_id');
  for (const f of ['clear_on_close', 'notify_on_close', 'submit_disabled'] as const) {
    if (view[f] !== undefined && typeof view[f] !== 'boolean') c.add('must be a boolean', `/view/${f}`);
  }
  return c.errors;
}

export { BLOCK_KIT_LIMITS };
