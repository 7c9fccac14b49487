// External selects, as Slack runs them: while a user types into an external_select (or
// multi_external_select), Slack's client asks the app's options load URL with a signed
// `block_suggestion` once at least `min_query_length` characters (default 3) are typed, waits at most
// 3 seconds, checks the answer against Block Kit's limits and shows the options (none when the answer
// is late or malformed). The options it showed are the only ones the user can pick: they are kept on
// the view (`suggested`) so a later selection or submission can be checked against them.

import { BLOCK_KIT_LIMITS as LIMITS } from '../../platform/slack-blockkit.js';
import { findElement, sendSigned, type ActingContext, type SignOptions } from './acting.js';
import type { StoredView } from './types.js';
import { messageJson, viewJson } from './web-api.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface BlockSuggestionInput {
  user: string;
  /** The view holding the select (a modal or the Home)… */
  view?: string;
  /** …or the message holding it. */
  channel?: string;
  message?: string;
  actionId: string;
  blockId?: string;
  /** What the user has typed so far. */
  value: string;
}

export interface BlockSuggestionResult {
  /** False when nothing was sent: fewer characters typed than `min_query_length`. */
  sent: boolean;
  status: number;
  /** The options as the client shows them: flat, each with its group label when grouped. */
  options: Obj[];
  optionGroups?: { label: Obj; options: Obj[] }[];
  /** What was wrong with the answer (Slack then shows no options). */
  problems: string[];
  payload?: Obj;
}

function checkText(problems: string[], t: unknown, max: number, where: string): void {
  if (!isObj(t) || t.type !== 'plain_text' || typeof t.text !== 'string' || t.text === '') problems.push(`${where} must be a plain_text object`);
  else if (t.text.length > max) problems.push(`${where} must be at most ${max} characters`);
}

function checkOptions(problems: string[], options: unknown, where: string): Obj[] {
  if (!Array.isArray(options)) {
    problems.push(`${where} must be an array`);
    return [];
  }
  if (options.length > LIMITS.suggestionOptions) problems.push(`${where} must have at most ${LIMITS.suggestionOptions} items`);
  const seen = new Set<string>();
  options.forEach((o, i) => {
    if (!isObj(o)) return problems.push(`${where}/${i} must be an option object`);
    checkText(problems, o.text, LIMITS.optionText, `${where}/${i}/text`);
    if (typeof o.value !== 'string' || o.value === '') problems.push(`${where}/${i}/value is required`);
    else if (o.value.length > LIMITS.optionValue) problems.push(`${where}/${i}/value must be at most ${LIMITS.optionValue} characters`);
    else if (seen.has(o.value)) problems.push(`${where}/${i}/value is a duplicate`);
    else seen.add(o.value);
    if (o.description !== undefined) checkText(problems, o.description, LIMITS.optionDescription, `${where}/${i}/description`);
    return undefined;
  });
  return options.filter(isObj);
}

/** Checks an options answer as Slack does; returns the options to show, or problems. */
export function checkOptionsAnswer(body: unknown): { options: Obj[]; optionGroups?: { label: Obj; options: Obj[] }[]; problems: string[] } {
  const problems: string[] = [];
  if (!isObj(body)) return { options: [], problems: ['the answer is not a JSON object'] };
  const hasOptions = body.options !== undefined;
  const hasGroups = body.option_groups !== undefined;
  if (hasOptions && hasGroups) problems.push('give options or option_groups, not both');
  if (!hasOptions && !hasGroups) problems.push('the answer has neither options nor option_groups');
  if (hasOptions && !hasGroups) {
    const options = checkOptions(problems, body.options, '/options');
    return problems.length ? { options: [], problems } : { options, problems };
  }
  if (hasGroups && !hasOptions) {
    const groups = body.option_groups;
    if (!Array.isArray(groups)) return { options: [], problems: ['/option_groups must be an array'] };
    if (groups.length > LIMITS.optionGroups) problems.push(`/option_groups must have at most ${LIMITS.optionGroups} items`);
    const out: { label: Obj; options: Obj[] }[] = [];
    const values = new Set<string>();
    groups.forEach((g, i) => {
      if (!isObj(g)) return problems.push(`/option_groups/${i} must be an object`);
      checkText(problems, g.label, LIMITS.optionGroupLabel, `/option_groups/${i}/label`);
      const opts = checkOptions(problems, g.options, `/option_groups/${i}/options`);
      if (opts.length === 0) problems.push(`/option_groups/${i}/options must not be empty`);
      for (const o of opts) {
        if (typeof o.value === 'string' && values.has(o.value)) problems.push(`/option_groups/${i}: value ${o.value} is a duplicate`);
        if (typeof o.value === 'string') values.add(o.value);
      }
      out.push({ label: g.label as Obj, options: opts });
      return undefined;
    });
    return problems.length ? { options: [], problems } : { options: out.flatMap((g) => g.options), optionGroups: out, problems };
  }
  return { options: [], problems };
}

