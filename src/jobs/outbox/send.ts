/**
 * The Web API calls for one claimed row: each under the rate limiter and the row's lease (429s pause
 * the workspace+method and try again), the channel a message goes to, and the send itself.
 */
import { WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import type { ClaimedOutboxRow } from '../../store/outbox.js';
import { isUserId, type WorkerContext } from './context.js';
import { LeaseLost, Released } from './errors.js';
import type { Lease } from './lease.js';

export interface RowCalls {
  /** One Web API call under the limiter; 429s pause the method and try again. */
  call(method: string, args: Record<string, unknown>, channel?: string): Promise<Record<string, unknown>>;
  /** The channel id the message goes (went) to. */
  openChannel(): Promise<string>;
}

function usersOf(payload: Record<string, unknown>): string {
  const u = payload.users;
  return Array.isArray(u) ? u.map(String).join(',') : String(u ?? '');
}

/** The Web API arguments of a payload: our own bookkeeping (`_meta`) stays home. */
function argsOf(payload: Record<string, unknown>): Record<string, unknown> {
  const { _meta: _m, users: _u, ...args } = payload;
  return args;
}

export function rowCalls(ctx: WorkerContext, row: ClaimedOutboxRow, lease: Lease): RowCalls {
  const { clock, limiter, leaseMs, log } = ctx;
  // Looked up once per row, when its first call is made (OAuth mode reads the installation).
  let client: Promise<WebClient> | undefined;
  const payload = row.payload;
  const call: RowCalls['call'] = async (method, args, channel) => {
    for (let n = 0; ; n++) {
      await limiter.acquire(row.workspace_id, method, channel, async (waitMs) => {
        const needed = clock.now().getTime() + waitMs + 5_000;
        if (needed > lease.held().getTime()) await lease.renew(needed + leaseMs);
      });
      if (ctx.stopping()) throw new Released();
      await lease.settled();
      if (lease.lost()) throw new LeaseLost();
      try {
        client ??= Promise.resolve(ctx.clientFor(row.workspace_id));
        return (await (await client).apiCall(method, args)) as unknown as Record<string, unknown>;
      } catch (err) {
        if (err instanceof WebAPIRateLimitedError && n < ctx.max429) {
          log.debug({ method, retryAfter: err.retryAfter, workspace: row.workspace_id }, 'rate limited by Slack; pausing');
          limiter.pause(row.workspace_id, method, Math.max(1, err.retryAfter) * 1000);
          continue;
        }
        throw err;
      }
    }
  };
  const openChannel = async (): Promise<string> => {
    if (row.method === 'conversations.open+chat.postMessage') {
      const r = await call('conversations.open', { users: usersOf(payload) });
      return String((r.channel as { id?: string } | undefined)?.id ?? '');
    }
    const channel = String(payload.channel ?? row.channel_key);
    if (!isUserId(channel)) return channel;
    const r = await call('conversations.open', { users: channel });
    return String((r.channel as { id?: string } | undefined)?.id ?? '');
  };
  return { call, openChannel };
}

/** Sends the row's message; returns what is recorded as its result (ts and channel). */
export async function sendRow(calls: RowCalls, row: ClaimedOutboxRow): Promise<Record<string, unknown>> {
  const payload = row.payload;
  if (row.method === 'conversations.open+chat.postMessage') {
    const channel = await calls.openChannel();
    const r = await calls.call('chat.postMessage', { ...argsOf(payload), channel }, channel);
    return { ts: r.ts, channel: r.channel ?? channel };
  }
  if (row.method === 'chat.postMessage') {
    const args = argsOf(payload);
    const r = await calls.call('chat.postMessage', args, String(args.channel ?? row.channel_key));
    return { ts: r.ts, channel: r.channel };
  }
  const r = await calls.call(row.method, argsOf(payload));
  return { ts: r.ts ?? null, channel: r.channel ?? null };
}
