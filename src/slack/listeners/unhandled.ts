/**
 * Requests no listener handles are acknowledged at once instead of waiting out Bolt's 3 s (a button
 * from an old message, a link button, a view closed, a command the app no longer has). Logged at
 * debug level with the id only.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';

export interface Handled {
  actions: readonly (string | RegExp)[];
  views: readonly string[];
  commands: readonly string[];
  /** Action ids of external selects whose options (block_suggestion) a listener serves. */
  options?: readonly string[];
}

type Obj = Record<string, unknown>;

const matches = (id: string, m: string | RegExp) => (typeof m === 'string' ? m === id : m.test(id));

/** The id of a request no listener takes, or null when one does (or it is not an interaction or command). */
export function unhandledId(body: Obj, handled: Handled): string | null {
  if (body.type === 'block_actions') {
    const ids = (Array.isArray(body.actions) ? body.actions : []).map((a) => String((a as Obj).action_id));
    return ids.some((id) => handled.actions.some((m) => matches(id, m))) ? null : `action ${ids.join(',')}`;
  }
  if (body.type === 'view_submission') {
    const id = String((body.view as Obj | undefined)?.callback_id ?? '');
    return handled.views.includes(id) ? null : `view ${id}`;
  }
  if (body.type === 'block_suggestion' && typeof body.action_id === 'string' && (handled.options ?? []).includes(body.action_id)) return null;
  if (body.type === 'view_closed' || body.type === 'block_suggestion' || body.type === 'shortcut' || body.type === 'message_action') {
    return `${String(body.type)} ${String(body.callback_id ?? (body.view as Obj | undefined)?.callback_id ?? '')}`;
  }
  if (typeof body.command === 'string') return handled.commands.includes(body.command) ? null : `command ${body.command}`;
  return null;
}

export function ackUnhandled(deps: SlackDeps, handled: Handled): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const id = unhandledId(args.body as unknown as Obj, handled);
    if (id === null || !('ack' in args) || typeof args.ack !== 'function') return args.next();
    deps.logger.debug({ id }, 'no listener for this request; acknowledged');
    await (args.ack as () => Promise<void>)();
  };
}