/** The options an external select offered (its initial options and what the app answered since). */
export function offeredOptions(view: Pick<StoredView, 'suggested'>, actionId: string, el: Obj): Obj[] {
  const initial = [el.initial_option, ...(Array.isArray(el.initial_options) ? el.initial_options : [])].filter(isObj);
  return [...initial, ...(view.suggested?.[actionId] ?? [])];
}

const EXTERNAL = new Set(['external_select', 'multi_external_select']);

export async function blockSuggestion(ctx: ActingContext, input: BlockSuggestionInput, sign: SignOptions = {}): Promise<BlockSuggestionResult> {
  const ws = ctx.ws;
  const u = ws.user(input.user);
  if (!u) throw new Error(`emulator: unknown user ${input.user}`);
  let blocks: unknown[];
  let view: StoredView | undefined;
  const payload: Obj = {
    type: 'block_suggestion',
    user: { id: u.id, username: u.name, name: u.name, team_id: ws.team.id },
    container: {},
    api_app_id: ws.bot.app_id,
    token: ctx.verificationToken,
    team: { id: ws.team.id, domain: ws.team.domain },
    enterprise: null,
    is_enterprise_install: false,
  };
  if (input.view !== undefined) {
    view = ws.view(input.view);
    if (!view || !ws.isViewOpen(view) || view.user !== input.user) throw new Error(`emulator: view ${input.view} is not open for ${input.user}`);
    blocks = view.blocks;
  } else {
    if (input.channel === undefined || input.message === undefined) throw new Error('emulator: blockSuggestion needs view, or channel and message');
    const msg = ws.findMessage(input.channel, input.message);
    if (!msg) throw new Error(`emulator: no message ${input.message} in ${input.channel}`);
    blocks = msg.blocks ?? [];
    payload.container = { type: 'message', message_ts: msg.ts, channel_id: input.channel, is_ephemeral: false };
    payload.channel = { id: input.channel, name: ws.conversation(input.channel)?.name ?? '' };
    payload.message = messageJson(ws, msg);
  }
  const found = findElement(blocks, input.actionId, input.blockId);
  if (!found) throw new Error(`emulator: no element with action_id ${input.actionId}`);
  if (!EXTERNAL.has(String(found.element.type))) throw new Error(`emulator: ${input.actionId} is a ${String(found.element.type)}, not an external select`);
  const min = typeof found.element.min_query_length === 'number' ? found.element.min_query_length : LIMITS.minQueryLengthDefault;
  if (input.value.length < min) return { sent: false, status: 0, options: [], problems: [] };
  if (view) {
    payload.container = { type: 'view', view_id: view.id };
    payload.view = viewJson(view);
  }
  Object.assign(payload, { action_id: input.actionId, block_id: found.blockId, value: input.value });
  const url = ctx.optionsUrl?.();
  const res = await sendSigned(ctx, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', { ...sign, ...(url ? { url } : {}) });
  if (res.status === 408) return { sent: true, status: 408, options: [], problems: ['no answer within 3 seconds'], payload };
  if (res.status !== 200) return { sent: true, status: res.status, options: [], problems: [`the options endpoint answered HTTP ${res.status}`], payload };
  const checked = checkOptionsAnswer(res.body);
  if (view && checked.problems.length === 0) {
    const kept = (view.suggested ??= {});
    const before = kept[input.actionId] ?? [];
    const byValue = new Map([...before, ...checked.options].map((o) => [String(o.value), o]));
    kept[input.actionId] = [...byValue.values()].slice(-1000);
  }
  return { sent: true, status: res.status, options: checked.options, ...(checked.optionGroups ? { optionGroups: checked.optionGroups } : {}), problems: checked.problems, payload };
}
